import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createTestApp, describeEachDatabase, MutableClock, type TestApp } from './helpers/create-test-app.js';

const HOUR = 3_600_000;

describeEachDatabase('agent invitations', (db) => {
  let t: TestApp;
  const start = new Date('2026-11-23T10:00:00Z');
  const clock = new MutableClock(start);
  let invites = 0;

  beforeAll(async () => {
    t = await createTestApp({ db, clock, env: { PUBLIC_URL: 'https://help.example.test' } });
  });
  afterAll(() => t?.close());
  // Time moves back after each test, so the administrator's session outlives them all.
  afterEach(() => clock.set(start));

  async function invite(extra: Record<string, unknown> = {}) {
    const email = `invitee${++invites}@parley.test`;
    const res = await t.admin.post('/api/v1/agents', { name: `Invitee ${invites}`, email, ...extra });
    expect(res.status).toBe(201);
    return { res, email, token: tokenOf(res.body.invitationUrl) };
  }
  const tokenOf = (url: string) => new URL(url).searchParams.get('token')!;
  const accept = (token: string, body: Record<string, unknown> = {}) =>
    t.client().post('/api/v1/auth/accept-invitation', { token, password: 'my own password 1', ...body });

  it('invites without a password: the link works once and signs the agent in', async () => {
    const support = await t.department('Invited Support');
    const { res, email, token } = await invite({ role: 'agent', departmentIds: [support], locale: 'lv' });
    expect(res.body).toMatchObject({ email, invitationPending: true, departmentIds: [support], locale: 'lv' });
    expect(res.body.invitationExpiresAt).toBe('2026-11-30T10:00:00.000Z');
    expect(res.body.invitationUrl).toMatch(/^https:\/\/help\.example\.test\/invite\?token=invite_[\w-]{43}$/);
    const listed = await t.admin.get('/api/v1/agents');
    expect(listed.body.items.find((a: { email: string }) => a.email === email)).toMatchObject({ invitationPending: true });
    expect(JSON.stringify(listed.body)).not.toContain(token);

    const invitee = t.client();
    const accepted = await invitee.post('/api/v1/auth/accept-invitation', { token, password: 'my own password 1', name: 'Līga Ozola' });
    expect(accepted.status).toBe(200);
    expect(accepted.headers.get('set-cookie')).toMatch(/^parley_session=.+HttpOnly/i);
    expect(accepted.body.agent).toMatchObject({ email, name: 'Līga Ozola', invitationPending: false, locale: 'lv' });
    invitee.csrfToken = accepted.body.csrfToken;
    expect((await invitee.get('/api/v1/auth/session')).body.agent.email).toBe(email);
    expect((await invitee.patch('/api/v1/me', { availability: 'away' })).status).toBe(200);

    const again = await accept(token, { password: 'someone elses pass' });
    expect(again.status).toBe(403);
    expect(again.body.error.code).toBe('auth/invitation_invalid');
    expect((await t.client().signIn(email, 'my own password 1')).status).toBe(200);
    const reissue = await t.admin.post(`/api/v1/agents/${accepted.body.agent.id}/invitation`);
    expect(reissue.status).toBe(409);
    expect(reissue.body.error.code).toBe('agent/invitation_not_pending');
  });

  it('refuses an unknown link and a lapsed one', async () => {
    const unknown = await accept('invite_this_token_does_not_exist_anywhere');
    expect(unknown.status).toBe(403);
    expect(unknown.body.error.code).toBe('auth/invitation_invalid');
    const { token } = await invite();
    clock.advance(7 * 24 * HOUR);
    const lapsed = await accept(token);
    expect(lapsed.status).toBe(403);
    expect(lapsed.body.error.code).toBe('auth/invitation_invalid');
  });

  it('honours INVITATION_TTL_HOURS', async () => {
    const short = await createTestApp({ db, clock, env: { INVITATION_TTL_HOURS: '2' } });
    try {
      const made = await short.admin.post('/api/v1/agents', { name: 'Brief', email: 'brief@parley.test' });
      clock.advance(2 * HOUR - 1000);
      const inTime = await short.client().post('/api/v1/auth/accept-invitation', { token: tokenOf(made.body.invitationUrl), password: 'my own password 1' });
      expect(inTime.status).toBe(200);
      const late = await short.admin.post('/api/v1/agents', { name: 'Late', email: 'late@parley.test' });
      clock.advance(2 * HOUR);
      const refused = await short.client().post('/api/v1/auth/accept-invitation', { token: tokenOf(late.body.invitationUrl), password: 'my own password 1' });
      expect(refused.body.error.code).toBe('auth/invitation_invalid');
    } finally {
      await short.close();
    }
  });

  it('re-issues a link, which invalidates the old one, also after the old one lapsed', async () => {
    const { res, token: old } = await invite();
    clock.advance(8 * 24 * HOUR);
    const fresh = await t.admin.post(`/api/v1/agents/${res.body.id}/invitation`);
    expect(fresh.status).toBe(201);
    expect(fresh.body.agent).toMatchObject({ id: res.body.id, invitationPending: true });
    expect(fresh.body.invitationExpiresAt).toBe('2026-12-08T10:00:00.000Z');
    const token = tokenOf(fresh.body.invitationUrl);
    expect(token).not.toBe(old);
    const third = await t.admin.post(`/api/v1/agents/${res.body.id}/invitation`);
    expect((await accept(old)).body.error.code).toBe('auth/invitation_invalid');
    expect((await accept(token)).body.error.code).toBe('auth/invitation_invalid');
    expect((await accept(tokenOf(third.body.invitationUrl))).status).toBe(200);
  });

  it('lets only administrators invite and re-issue', async () => {
    const { res } = await invite();
    const agent = await t.agent({});
    const created = await agent.http.post('/api/v1/agents', { name: 'Sneaky', email: 'sneaky@parley.test' });
    expect(created.status).toBe(403);
    expect(created.body.error.code).toBe('auth/forbidden');
    const reissued = await agent.http.post(`/api/v1/agents/${res.body.id}/invitation`);
    expect(reissued.status).toBe(403);
    expect(reissued.body.error.code).toBe('auth/forbidden');
    expect((await t.client().post(`/api/v1/agents/${res.body.id}/invitation`)).status).toBe(401);
    expect((await t.admin.post('/api/v1/agents/999999/invitation')).status).toBe(404);
  });

  it('an invited agent cannot sign in with any password before accepting', async () => {
    const { email } = await invite();
    for (const password of ['', '!invited', 'my own password 1', 'x'.repeat(12)]) {
      const res = await t.client().signIn(email, password);
      expect(res.status, JSON.stringify(password)).not.toBe(200);
    }
    const res = await t.client().signIn(email, 'some guess here');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('auth/invalid_credentials');
  });

  it('refuses the invitation of a deactivated agent, and re-issuing it', async () => {
    const { res, token } = await invite();
    expect((await t.admin.patch(`/api/v1/agents/${res.body.id}`, { active: false })).status).toBe(200);
    expect((await accept(token)).body.error.code).toBe('auth/invitation_invalid');
    expect((await t.admin.post(`/api/v1/agents/${res.body.id}/invitation`)).body.error.code).toBe('agent/inactive');
    expect((await t.admin.patch(`/api/v1/agents/${res.body.id}`, { active: true })).status).toBe(200);
    expect((await accept(token)).status).toBe(200);
  });

  it('still adds agents with a password (API compatibility), who are not pending', async () => {
    const res = await t.admin.post('/api/v1/agents', { name: 'Direct', email: 'direct@parley.test', password: 'direct password 1' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ invitationPending: false, invitationUrl: null, invitationExpiresAt: null });
    expect((await t.client().signIn('direct@parley.test', 'direct password 1')).status).toBe(200);
    expect((await t.admin.post(`/api/v1/agents/${res.body.id}/invitation`)).body.error.code).toBe('agent/invitation_not_pending');
  });

  it('validates the acceptance strictly', async () => {
    const { token } = await invite();
    expect((await accept(token, { password: 'short' })).status).toBe(400);
    expect((await accept(token, { role: 'administrator' })).status).toBe(400);
    expect((await accept(token)).status).toBe(200);
  });
});

describeEachDatabase('agent invitations are rate-limited', (db) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ db, env: { SIGN_IN_ATTEMPTS_PER_15_MIN: '3' } });
  });
  afterAll(() => t?.close());

  it('like sign-in', async () => {
    let limited = null;
    for (let i = 0; i < 40 && !limited; i++) {
      const res = await t.client().post('/api/v1/auth/accept-invitation', { token: `invite_guess_number_${i}_padding`, password: 'my own password 1' });
      if (res.status === 429) limited = res;
      else expect(res.body.error.code).toBe('auth/invitation_invalid');
    }
    expect(limited?.body.error.code).toBe('auth/rate_limited');
  });
});
