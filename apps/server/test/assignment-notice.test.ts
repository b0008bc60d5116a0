import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createTestApp, describeEachDatabase, type TestApp } from './helpers/create-test-app.js';
import type { HttpClient } from './helpers/http-client.js';
import { type AgentClientSocket, connectAgent, emitWithAck, recordEvents } from './helpers/sockets.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeEachDatabase('"assigned to you" notices', (db) => {
  let t: TestApp;
  let support: number;
  let billing: number;
  let adminId: number;
  const open: AgentClientSocket[] = [];

  const listen = async (http: HttpClient) => {
    const socket = await connectAgent(t.baseUrl, { http });
    open.push(socket);
    const events = recordEvents(socket);
    return { socket, events, notices: () => events.events.filter((e) => e.name === 'ticket:assigned_to_you').map((e) => e.payload) };
  };
  const newTicket = async (overrides: Record<string, unknown> = {}, http = t.admin) => {
    const res = await http.post('/api/v1/tickets', { subject: 'Yours?', message: 'x', contact: { email: 'notice@example.com' }, departmentId: support, ...overrides });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.ticket as { id: number };
  };

  beforeAll(async () => {
    t = await createTestApp({ db });
    support = await t.department('Support');
    billing = await t.department('Billing');
    adminId = (await t.admin.get('/api/v1/auth/session')).body.agent.id;
  });
  afterEach(() => {
    for (const socket of open.splice(0)) socket.close();
  });
  afterAll(() => t?.close());

  it('tells the new assignee alone when someone else assigns or transfers a ticket to them', async () => {
    const [alice, bob] = await Promise.all([t.agent({ departmentIds: [support] }), t.agent({ departmentIds: [support, billing] })]);
    const a = await listen(alice.http);
    const b = await listen(bob.http);
    const ticket = await newTicket();

    expect((await t.admin.post(`/api/v1/tickets/${ticket.id}/assign`, { agentId: alice.id })).status).toBe(200);
    const notice = await a.events.waitFor('ticket:assigned_to_you', (p) => p.ticket.id === ticket.id);
    expect(notice).toMatchObject({ byAgentId: adminId, ticket: { id: ticket.id, assignedAgentId: alice.id, departmentId: support } });

    // Alice hands it to Bob: Bob hears it from Alice; Alice hears nothing more.
    expect((await alice.http.post(`/api/v1/tickets/${ticket.id}/transfer`, { agentId: bob.id, departmentId: billing, note: 'yours' })).status).toBe(200);
    expect(await b.events.waitFor('ticket:assigned_to_you', (p) => p.ticket.id === ticket.id)).toMatchObject({ byAgentId: alice.id, ticket: { assignedAgentId: bob.id, departmentId: billing } });
    await sleep(150);
    expect(a.notices()).toHaveLength(1);
    expect(b.notices()).toHaveLength(1);
  });

  it('tells an agent about a ticket created for them by someone else', async () => {
    const carol = await t.agent({ departmentIds: [support] });
    const c = await listen(carol.http);
    const customer = await newTicket({ agentId: carol.id });
    expect(await c.events.waitFor('ticket:assigned_to_you', (p) => p.ticket.id === customer.id)).toMatchObject({ byAgentId: adminId, ticket: { assignedAgentId: carol.id } });
    const task = await t.admin.post('/api/v1/internal-tickets', { subject: 'Task', message: 'do it', agentId: carol.id });
    expect(task.status).toBe(201);
    expect(await c.events.waitFor('ticket:assigned_to_you', (p) => p.ticket.id === task.body.ticket.id)).toMatchObject({ byAgentId: adminId, ticket: { internal: true } });
  });

  it('says nothing when agents take tickets themselves or the assignee does not change', async () => {
    const dave = await t.agent({ departmentIds: [support] });
    const d = await listen(dave.http);
    const watcher = await listen(t.admin);
    // "To solve" claims the waiting ticket for Dave, by Dave.
    const waiting = await newTicket();
    const claimed = await emitWithAck(d.socket, 'ticket:claim_next', {});
    expect(claimed.ok).toBe(true);
    const own = await newTicket();
    expect((await dave.http.post(`/api/v1/tickets/${own.id}/assign`, { agentId: dave.id })).status).toBe(200);
    // Created by Dave for Dave.
    const mine = await newTicket({ agentId: dave.id }, dave.http);
    // Already Dave's: moving its department keeps the assignee, so there is no news for him.
    const kept = await newTicket({ agentId: dave.id });
    await d.events.waitFor('ticket:assigned_to_you', (p) => p.ticket.id === kept.id);
    expect((await t.admin.post(`/api/v1/tickets/${kept.id}/assign`, { departmentId: support, agentId: dave.id })).status).toBe(200);
    await sleep(200);
    expect(d.notices().map((n) => n.ticket.id)).toEqual([kept.id]);
    expect([waiting.id, own.id, mine.id]).not.toContain(d.notices()[0].ticket.id);
    // Notices are personal: the administrator watching everything never gets Dave's.
    expect(watcher.notices()).toEqual([]);
  });
});
