import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, describeEachDatabase, MutableClock, type TestApp } from '../helpers/create-test-app.js';
import { connectAgent } from '../helpers/sockets.js';

const PASSWORD = 'agent password 123';

describeEachDatabase('two-factor sign-in', (db) => {
  let t: TestApp;
  const clock = new MutableClock(new Date('2026-12-03T08:00:00Z'));

  beforeAll(async () => {
    t = await createTestApp({ db, clock });
  });
  afterAll(() => t?.close());

  /** The code an authenticator app shows now (by the server's clock), as a person would read it. */
  const codeFor = (secret: string) => new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate({ timestamp: clock.now().getTime() });
  const nextStep = () => clock.advance(30_000);

  async function enrolled() {
    const agent = await t.agent({});
    const started = await agent.http.post('/api/v1/auth/two-factor/enrolment');
    expect(started.status).toBe(201);
    expect(started.body.uri).toMatch(new RegExp(`^otpauth://totp/Parley:${encodeURIComponent(agent.email).replace(/\./g, '\\.')}\\?`));
    const secret = started.body.secret as string;
    const confirmed = await agent.http.post('/api/v1/auth/two-factor/enrolment/confirm', { code: codeFor(secret) });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.recoveryCodes).toHaveLength(10);
    return { ...agent, secret, recoveryCodes: confirmed.body.recoveryCodes as string[] };
  }

  it('enrols only with a right code from the app', async () => {
    const agent = await t.agent({});
    expect((await agent.http.get('/api/v1/auth/two-factor')).body).toEqual({ enabled: false, required: false, enrolmentRequired: false, recoveryCodesLeft: 0 });
    const started = await agent.http.post('/api/v1/auth/two-factor/enrolment');
    const wrong = await agent.http.post('/api/v1/auth/two-factor/enrolment/confirm', { code: '000000' === codeFor(started.body.secret) ? '111111' : '000000' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('auth/two_factor_invalid');
    expect((await agent.http.get('/api/v1/auth/two-factor')).body.enabled).toBe(false);
    expect((await t.client().post('/api/v1/auth/sign-in', { email: agent.email, password: PASSWORD })).body.agent.email).toBe(agent.email);
  });

  it('asks for the code after the password, with no session until then; a code works once', async () => {
    const agent = await enrolled();
    expect((await agent.http.get('/api/v1/auth/two-factor')).body).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });
    expect((await agent.http.post('/api/v1/auth/two-factor/enrolment')).status).toBe(409);

    nextStep();
    const browser = t.client();
    const first = await browser.post('/api/v1/auth/sign-in', { email: agent.email, password: PASSWORD });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ twoFactorRequired: true, pendingToken: expect.stringMatching(/^pending_/), expiresAt: '2026-12-03T08:05:30.000Z' });
    expect(first.headers.get('set-cookie')).toBeNull();
    expect((await browser.get('/api/v1/auth/session')).status).toBe(401);

    const wrong = await browser.post('/api/v1/auth/sign-in/two-factor', { pendingToken: first.body.pendingToken, code: '123456' === codeFor(agent.secret) ? '654321' : '123456' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('auth/two_factor_invalid');
    const code = codeFor(agent.secret);
    const done = await browser.post('/api/v1/auth/sign-in/two-factor', { pendingToken: first.body.pendingToken, code });
    expect(done.status).toBe(200);
    expect(done.body.agent.email).toBe(agent.email);
    browser.csrfToken = done.body.csrfToken;
    expect((await browser.get('/api/v1/auth/session')).status).toBe(200);
    // The pending token is spent, and the same code cannot sign in again (no replay within its 30 seconds).
    expect((await t.client().post('/api/v1/auth/sign-in/two-factor', { pendingToken: first.body.pendingToken, code })).body.error.code).toBe('auth/two_factor_pending_invalid');
    const again = await t.client().post('/api/v1/auth/sign-in', { email: agent.email, password: PASSWORD });
    expect((await t.client().post('/api/v1/auth/sign-in/two-factor', { pendingToken: again.body.pendingToken, code })).body.error.code).toBe('auth/two_factor_invalid');
  });

  it('takes each recovery code once, however it is typed', async () => {
    const agent = await enrolled();
    const [recovery] = agent.recoveryCodes;
    const signIn = async () => (await t.client().post('/api/v1/auth/sign-in', { email: agent.email, password: PASSWORD })).body.pendingToken as string;
    const used = await t.client().post('/api/v1/auth/sign-in/two-factor', { pendingToken: await signIn(), code: ` ${recovery!.toUpperCase()} ` });
    expect(used.status).toBe(200);
    const reused = await t.client().post('/api/v1/auth/sign-in/two-factor', { pendingToken: await signIn(), code: recovery });
    expect(reused.body.error.code).toBe('auth/two_factor_invalid');
    expect((await agent.http.get('/api/v1/auth/two-factor')).body.recoveryCodesLeft).toBe(9);
  });

  it('ends a pending sign-in after five wrong codes, and when it lapses', async () => {
    const agent = await enrolled();
    const pending = (await t.client().post('/api/v1/auth/sign-in', { email: agent.email, password: PASSWORD })).body.pendingToken as string;
    const wrong = codeFor(agent.secret) === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) expect((await t.client().post('/api/v1/auth/sign-in/two-factor', { pendingToken: pending, code: wrong })).body.error.code).toBe('auth/two_factor_invalid');
    const sixth = await t.client().post('/api/v1/auth/sign-in/two-factor', { pendingToken: pending, code: codeFor(agent.secret) });
    expect(sixth.body.error.code).toBe('auth/two_factor_pending_invalid');

    const late = (await t.client().post('/api/v1/auth/sign-in', { email: agent.email, password: PASSWORD })).body.pendingToken as string;
    clock.advance(6 * 60_000);
    expect((await t.client().post('/api/v1/auth/sign-in/two-factor', { pendingToken: late, code: codeFor(agent.secret) })).body.error.code).toBe('auth/two_factor_pending_invalid');
  });

  it('a password reset still asks for the code before signing in', async () => {
    const agent = await enrolled();
    const link = await t.admin.post(`/api/v1/agents/${agent.id}/password-reset`);
    const token = new URL(link.body.url).searchParams.get('token')!;
    const reset = t.client();
    const res = await reset.post('/api/v1/auth/reset-password', { token, password: 'a new password 42' });
    expect(res.status).toBe(200);
    expect(res.body.twoFactorRequired).toBe(true);
    expect((await reset.get('/api/v1/auth/session')).status).toBe(401);
    nextStep();
    expect((await reset.post('/api/v1/auth/sign-in/two-factor', { pendingToken: res.body.pendingToken, code: codeFor(agent.secret) })).status).toBe(200);
  });

  it('turns off only with the password and a code', async () => {
    const agent = await enrolled();
    nextStep();
    expect((await agent.http.post('/api/v1/auth/two-factor/disable', { password: 'not my password', code: codeFor(agent.secret) })).body.error.code).toBe('auth/invalid_credentials');
    expect((await agent.http.post('/api/v1/auth/two-factor/disable', { password: PASSWORD, code: '999999' === codeFor(agent.secret) ? '888888' : '999999' })).body.error.code).toBe('auth/two_factor_invalid');
    expect((await agent.http.post('/api/v1/auth/two-factor/disable', { password: PASSWORD, code: codeFor(agent.secret) })).status).toBe(200);
    expect((await agent.http.get('/api/v1/auth/two-factor')).body).toMatchObject({ enabled: false, recoveryCodesLeft: 0 });
    expect((await t.client().post('/api/v1/auth/sign-in', { email: agent.email, password: PASSWORD })).body.agent.email).toBe(agent.email);
  });

  it('an administrator can require it: agents without it are told to enrol, and it cannot be turned off', async () => {
    const agent = await t.agent({});
    expect((await agent.http.put('/api/v1/settings/security', { requireTwoFactor: true })).status).toBe(403);
    expect((await t.admin.put('/api/v1/settings/security', { requireTwoFactor: true })).body).toEqual({ requireTwoFactor: true });
    expect((await t.admin.get('/api/v1/settings/security')).body).toEqual({ requireTwoFactor: true });
    expect((await agent.http.get('/api/v1/auth/two-factor')).body).toMatchObject({ required: true, enrolmentRequired: true });
    // Enforced by the server, not only by the console: nothing but the own session's endpoints, and no socket.
    const refused = await agent.http.get('/api/v1/tickets');
    expect(refused.body.error.code).toBe('auth/two_factor_required');
    expect((await agent.http.get('/api/v1/auth/sessions')).status).toBe(200);
    const socketRefusal = await connectAgent(t.baseUrl, { http: agent.http }).then(
      (socket) => {
        socket.close();
        return null;
      },
      (error: Error & { data?: { code?: string } }) => error.data?.code,
    );
    expect(socketRefusal).toBe('auth/two_factor_required');
    const on = await enrolled();
    expect((await on.http.get('/api/v1/auth/two-factor')).body).toMatchObject({ required: true, enrolmentRequired: false });
    expect((await on.http.get('/api/v1/tickets')).status).toBe(200);
    (await connectAgent(t.baseUrl, { http: on.http })).close();
    nextStep();
    expect((await on.http.post('/api/v1/auth/two-factor/disable', { password: PASSWORD, code: codeFor(on.secret) })).body.error.code).toBe('auth/two_factor_required');
    await t.admin.put('/api/v1/settings/security', { requireTwoFactor: false });
  });
});
