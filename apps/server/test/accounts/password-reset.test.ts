import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { parseEmail } from '../../src/modules/email/parse-email.js';
import { createTestApp, describeEachDatabase, MutableClock, type TestApp } from '../helpers/create-test-app.js';
import { freePort, type ReceivedMail, startSmtpReceiver } from '../helpers/smtp-receiver.js';
import { connectAgent } from '../helpers/sockets.js';

const NEW_PASSWORD = 'a brand new password';

describeEachDatabase('password reset', (db) => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  const start = new Date('2026-12-01T10:00:00Z');
  const clock = new MutableClock(start);

  beforeAll(async () => {
    const port = await freePort();
    smtp = await startSmtpReceiver(port);
    t = await createTestApp({ db, clock, env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Parley <help@parley.test>', PUBLIC_URL: 'https://help.example.test' } });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });
  afterEach(() => clock.set(start));

  const mailsTo = (email: string) => smtp.mails.filter((m) => m.to.includes(email.toLowerCase()));
  const settle = () => new Promise((resolve) => setTimeout(resolve, 400));
  async function linkIn(mail: ReceivedMail): Promise<string> {
    const parsed = await parseEmail(Buffer.from(mail.raw));
    const match = /https:\/\/help\.example\.test\/reset-password\?token=([\w%-]+)/.exec(parsed.text ?? '');
    if (!match) throw new Error(`no reset link in: ${parsed.text}`);
    return decodeURIComponent(match[1]!);
  }
  async function requestLink(email: string): Promise<string> {
    const before = mailsTo(email).length;
    const res = await t.client().post('/api/v1/auth/password-reset', { email });
    expect(res.status).toBe(202);
    await expect.poll(() => mailsTo(email).length).toBe(before + 1);
    return linkIn(mailsTo(email).at(-1)!);
  }

  it('mails a one-time link; using it ends every session, token and connection of the agent and signs in', async () => {
    const agent = await t.agent({ name: 'Rita Reset' });
    const apiToken = (await agent.http.post('/api/v1/api-tokens', { name: 'script' })).body.token as string;
    const socket = await connectAgent(t.baseUrl, { http: agent.http });
    const ended = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));

    const token = await requestLink(agent.email.toUpperCase());
    const mail = await parseEmail(Buffer.from(mailsTo(agent.email).at(-1)!.raw));
    expect(mail.subject).toBe('Reset your Parley password');
    expect(mail.text).toContain('Hello Rita Reset');

    const browser = t.client();
    const reset = await browser.post('/api/v1/auth/reset-password', { token, password: NEW_PASSWORD });
    expect(reset.status).toBe(200);
    expect(reset.headers.get('set-cookie')).toMatch(/^parley_session=.+HttpOnly/i);
    expect(reset.body.agent.email).toBe(agent.email);
    expect((await browser.get('/api/v1/auth/session')).status).toBe(200);

    await expect(Promise.race([ended, new Promise((_, reject) => setTimeout(() => reject(new Error('socket stayed open')), 2000))])).resolves.toBeTruthy();
    expect((await agent.http.get('/api/v1/auth/session')).status).toBe(401);
    expect((await t.client().withToken(apiToken).get('/api/v1/auth/session')).status).toBe(401);
    expect((await t.client().signIn(agent.email, 'agent password 123')).status).toBe(401);
    expect((await t.client().signIn(agent.email, NEW_PASSWORD)).status).toBe(200);

    const again = await t.client().post('/api/v1/auth/reset-password', { token, password: 'yet another password' });
    expect(again.status).toBe(403);
    expect(again.body.error.code).toBe('auth/reset_invalid');
  });

  it('answers 202 alike for an unknown address and sends nothing', async () => {
    const before = smtp.mails.length;
    const res = await t.client().post('/api/v1/auth/password-reset', { email: 'nobody-here@parley.test' });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: true, emailDelivery: 'available' });
    await settle();
    expect(smtp.mails.length).toBe(before);
  });

  it('a new letter replaces the previous link; a link lapses after an hour', async () => {
    const agent = await t.agent({});
    const first = await requestLink(agent.email);
    const second = await requestLink(agent.email);
    const stale = await t.client().post('/api/v1/auth/reset-password', { token: first, password: NEW_PASSWORD });
    expect(stale.body.error?.code).toBe('auth/reset_invalid');
    clock.advance(61 * 60_000);
    const late = await t.client().post('/api/v1/auth/reset-password', { token: second, password: NEW_PASSWORD });
    expect(late.status).toBe(403);
    expect(late.body.error.code).toBe('auth/reset_invalid');
    expect((await t.client().signIn(agent.email, 'agent password 123')).status).toBe(200);
  });

  it('refuses a short password and leaves the link usable', async () => {
    const agent = await t.agent({});
    const token = await requestLink(agent.email);
    const short = await t.client().post('/api/v1/auth/reset-password', { token, password: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.error.code).toBe('request/invalid');
    expect((await t.client().post('/api/v1/auth/reset-password', { token, password: NEW_PASSWORD })).status).toBe(200);
  });

  it('limits requests per account', async () => {
    const email = 'limited-reset@parley.test';
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await t.client().post('/api/v1/auth/password-reset', { email })).status);
    expect(statuses).toEqual([202, 202, 202, 429]);
  });

  it('lets an administrator make a link for an agent, once shown', async () => {
    const agent = await t.agent({});
    const other = await t.agent({});
    expect((await other.http.post(`/api/v1/agents/${agent.id}/password-reset`)).status).toBe(403);
    const issued = await t.admin.post(`/api/v1/agents/${agent.id}/password-reset`);
    expect(issued.status).toBe(201);
    expect(issued.body.url).toMatch(/^https:\/\/help\.example\.test\/reset-password\?token=reset_[\w-]{43}$/);
    expect(issued.body.expiresAt).toBe('2026-12-01T11:00:00.000Z');
    const token = new URL(issued.body.url).searchParams.get('token')!;
    expect((await t.client().post('/api/v1/auth/reset-password', { token, password: NEW_PASSWORD })).status).toBe(200);
    expect((await agent.http.get('/api/v1/auth/session')).status).toBe(401);

    const invited = await t.admin.post('/api/v1/agents', { name: 'Not Yet', email: 'not-yet-reset@parley.test' });
    const refused = await t.admin.post(`/api/v1/agents/${invited.body.id}/password-reset`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('agent/invitation_pending');
    expect((await t.admin.post('/api/v1/agents/999999/password-reset')).status).toBe(404);
  });
});
