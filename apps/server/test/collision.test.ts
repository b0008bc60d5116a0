import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createTestApp, describeEachDatabase, type TestApp } from './helpers/create-test-app.js';
import type { HttpClient } from './helpers/http-client.js';
import { type AgentClientSocket, connectAgent, emitWithAck, recordEvents } from './helpers/sockets.js';

const LAPSE_MS = 400;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
type Viewers = { ticketId: number; viewers: { agentId: number; typing: boolean }[] };

describeEachDatabase('who is viewing, who is typing', (db) => {
  let t: TestApp;
  let support: number;
  let billing: number;
  let adminId: number;
  const open: AgentClientSocket[] = [];

  const connect = async (http: HttpClient) => {
    const socket = await connectAgent(t.baseUrl, { http });
    open.push(socket);
    return { socket, events: recordEvents(socket) };
  };
  const newTicket = async (departmentId = support) => {
    const res = await t.admin.post('/api/v1/tickets', { subject: 'Shared', message: 'x', contact: { email: 'shared@example.com' }, departmentId });
    expect(res.status).toBe(201);
    return res.body.ticket.id as number;
  };
  const viewersOf = (events: ReturnType<typeof recordEvents>, ticketId: number): Viewers[] =>
    events.events.filter((e) => e.name === 'ticket:viewers' && e.payload.ticketId === ticketId).map((e) => e.payload);
  const waitViewers = (events: ReturnType<typeof recordEvents>, ticketId: number, expected: Viewers['viewers'], after: ReadonlySet<unknown> = new Set()) =>
    events.waitFor('ticket:viewers', (p: Viewers) => !after.has(p) && p.ticketId === ticketId && JSON.stringify(p.viewers) === JSON.stringify(expected));
  /** The payloads received so far, to wait for a newer one. */
  const receivedSoFar = (events: ReturnType<typeof recordEvents>) => new Set(events.events.map((e) => e.payload));

  beforeAll(async () => {
    t = await createTestApp({ db, env: { TYPING_LAPSE_MS: String(LAPSE_MS), PRESENCE_GRACE_MS: '50' } });
    support = await t.department('Support');
    billing = await t.department('Billing');
    adminId = (await t.admin.get('/api/v1/auth/session')).body.agent.id;
  });
  afterEach(() => {
    for (const socket of open.splice(0)) socket.close();
  });
  afterAll(() => t?.close());

  it('tells every viewer who else has the ticket open, and keeps outsiders out entirely', async () => {
    const [first, second, outsider] = await Promise.all([t.agent({ departmentIds: [support] }), t.agent({ departmentIds: [support] }), t.agent({ departmentIds: [billing] })]);
    const a = await connect(first.http);
    const b = await connect(second.http);
    const o = await connect(outsider.http);
    const ticketId = await newTicket();

    expect(await emitWithAck(a.socket, 'ticket:watch', { ticketId })).toEqual({ ok: true, data: { ticketId, viewers: [{ agentId: first.id, typing: false }] } });
    const both = [first.id, second.id].sort((x, y) => x - y).map((agentId) => ({ agentId, typing: false }));
    expect(await emitWithAck(b.socket, 'ticket:watch', { ticketId })).toEqual({ ok: true, data: { ticketId, viewers: both } });
    await waitViewers(a.events, ticketId, both);

    // The outsider may neither watch nor type, and hears nothing of it.
    expect(await emitWithAck(o.socket, 'ticket:watch', { ticketId })).toEqual({ ok: false, error: expect.objectContaining({ code: 'ticket/not_found' }) });
    expect(await emitWithAck(o.socket, 'ticket:typing', { ticketId, typing: true })).toEqual({ ok: false, error: expect.objectContaining({ code: 'ticket/not_found' }) });
    expect(await emitWithAck(a.socket, 'ticket:typing', { ticketId, typing: true })).toEqual({ ok: true, data: { ticketId } });
    await waitViewers(b.events, ticketId, both.map((v) => ({ ...v, typing: v.agentId === first.id })));

    expect(await emitWithAck(b.socket, 'ticket:unwatch', { ticketId })).toEqual({ ok: true, data: { ticketId } });
    await waitViewers(a.events, ticketId, [{ agentId: first.id, typing: true }]);
    await sleep(150);
    expect(o.events.events.filter((e) => e.name === 'ticket:viewers')).toEqual([]);
    // After unwatching, the second agent hears no more about who views it.
    expect(viewersOf(b.events, ticketId).every((p) => p.viewers.some((v) => v.agentId === second.id))).toBe(true);
  });

  it('refuses typing on a ticket the socket does not watch, and malformed payloads', async () => {
    const agent = await t.agent({ departmentIds: [support] });
    const { socket } = await connect(agent.http);
    const ticketId = await newTicket();
    expect(await emitWithAck(socket, 'ticket:typing', { ticketId, typing: true })).toEqual({ ok: false, error: expect.objectContaining({ code: 'ticket/not_found' }) });
    expect(await emitWithAck(socket, 'ticket:typing', { ticketId: 999_999, typing: true })).toEqual({ ok: false, error: expect.objectContaining({ code: 'ticket/not_found' }) });
    await emitWithAck(socket, 'ticket:watch', { ticketId });
    for (const payload of [{ ticketId, typing: 'yes' }, { ticketId }, { ticketId, typing: true, draft: 'hello' }, { ticketId: '1', typing: true }]) {
      expect(await emitWithAck(socket, 'ticket:typing', payload), JSON.stringify(payload)).toEqual({ ok: false, error: expect.objectContaining({ code: 'request/invalid' }) });
    }
    expect((await emitWithAck(socket, 'ticket:typing', { ticketId, typing: true })).ok).toBe(true);
  });

  it('lets typing lapse when it is not renewed, and keeps it while it is', async () => {
    const [typist, reader] = await Promise.all([t.agent({ departmentIds: [support] }), t.agent({ departmentIds: [support] })]);
    const a = await connect(typist.http);
    const b = await connect(reader.http);
    const ticketId = await newTicket();
    await emitWithAck(a.socket, 'ticket:watch', { ticketId });
    await emitWithAck(b.socket, 'ticket:watch', { ticketId });
    const idle = [typist.id, reader.id].sort((x, y) => x - y).map((agentId) => ({ agentId, typing: false }));
    const typing = idle.map((v) => ({ ...v, typing: v.agentId === typist.id }));

    await emitWithAck(a.socket, 'ticket:typing', { ticketId, typing: true });
    await waitViewers(b.events, ticketId, typing);
    // Renewed before it lapses: still typing, and renewing is no news.
    const announced = viewersOf(b.events, ticketId).length;
    for (let i = 0; i < 3; i++) {
      await sleep(LAPSE_MS / 2);
      expect((await emitWithAck(a.socket, 'ticket:typing', { ticketId, typing: true })).ok).toBe(true);
    }
    expect(viewersOf(b.events, ticketId)).toHaveLength(announced);
    expect(viewersOf(b.events, ticketId).at(-1)!.viewers).toEqual(typing);

    const lastRenewal = Date.now();
    await waitViewers(b.events, ticketId, idle, receivedSoFar(b.events));
    expect(Date.now() - lastRenewal).toBeGreaterThanOrEqual(LAPSE_MS - 50);

    // Stopping explicitly is announced at once.
    await emitWithAck(a.socket, 'ticket:typing', { ticketId, typing: true });
    await waitViewers(b.events, ticketId, typing, receivedSoFar(b.events));
    const stoppedAt = Date.now();
    const beforeStop = receivedSoFar(b.events);
    await emitWithAck(a.socket, 'ticket:typing', { ticketId, typing: false });
    await waitViewers(b.events, ticketId, idle, beforeStop);
    expect(Date.now() - stoppedAt).toBeLessThan(LAPSE_MS);
  });

  it('lists an agent once however many tabs they have, typing when any tab types, until the last tab closes', async () => {
    const [twoTabs, reader] = await Promise.all([t.agent({ departmentIds: [support] }), t.agent({ departmentIds: [support] })]);
    const tab1 = await connect(twoTabs.http);
    const tab2 = await connect(twoTabs.http);
    const r = await connect(reader.http);
    const ticketId = await newTicket();
    await emitWithAck(r.socket, 'ticket:watch', { ticketId });
    await emitWithAck(tab1.socket, 'ticket:watch', { ticketId });
    const watch2 = await emitWithAck(tab2.socket, 'ticket:watch', { ticketId });
    const idle = [twoTabs.id, reader.id].sort((x, y) => x - y).map((agentId) => ({ agentId, typing: false }));
    expect(watch2.data.viewers).toEqual(idle);
    await emitWithAck(tab2.socket, 'ticket:typing', { ticketId, typing: true });
    await waitViewers(r.events, ticketId, idle.map((v) => ({ ...v, typing: v.agentId === twoTabs.id })));

    // The typing tab closes: the other tab still views, nobody types.
    const beforeClose = receivedSoFar(r.events);
    tab2.socket.close();
    await waitViewers(r.events, ticketId, idle, beforeClose);
    tab1.socket.close();
    await waitViewers(r.events, ticketId, [{ agentId: reader.id, typing: false }]);
  });

  it('drops viewers who lose sight of the ticket, and tells them nothing more', async () => {
    const [member, mover] = await Promise.all([t.agent({ departmentIds: [support] }), t.agent({ departmentIds: [support] })]);
    const m = await connect(member.http);
    const v = await connect(mover.http);
    const admin = await connect(t.admin);
    const ticketId = await newTicket();
    await emitWithAck(m.socket, 'ticket:watch', { ticketId });
    await emitWithAck(v.socket, 'ticket:watch', { ticketId });
    await emitWithAck(admin.socket, 'ticket:watch', { ticketId });
    // Nobody types here, so nothing but the change of access itself can announce the new set.
    const everyone = [member.id, mover.id, adminId].sort((x, y) => x - y).map((agentId) => ({ agentId, typing: false }));
    await waitViewers(admin.events, ticketId, everyone);

    // Moved out of the department: the mover stops viewing; the others hear it.
    expect((await t.admin.patch(`/api/v1/agents/${mover.id}`, { departmentIds: [billing] })).status).toBe(200);
    const withoutMover = everyone.filter((x) => x.agentId !== mover.id);
    await waitViewers(admin.events, ticketId, withoutMover);
    await waitViewers(m.events, ticketId, withoutMover);
    expect((await emitWithAck(v.socket, 'ticket:typing', { ticketId, typing: true })).ok).toBe(false);

    // The ticket goes to billing: the support member loses sight of it.
    const heardByMember = () => m.events.events.filter((e) => e.name === 'ticket:viewers' && e.payload.ticketId === ticketId).length;
    expect((await t.admin.post(`/api/v1/tickets/${ticketId}/transfer`, { departmentId: billing })).status).toBe(200);
    await m.events.waitFor('ticket:hidden', (p) => p.ticketId === ticketId);
    await waitViewers(admin.events, ticketId, [{ agentId: adminId, typing: false }]);
    const afterHidden = heardByMember();
    expect((await emitWithAck(m.socket, 'ticket:typing', { ticketId, typing: false })).ok).toBe(false);
    await emitWithAck(admin.socket, 'ticket:typing', { ticketId, typing: true });
    await waitViewers(admin.events, ticketId, [{ agentId: adminId, typing: true }]);
    await sleep(100);
    expect(heardByMember()).toBe(afterHidden);
    expect(viewersOf(v.events, ticketId).every((p) => p.viewers.some((x) => x.agentId === mover.id))).toBe(true);
  });
});
