import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, describeEachDatabase, postgresServerUrl, type TestApp } from './helpers/create-test-app.js';
import type { HttpClient } from './helpers/http-client.js';
import { type AgentClientSocket, connectAgent, recordEvents } from './helpers/sockets.js';

const PASSWORD = 'agent password 123';

/** An open console connection, with what it heard and how it ended. */
interface Watched {
  readonly socket: AgentClientSocket;
  readonly heard: ReturnType<typeof recordEvents>;
  /** Resolves with the reason once the connection ends. */
  readonly ended: Promise<string>;
}

async function watch(baseUrl: string, auth: { http?: HttpClient; token?: string }): Promise<Watched> {
  const socket = await connectAgent(baseUrl, auth);
  const heard = recordEvents(socket);
  const ended = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
  return { socket, heard, ended };
}

/** Fails when the connection is still open after `ms`: revocation must end it at once, not eventually. */
function endsWithin(watched: Watched, ms = 2000): Promise<string> {
  return Promise.race([watched.ended, new Promise<string>((_, reject) => setTimeout(() => reject(new Error('the connection stayed open')), ms))]);
}

/** The credential can open no new connection either. */
async function refused(baseUrl: string, auth: { http?: HttpClient; token?: string }): Promise<void> {
  await expect(connectAgent(baseUrl, auth)).rejects.toThrow(/auth\/required/);
}

/** A note written after the revocation reaches `still` (open, same agent) and nothing reaches `ended`. */
async function noteHeardOnlyBy(t: TestApp, ticketId: number, still: readonly Watched[], ended: readonly Watched[]): Promise<void> {
  const note = await t.admin.post(`/api/v1/tickets/${ticketId}/internal-notes`, { body: `after the revocation ${Math.random()}` });
  expect(note.status).toBe(201);
  for (const w of still) await w.heard.waitFor('thread:item_created', (p) => p.id === note.body.id);
  for (const w of ended) {
    expect(w.socket.connected).toBe(false);
    expect(w.heard.events.some((e) => e.name === 'thread:item_created' && e.payload.id === note.body.id)).toBe(false);
  }
}

describeEachDatabase('revoked credentials end their connections', (db) => {
  let t: TestApp;
  let support: number;
  const open: Watched[] = [];

  beforeAll(async () => {
    t = await createTestApp({ db });
    support = await t.department('Support');
  });
  afterAll(async () => {
    for (const w of open) w.socket.close();
    await t?.close();
  });

  async function setting() {
    const agent = await t.agent({ departmentIds: [support] });
    const ticket = await t.admin.post('/api/v1/tickets', { subject: 'Secrets', message: 'x', contact: { email: 'c@example.com' }, departmentId: support });
    const connect = async (auth: { http?: HttpClient; token?: string }) => {
      const w = await watch(t.baseUrl, auth);
      open.push(w);
      return w;
    };
    const device = async () => {
      const http = t.client();
      expect((await http.signIn(agent.email, PASSWORD)).status).toBe(200);
      return http;
    };
    const token = async (name: string) => {
      const res = await agent.http.post('/api/v1/api-tokens', { name });
      return { id: res.body.id as number, token: res.body.token as string };
    };
    return { agent, ticketId: ticket.body.ticket.id as number, connect, device, token };
  }

  it('sign-out ends the connections of that session, and only those', async () => {
    const s = await setting();
    const other = await s.device();
    const mine = await s.connect({ http: s.agent.http });
    const elsewhere = await s.connect({ http: other });
    const cookie = s.agent.http.cookie!;
    expect((await s.agent.http.post('/api/v1/auth/sign-out')).status).toBe(200);
    expect(await endsWithin(mine)).toBe('io server disconnect');
    await noteHeardOnlyBy(t, s.ticketId, [elsewhere], [mine]);
    s.agent.http.cookie = cookie;
    await refused(t.baseUrl, { http: s.agent.http });
  });

  it('a password change ends every other session, every API token and their connections; the changing session stays, with a new cookie', async () => {
    const s = await setting();
    const other = await s.device();
    const { id: tokenId, token } = await s.token('script');
    const mine = await s.connect({ http: s.agent.http });
    const elsewhere = await s.connect({ http: other });
    const script = await s.connect({ token });
    const oldCookie = s.agent.http.cookie!;
    const res = await s.agent.http.put('/api/v1/auth/password', { currentPassword: PASSWORD, newPassword: 'a brand new password' });
    expect(res.status).toBe(200);
    expect(s.agent.http.cookie).not.toBe(oldCookie);
    expect(await endsWithin(elsewhere)).toBe('io server disconnect');
    expect(await endsWithin(script)).toBe('io server disconnect');
    await noteHeardOnlyBy(t, s.ticketId, [mine], [elsewhere, script]);
    // The rotated session keeps working; the old cookie, the other device and the token do not.
    expect((await s.agent.http.get('/api/v1/auth/session')).status).toBe(200);
    expect((await s.agent.http.get('/api/v1/api-tokens')).body.items.map((i: { id: number }) => i.id)).not.toContain(tokenId);
    expect((await t.client().withToken(token).get('/api/v1/auth/session')).status).toBe(401);
    expect((await other.get('/api/v1/auth/session')).status).toBe(401);
    const stale = t.client();
    stale.cookie = oldCookie;
    expect((await stale.get('/api/v1/auth/session')).status).toBe(401);
    await refused(t.baseUrl, { token });
    await refused(t.baseUrl, { http: other });
  });

  it('revoking an API token ends the connections opened with it, and only those', async () => {
    const s = await setting();
    const first = await s.token('first');
    const second = await s.token('second');
    const revoked = await s.connect({ token: first.token });
    const kept = await s.connect({ token: second.token });
    const console = await s.connect({ http: s.agent.http });
    expect((await s.agent.http.delete(`/api/v1/api-tokens/${first.id}`)).status).toBe(200);
    expect(await endsWithin(revoked)).toBe('io server disconnect');
    await noteHeardOnlyBy(t, s.ticketId, [kept, console], [revoked]);
    await refused(t.baseUrl, { token: first.token });
  });

  it('deactivation ends every session, token and connection for good: reactivation brings no token back', async () => {
    const s = await setting();
    const { token } = await s.token('script');
    const console = await s.connect({ http: s.agent.http });
    const script = await s.connect({ token });
    const watcher = await s.connect({ http: t.admin });
    expect((await t.admin.patch(`/api/v1/agents/${s.agent.id}`, { active: false })).status).toBe(200);
    expect(await endsWithin(console)).toBe('io server disconnect');
    expect(await endsWithin(script)).toBe('io server disconnect');
    await noteHeardOnlyBy(t, s.ticketId, [watcher], [console, script]);
    expect((await t.admin.patch(`/api/v1/agents/${s.agent.id}`, { active: true })).status).toBe(200);
    expect((await t.client().withToken(token).get('/api/v1/auth/session')).status).toBe(401);
    expect((await s.agent.http.get('/api/v1/auth/session')).status).toBe(401);
    await refused(t.baseUrl, { token });
    await refused(t.baseUrl, { http: s.agent.http });
  });
});

const redisUrl = process.env.REDIS_URL_FOR_TESTS ?? null;

describe.skipIf(!postgresServerUrl || !redisUrl)('revoked credentials across instances [postgresql + redis]', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    const env = { REDIS_URL: redisUrl!, REDIS_KEY_PREFIX: `parley-revocation-${process.pid}-${Date.now()}` };
    a = await createTestApp({ db: 'postgresql', env });
    b = await createTestApp({ db: 'postgresql', env, sameDatabaseAs: a });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('ends connections on instance B when the credential is revoked on instance A, at once', async () => {
    const support = await a.department('Support');
    const agent = await a.agent({ departmentIds: [support] });
    const ticket = (await a.admin.post('/api/v1/tickets', { subject: 'Across', message: 'x', contact: { email: 'x@example.com' }, departmentId: support })).body.ticket;
    const onB = b.client();
    expect((await onB.signIn(agent.email, PASSWORD)).status).toBe(200);
    const tokenRes = await agent.http.post('/api/v1/api-tokens', { name: 'across' });
    const session = await watch(b.baseUrl, { http: onB });
    const script = await watch(b.baseUrl, { token: tokenRes.body.token });
    const console = await watch(b.baseUrl, { http: agent.http });
    const watcher = await watch(b.baseUrl, { http: b.admin });
    try {
      // A token revoked on A ends its connection on B.
      expect((await agent.http.delete(`/api/v1/api-tokens/${tokenRes.body.id}`)).status).toBe(200);
      expect(await endsWithin(script)).toBe('io server disconnect');
      expect(session.socket.connected).toBe(true);
      // A password changed on A ends the other session's connection on B; the changing session's stays.
      const changed = await agent.http.put('/api/v1/auth/password', { currentPassword: PASSWORD, newPassword: 'a brand new password' });
      expect(changed.status).toBe(200);
      expect(await endsWithin(session)).toBe('io server disconnect');
      const note = await a.admin.post(`/api/v1/tickets/${ticket.id}/internal-notes`, { body: 'after the change' });
      await console.heard.waitFor('thread:item_created', (p) => p.id === note.body.id);
      // Signed out on A, the console's connection on B ends too.
      expect((await agent.http.post('/api/v1/auth/sign-out')).status).toBe(200);
      expect(await endsWithin(console)).toBe('io server disconnect');
      const later = await a.admin.post(`/api/v1/tickets/${ticket.id}/internal-notes`, { body: 'after the sign-out' });
      await watcher.heard.waitFor('thread:item_created', (p) => p.id === later.body.id);
      for (const w of [session, script, console]) expect(w.heard.events.some((e) => e.name === 'thread:item_created' && e.payload.id === later.body.id)).toBe(false);
    } finally {
      for (const w of [session, script, console, watcher]) w.socket.close();
    }
  });
});
