import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, describeEachDatabase, postgresServerUrl, type TestApp } from './helpers/create-test-app.js';

/**
 * Audit finding: ten wrong passwords from anywhere locked the real owner out for 15 minutes. Now guesses are
 * counted per account and address (10 / 15 min), and per account over an hour (here 15, by default 100) for
 * guessing spread over many addresses, from which the owner's known device is exempt.
 */
describeEachDatabase('sign-in limits that a stranger cannot use to lock the owner out', (db) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ db, env: { SIGN_IN_ATTEMPTS_PER_15_MIN: '10', SIGN_IN_ATTEMPTS_PER_ACCOUNT_PER_HOUR: '15' } });
  });
  afterAll(() => t?.close());

  // TRUST_PROXY is loopback by default, so the tests choose their address with X-Forwarded-For.
  const signInFrom = (ip: string, password: string, cookie?: string) => {
    const client = t.client();
    if (cookie) client.cookie = cookie;
    return client.post('/api/v1/auth/sign-in', { email: ADMIN.email, password }, { 'x-forwarded-for': ip });
  };
  const deviceCookieOf = (res: { headers: Headers }) => res.headers.getSetCookie().find((c) => c.startsWith('parley_device='))!;

  it('sets a signed, httpOnly, long-lived known-device cookie on a successful sign-in', async () => {
    const res = await signInFrom('198.51.100.7', ADMIN.password);
    expect(res.status).toBe(200);
    const cookie = deviceCookieOf(res);
    expect(cookie).toMatch(/^parley_device=pkd1\.[0-9a-z]+\.[0-9a-z]+\.[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Max-Age=31536000/);
  });

  it('the attacker from address A is refused after 10 failures; the owner from address B still signs in', async () => {
    for (let i = 0; i < 10; i++) expect((await signInFrom('203.0.113.1', `guess ${i}`)).status).toBe(401);
    const refused = await signInFrom('203.0.113.1', `guess 11`);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: 'auth/rate_limited', details: { limit: 'account_address', retryAfterSeconds: expect.any(Number) } });
    // Even the right password from A waits: A cannot learn whether a guess was right.
    expect((await signInFrom('203.0.113.1', ADMIN.password)).status).toBe(429);
    expect((await signInFrom('192.0.2.50', ADMIN.password)).status).toBe(200);
  });

  it('guessing spread over many addresses hits the account-wide limit, which the owner\'s known device passes', async () => {
    const owner = await signInFrom('192.0.2.60', ADMIN.password);
    const device = deviceCookieOf(owner).split(';')[0]!;
    // 10 failures so far this hour (from A); five more addresses make the account-wide 15.
    for (let i = 0; i < 5; i++) expect((await signInFrom(`203.0.113.${10 + i}`, 'wrong')).status).toBe(401);
    const spread = await signInFrom('203.0.113.99', 'wrong');
    expect(spread.status).toBe(429);
    expect(spread.body.error.details.limit).toBe('account');
    // Without the cookie, even the owner is held by the account-wide limit; with it, they sign in.
    expect((await signInFrom('192.0.2.61', ADMIN.password)).status).toBe(429);
    const known = await signInFrom('192.0.2.61', ADMIN.password, device);
    expect(known.status).toBe(200);
    expect(known.body.agent.email).toBe(ADMIN.email);
    // The known device still needs the password, and a forged or another account's cookie is no device.
    expect((await signInFrom('192.0.2.62', 'wrong', device)).status).toBe(401);
    const forged = `${device.slice(0, -4)}AAAA`;
    expect((await signInFrom('192.0.2.63', ADMIN.password, forged)).status).toBe(429);
  });
});

describeEachDatabase('sign-in limits count an IPv6 client by its /64', (db) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ db, env: { SIGN_IN_ATTEMPTS_PER_15_MIN: '10' } });
  });
  afterAll(() => t?.close());

  it('an attacker hopping addresses within one /64 is refused like one address; another /64 is not', async () => {
    const from = (ip: string, password: string) => t.client().post('/api/v1/auth/sign-in', { email: ADMIN.email, password }, { 'x-forwarded-for': ip });
    for (let i = 1; i <= 10; i++) expect((await from(`2001:db8:7:7::${i.toString(16)}`, 'wrong')).status).toBe(401);
    const refused = await from('2001:db8:7:7:ffff::1', 'wrong');
    expect(refused.status).toBe(429);
    expect(refused.body.error.details.limit).toBe('account_address');
    expect((await from('2001:db8:7:8::1', ADMIN.password)).status).toBe(200);
  });
});

const redisUrl = process.env.REDIS_URL_FOR_TESTS ?? null;

/** Two instances, one PostgreSQL, one Redis and one secret: the counts and the known device hold across them. */
describe.skipIf(!postgresServerUrl || !redisUrl)('sign-in limits across instances [postgresql + redis]', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    const env = {
      REDIS_URL: redisUrl!,
      REDIS_KEY_PREFIX: `parley-test-sign-in-${process.pid}-${Date.now()}`,
      VISITOR_TOKEN_SECRET: 'the installation-wide secret, thirty-two characters or more',
      SIGN_IN_ATTEMPTS_PER_15_MIN: '3',
      SIGN_IN_ATTEMPTS_PER_ACCOUNT_PER_HOUR: '5',
    };
    a = await createTestApp({ db: 'postgresql', env });
    b = await createTestApp({ db: 'postgresql', env, sameDatabaseAs: a });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const signIn = (app: TestApp, ip: string, password: string, cookie?: string) => {
    const client = app.client();
    if (cookie) client.cookie = cookie;
    return client.post('/api/v1/auth/sign-in', { email: ADMIN.email, password }, { 'x-forwarded-for': ip });
  };

  it('counts an address\'s guesses on every instance, and honours a known device issued by another', async () => {
    const owner = await signIn(a, '192.0.2.1', ADMIN.password);
    const device = owner.headers.getSetCookie().find((c) => c.startsWith('parley_device='))!.split(';')[0]!;
    for (const app of [a, b, a]) expect((await signIn(app, '203.0.113.1', 'wrong')).status).toBe(401);
    expect((await signIn(b, '203.0.113.1', 'wrong')).body.error.details.limit).toBe('account_address');
    for (const ip of ['203.0.113.2', '203.0.113.3']) expect((await signIn(b, ip, 'wrong')).status).toBe(401);
    expect((await signIn(a, '203.0.113.4', 'wrong')).body.error.details.limit).toBe('account');
    expect((await signIn(b, '192.0.2.2', ADMIN.password)).status).toBe(429);
    expect((await signIn(b, '192.0.2.2', ADMIN.password, device)).status).toBe(200);
  });
});
