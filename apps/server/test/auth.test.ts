import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN, createTestApp, describeEachDatabase, type TestApp } from './helpers/create-test-app.js';

describeEachDatabase('authentication and authorization', (db) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ db, env: { SIGN_IN_ATTEMPTS_PER_15_MIN: '5' } });
  });
  afterAll(() => t?.close());

  it('refuses every agent route without a session or token', async () => {
    const anonymous = t.client();
    for (const [method, path] of [['GET', '/api/v1/tickets'], ['POST', '/api/v1/tickets'], ['GET', '/api/v1/agents'], ['POST', '/api/v1/tickets/to-solve']] as const) {
      const res = await anonymous.request(method, path, method === 'POST' ? {} : undefined);
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.body.error.code).toBe('auth/required');
    }
  });

  it('signs in with an httpOnly SameSite cookie and refuses cookie writes without the CSRF token', async () => {
    const client = t.client();
    const res = await client.signIn(ADMIN.email, ADMIN.password);
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(res.body.agent).toMatchObject({ email: ADMIN.email, role: 'administrator' });
    expect(res.body.agent.passwordHash).toBeUndefined();
    const token = client.csrfToken;
    client.csrfToken = null;
    const write = await client.post('/api/v1/departments', { name: 'No CSRF' });
    expect(write.status).toBe(403);
    expect(write.body.error.code).toBe('auth/csrf_failed');
    const wrong = await client.post('/api/v1/departments', { name: 'Wrong CSRF' }, { 'x-csrf-token': 'x'.repeat(43) });
    expect(wrong.body.error.code).toBe('auth/csrf_failed');
    client.csrfToken = token;
    expect((await client.post('/api/v1/departments', { name: 'With CSRF' })).status).toBe(201);
    expect((await client.post('/api/v1/auth/sign-out')).status).toBe(200);
    expect((await client.get('/api/v1/auth/session')).status).toBe(401);
  });

  it('refuses wrong passwords alike for unknown accounts, and rate-limits guessing', async () => {
    const client = t.client();
    const wrong = await client.signIn(ADMIN.email, 'not the password');
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('auth/invalid_credentials');
    const unknown = await client.signIn('nobody@parley.test', 'whatever');
    expect(unknown.body.error.code).toBe('auth/invalid_credentials');
    let limited = null;
    for (let i = 0; i < 6 && !limited; i++) {
      const res = await client.signIn('victim@parley.test', `guess ${i}`);
      if (res.status === 429) limited = res;
    }
    expect(limited?.body.error.code).toBe('auth/rate_limited');
  });

  it('gives API tokens the same authorization as their agent, and revokes them', async () => {
    const support = await t.department('Token Support');
    const agent = await t.agent({ departmentIds: [support] });
    const created = await agent.http.post('/api/v1/api-tokens', { name: 'my script' });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^prl_/);
    const api = t.client().withToken(created.body.token);
    expect((await api.get('/api/v1/tickets')).status).toBe(200);
    // No CSRF for bearer tokens, but the same role: an agent's token is not an administrator's.
    const admin = await api.post('/api/v1/departments', { name: 'Nope' });
    expect(admin.status).toBe(403);
    expect(admin.body.error.code).toBe('auth/forbidden');
    const listed = await agent.http.get('/api/v1/api-tokens');
    expect(listed.body.items).toEqual([expect.objectContaining({ name: 'my script' })]);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.token);
    expect((await agent.http.delete(`/api/v1/api-tokens/${created.body.id}`)).status).toBe(200);
    expect((await api.get('/api/v1/tickets')).status).toBe(401);
  });

  it('changes the own password, signing out every other session', async () => {
    const support = await t.department('Password');
    const agent = await t.agent({ departmentIds: [support] });
    const otherDevice = t.client();
    expect((await otherDevice.signIn(agent.email, 'agent password 123')).status).toBe(200);
    const wrong = await agent.http.put('/api/v1/auth/password', { currentPassword: 'nope', newPassword: 'a brand new password' });
    expect(wrong.body.error.code).toBe('auth/invalid_credentials');
    expect((await agent.http.put('/api/v1/auth/password', { currentPassword: 'agent password 123', newPassword: 'short' })).status).toBe(400);
    expect((await agent.http.put('/api/v1/auth/password', { currentPassword: 'agent password 123', newPassword: 'a brand new password' })).status).toBe(200);
    expect((await agent.http.get('/api/v1/auth/session')).status).toBe(200);
    expect((await otherDevice.get('/api/v1/auth/session')).status).toBe(401);
    expect((await t.client().signIn(agent.email, 'agent password 123')).status).toBe(401);
    expect((await t.client().signIn(agent.email, 'a brand new password')).status).toBe(200);
  });

  it('serves the OpenAPI document and its docs page', async () => {
    const doc = await t.client().get('/api/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toContain('/api/v1/tickets/{id}/replies');
    const page = await t.client().get('/api/docs');
    expect(page.status).toBe(200);
    expect(page.body).toContain('swagger-ui-bundle.js');
    expect((await t.client().get('/api/docs/assets/swagger-ui-bundle.js')).status).toBe(200);
  });
});

describeEachDatabase('first start without an administrator', (db) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ db, withAdmin: false });
  });
  afterAll(() => t?.close());

  it('creates the first administrator once, through the one-time setup token', async () => {
    expect(t.app.setupToken).toMatch(/^setup_/);
    const client = t.client();
    const bad = await client.post('/api/v1/auth/setup', { token: 'setup_wrong_token_value_here', name: 'Eve', email: 'eve@x.io', password: 'eve password 123' });
    expect(bad.status).toBe(403);
    const ok = await client.post('/api/v1/auth/setup', { token: t.app.setupToken, name: 'Olga Owner', email: 'owner@parley.test', password: 'owner password 123' });
    expect(ok.status).toBe(201);
    expect(ok.body.agent.role).toBe('administrator');
    const again = await t.client().post('/api/v1/auth/setup', { token: t.app.setupToken, name: 'Eve', email: 'eve@x.io', password: 'eve password 123' });
    expect(again.status).toBe(403);
    expect(again.body.error.code).toBe('auth/setup_token_invalid');
  });
});
