import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, describeEachDatabase, MutableClock, postgresServerUrl, type TestApp } from '../helpers/create-test-app.js';
import { HttpClient } from '../helpers/http-client.js';
import { type AgentClientSocket, connectAgent } from '../helpers/sockets.js';

const PASSWORD = 'agent password 123';

function ended(socket: AgentClientSocket, ms = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the connection stayed open')), ms);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

async function signInFrom(baseUrl: string, email: string, userAgent: string): Promise<HttpClient> {
  const http = new HttpClient(baseUrl);
  const res = await http.post('/api/v1/auth/sign-in', { email, password: PASSWORD }, { 'user-agent': userAgent });
  if (res.status !== 200) throw new Error(`sign-in failed: ${JSON.stringify(res.body)}`);
  http.csrfToken = res.body.csrfToken;
  return http;
}

describeEachDatabase('own sessions', (db) => {
  let t: TestApp;
  const clock = new MutableClock(new Date('2026-12-02T09:00:00Z'));

  beforeAll(async () => {
    t = await createTestApp({ db, clock });
  });
  afterAll(() => t?.close());

  it('lists the sessions with address, browser, times and the current one marked, and the API tokens', async () => {
    const agent = await t.agent({});
    const laptop = await signInFrom(t.baseUrl, agent.email, 'Laptop Browser/1.0');
    const phone = await signInFrom(t.baseUrl, agent.email, 'Phone Browser/2.0');
    await laptop.post('/api/v1/api-tokens', { name: 'nightly export' });
    clock.advance(5 * 60_000);
    expect((await phone.get('/api/v1/auth/session')).status).toBe(200);

    const listed = await laptop.get('/api/v1/auth/sessions');
    expect(listed.status).toBe(200);
    const byAgent = listed.body.sessions as { id: number; userAgent: string | null; current: boolean; ipAddress: string; createdAt: string; lastSeenAt: string }[];
    expect(byAgent).toHaveLength(3);
    expect(byAgent.filter((s) => s.current).map((s) => s.userAgent)).toEqual(['Laptop Browser/1.0']);
    const phoneRow = byAgent.find((s) => s.userAgent === 'Phone Browser/2.0')!;
    expect(phoneRow).toMatchObject({ current: false, ipAddress: expect.stringMatching(/127\.0\.0\.1/), createdAt: '2026-12-02T09:00:00.000Z', lastSeenAt: '2026-12-02T09:05:00.000Z' });
    expect(listed.body.apiTokens).toEqual([expect.objectContaining({ name: 'nightly export' })]);
    // Another agent's list holds none of these.
    const other = await t.agent({});
    const theirs = (await other.http.get('/api/v1/auth/sessions')).body.sessions as { id: number }[];
    expect(theirs.some((s) => byAgent.some((b) => b.id === s.id))).toBe(false);
  });

  it('ends one session and its connections; another agent\'s session cannot be ended', async () => {
    const agent = await t.agent({});
    const phone = await signInFrom(t.baseUrl, agent.email, 'Phone Browser/2.0');
    const socket = await connectAgent(t.baseUrl, { http: phone });
    const closed = ended(socket);
    const phoneId = ((await agent.http.get('/api/v1/auth/sessions')).body.sessions as { id: number; current: boolean }[]).find((s) => !s.current)!.id;

    const other = await t.agent({});
    const foreign = await other.http.delete(`/api/v1/auth/sessions/${phoneId}`);
    expect(foreign.status).toBe(404);
    expect((await phone.get('/api/v1/auth/session')).status).toBe(200);

    expect((await agent.http.delete(`/api/v1/auth/sessions/${phoneId}`)).status).toBe(200);
    await closed;
    expect((await phone.get('/api/v1/auth/session')).status).toBe(401);
    expect((await agent.http.get('/api/v1/auth/session')).status).toBe(200);
    expect((await agent.http.delete(`/api/v1/auth/sessions/${phoneId}`)).status).toBe(404);
  });

  it('signs out everywhere else: other sessions and their sockets end, this one and the API tokens stay', async () => {
    const agent = await t.agent({});
    const a = await signInFrom(t.baseUrl, agent.email, 'A');
    const b = await signInFrom(t.baseUrl, agent.email, 'B');
    const token = (await agent.http.post('/api/v1/api-tokens', { name: 'kept' })).body.token as string;
    const sockets = [await connectAgent(t.baseUrl, { http: a }), await connectAgent(t.baseUrl, { http: b })];
    const closed = sockets.map((s) => ended(s));
    const mine = await connectAgent(t.baseUrl, { http: agent.http });
    let mineEnded = false;
    mine.once('disconnect', () => {
      mineEnded = true;
    });

    const res = await agent.http.post('/api/v1/auth/sign-out-everywhere');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ended: 2 });
    await Promise.all(closed);
    expect((await a.get('/api/v1/auth/session')).status).toBe(401);
    expect((await b.get('/api/v1/auth/session')).status).toBe(401);
    expect((await agent.http.get('/api/v1/auth/session')).status).toBe(200);
    expect((await t.client().withToken(token).get('/api/v1/auth/session')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(mineEnded).toBe(false);
    mine.close();
    expect((await agent.http.get('/api/v1/auth/sessions')).body.sessions).toHaveLength(1);
  });

  it('needs a session or token and CSRF', async () => {
    expect((await t.client().get('/api/v1/auth/sessions')).status).toBe(401);
    const agent = await t.agent({});
    const csrf = agent.http.csrfToken;
    agent.http.csrfToken = null;
    expect((await agent.http.post('/api/v1/auth/sign-out-everywhere')).status).toBe(403);
    agent.http.csrfToken = csrf;
  });
});

const redisUrl = process.env.REDIS_URL_FOR_TESTS ?? null;

describe.skipIf(!postgresServerUrl || !redisUrl)('sign out everywhere across instances [postgresql + redis]', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    const env = { REDIS_URL: redisUrl!, REDIS_KEY_PREFIX: `parley-sessions-${process.pid}-${Date.now()}` };
    a = await createTestApp({ db: 'postgresql', env });
    b = await createTestApp({ db: 'postgresql', env, sameDatabaseAs: a });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('ends the sockets a session opened on the other instance', async () => {
    const agent = await a.agent({});
    const elsewhere = await signInFrom(b.baseUrl, agent.email, 'Other instance');
    const socket = await connectAgent(b.baseUrl, { http: elsewhere });
    const closed = ended(socket, 3000);
    expect((await agent.http.post('/api/v1/auth/sign-out-everywhere')).body).toEqual({ ended: 1 });
    await closed;
    expect((await elsewhere.get('/api/v1/auth/session')).status).toBe(401);
  });
});
