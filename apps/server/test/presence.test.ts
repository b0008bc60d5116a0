import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, describeEachDatabase, type TestApp } from './helpers/create-test-app.js';
import { type AgentClientSocket, connectAgent, recordEvents } from './helpers/sockets.js';

const GRACE_MS = 400;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeEachDatabase('agent presence', (db) => {
  let t: TestApp;
  let observer: AgentClientSocket;
  let seen: ReturnType<typeof recordEvents>;
  const open: AgentClientSocket[] = [];
  const connect = async (http: Parameters<typeof connectAgent>[1]['http']) => {
    const socket = await connectAgent(t.baseUrl, { ...(http ? { http } : {}) });
    open.push(socket);
    return socket;
  };
  const presenceEvents = (agentId: number) => seen.events.filter((e) => e.name === 'agent:presence' && e.payload.agentId === agentId).map((e) => e.payload);

  beforeAll(async () => {
    t = await createTestApp({ db, env: { PRESENCE_GRACE_MS: String(GRACE_MS) } });
    observer = await connect(t.admin);
    seen = recordEvents(observer);
  });
  afterAll(async () => {
    for (const socket of open) socket.close();
    await t?.close();
  });

  it('lists every active agent with their availability and whether they are connected', async () => {
    const support = await t.department('Support');
    const present = await t.agent({ departmentIds: [support] });
    const absent = await t.agent({ departmentIds: [support] });
    const gone = await t.agent({});
    expect((await t.admin.patch(`/api/v1/agents/${gone.id}`, { active: false })).status).toBe(200);
    await connect(present.http);
    await seen.waitFor('agent:presence', (p) => p.agentId === present.id && p.connected);

    const res = await absent.http.get('/api/v1/agents/presence');
    expect(res.status).toBe(200);
    const byId = new Map(res.body.items.map((p: { agentId: number }) => [p.agentId, p]));
    expect(byId.get(present.id)).toEqual({ agentId: present.id, availability: 'online', connected: true, inCall: false });
    expect(byId.get(absent.id)).toEqual({ agentId: absent.id, availability: 'online', connected: false, inCall: false });
    expect(byId.has(gone.id)).toBe(false);
    expect((await t.client().get('/api/v1/agents/presence')).status).toBe(401);
  });

  it('keeps the availability an agent sets and announces it to everyone connected', async () => {
    const agent = await t.agent({});
    await connect(agent.http);
    await seen.waitFor('agent:presence', (p) => p.agentId === agent.id && p.connected);

    const away = await agent.http.patch('/api/v1/me', { availability: 'away' });
    expect(away.status).toBe(200);
    expect(away.body.availability).toBe('away');
    expect(await seen.waitFor('agent:presence', (p) => p.agentId === agent.id && p.availability === 'away')).toEqual({ agentId: agent.id, availability: 'away', connected: true, inCall: false });
    const listed = (await t.admin.get('/api/v1/agents')).body.items.find((a: { id: number }) => a.id === agent.id);
    expect(listed.availability).toBe('away');
    const presence = (await t.admin.get('/api/v1/agents/presence')).body.items.find((p: { agentId: number }) => p.agentId === agent.id);
    expect(presence).toEqual({ agentId: agent.id, availability: 'away', connected: true, inCall: false });

    // Saying the same again is no news.
    const before = presenceEvents(agent.id).length;
    expect((await agent.http.patch('/api/v1/me', { availability: 'away' })).status).toBe(200);
    await sleep(200);
    expect(presenceEvents(agent.id)).toHaveLength(before);

    const bad = await agent.http.patch('/api/v1/me', { availability: 'asleep' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('request/invalid');
    expect((await agent.http.patch('/api/v1/me', { availability: 'offline' })).body.availability).toBe('offline');
    await seen.waitFor('agent:presence', (p) => p.agentId === agent.id && p.availability === 'offline');
  });

  it('announces a second tab nothing new, a reload nothing at all, and a departure after the grace', async () => {
    const agent = await t.agent({});
    const first = await connect(agent.http);
    await seen.waitFor('agent:presence', (p) => p.agentId === agent.id && p.connected);
    const second = await connect(agent.http);
    await sleep(150);
    expect(presenceEvents(agent.id)).toHaveLength(1);

    // Closing one of two tabs, and reloading the other (closed, back within the grace), never looks like leaving.
    first.close();
    second.close();
    await connect(agent.http);
    await sleep(GRACE_MS + 300);
    expect(presenceEvents(agent.id).filter((p) => !p.connected)).toEqual([]);
    expect((await t.admin.get('/api/v1/agents/presence')).body.items.find((p: { agentId: number }) => p.agentId === agent.id).connected).toBe(true);

    for (const socket of open.filter((s) => s !== observer)) socket.close();
    const closedAt = Date.now();
    const left = await seen.waitFor('agent:presence', (p) => p.agentId === agent.id && !p.connected, 5000);
    expect(left).toEqual({ agentId: agent.id, availability: 'online', connected: false, inCall: false });
    expect(Date.now() - closedAt).toBeGreaterThanOrEqual(GRACE_MS - 50);
    expect((await t.admin.get('/api/v1/agents/presence')).body.items.find((p: { agentId: number }) => p.agentId === agent.id).connected).toBe(false);
  });
});
