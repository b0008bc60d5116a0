import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, describeEachDatabase, type TestApp } from './helpers/create-test-app.js';
import { connectAgent, emitWithAck, recordEvents } from './helpers/sockets.js';

describeEachDatabase('realtime for agents', (db) => {
  let t: TestApp;
  let support: number;
  let billing: number;

  beforeAll(async () => {
    t = await createTestApp({ db });
    support = await t.department('Support');
    billing = await t.department('Billing');
  });
  afterAll(() => t?.close());

  it('refuses a socket without a session or token', async () => {
    await expect(connectAgent(t.baseUrl, {})).rejects.toThrow(/auth\/required/);
    await expect(connectAgent(t.baseUrl, { token: 'prl_forged' })).rejects.toThrow(/auth\/required/);
  });

  it('pushes new tickets and thread items to the agents allowed to see them, and to nobody else', async () => {
    const member = await t.agent({ departmentIds: [support] });
    const outsider = await t.agent({ departmentIds: [billing] });
    const memberSocket = await connectAgent(t.baseUrl, { http: member.http });
    const outsiderSocket = await connectAgent(t.baseUrl, { http: outsider.http });
    const memberEvents = recordEvents(memberSocket);
    const outsiderEvents = recordEvents(outsiderSocket);
    try {
      const created = await t.admin.post('/api/v1/tickets', { subject: 'Live', message: 'hello', contact: { email: 'live@example.com' }, departmentId: support });
      const ticketId = created.body.ticket.id;
      const pushed = await memberEvents.waitFor('ticket:created', (p) => p.id === ticketId);
      expect(pushed).toMatchObject({ subject: 'Live', status: 'new', departmentId: support });

      // Watching is authorized: the outsider cannot join the ticket's room.
      const refused = await emitWithAck(outsiderSocket, 'ticket:watch', { ticketId });
      expect(refused).toEqual({ ok: false, error: expect.objectContaining({ code: 'ticket/not_found' }) });
      expect(await emitWithAck(memberSocket, 'ticket:watch', { ticketId })).toEqual({ ok: true, data: { ticketId, viewers: [{ agentId: member.id, typing: false }] } });

      await t.admin.post(`/api/v1/tickets/${ticketId}/internal-notes`, { body: 'agents only' });
      const note = await memberEvents.waitFor('thread:item_created', (p) => p.ticketId === ticketId && p.kind === 'internal_note');
      expect(note.body).toBe('agents only');
      await t.admin.post(`/api/v1/tickets/${ticketId}/replies`, { body: 'public answer' });
      const updated = await memberEvents.waitFor('ticket:updated', (p) => p.id === ticketId && p.status === 'answered');
      expect(updated.status).toBe('answered');

      // Give any stray emission time to arrive, then check every frame the outsider got.
      await new Promise((r) => setTimeout(r, 200));
      expect(outsiderEvents.events.filter((e) => JSON.stringify(e.payload).includes(`"id":${ticketId}`) || e.payload?.ticketId === ticketId)).toEqual([]);
    } finally {
      memberSocket.close();
      outsiderSocket.close();
    }
  });

  it('tells agents who lose sight of a transferred ticket that it left, and the new audience that it arrived', async () => {
    const supportAgent = await t.agent({ departmentIds: [support] });
    const billingAgent = await t.agent({ departmentIds: [billing] });
    const supportSocket = await connectAgent(t.baseUrl, { http: supportAgent.http });
    const billingSocket = await connectAgent(t.baseUrl, { http: billingAgent.http });
    const supportEvents = recordEvents(supportSocket);
    const billingEvents = recordEvents(billingSocket);
    try {
      const created = await t.admin.post('/api/v1/tickets', { subject: 'Move me', message: 'x', contact: { email: 'move@example.com' }, departmentId: support });
      const ticketId = created.body.ticket.id;
      await supportEvents.waitFor('ticket:created', (p) => p.id === ticketId);
      await t.admin.post(`/api/v1/tickets/${ticketId}/transfer`, { departmentId: billing, note: 'for billing' });
      await supportEvents.waitFor('ticket:hidden', (p) => p.ticketId === ticketId);
      const arrived = await billingEvents.waitFor('ticket:updated', (p) => p.id === ticketId);
      expect(arrived.departmentId).toBe(billing);
    } finally {
      supportSocket.close();
      billingSocket.close();
    }
  });

  it('answers commands with an ack after commit, and bad payloads with a clear error', async () => {
    const member = await t.agent({ departmentIds: [support] });
    const socket = await connectAgent(t.baseUrl, { http: member.http });
    try {
      const created = await t.admin.post('/api/v1/tickets', { subject: 'Ack', message: 'x', contact: { email: 'ack@example.com' }, departmentId: support });
      const ticketId = created.body.ticket.id;
      const ack = await emitWithAck(socket, 'ticket:reply', { ticketId, body: 'via socket', clientId: 'sock-reply-0001' });
      expect(ack.ok).toBe(true);
      // The ack came after commit: the reply is readable at once.
      const thread = (await member.http.get(`/api/v1/tickets/${ticketId}`)).body.thread;
      expect(thread.some((i: { id: number }) => i.id === ack.data.id)).toBe(true);
      const retry = await emitWithAck(socket, 'ticket:reply', { ticketId, body: 'via socket', clientId: 'sock-reply-0001' });
      expect(retry.data.id).toBe(ack.data.id);

      const wrongType = await emitWithAck(socket, 'ticket:reply', { ticketId: 'abc', body: 7 });
      expect(wrongType).toEqual({ ok: false, error: expect.objectContaining({ code: 'request/invalid' }) });
      const unknownField = await emitWithAck(socket, 'ticket:add_note', { ticketId, body: 'x', internal: false });
      expect(unknownField.ok).toBe(false);
      const unknownEvent = await emitWithAck(socket, 'ticket:delete_everything', { ticketId });
      expect(unknownEvent).toEqual({ ok: false, error: expect.objectContaining({ code: 'request/unknown_event' }) });
      // The connection survived all of it.
      expect((await emitWithAck(socket, 'ticket:watch', { ticketId })).ok).toBe(true);
    } finally {
      socket.close();
    }
  });

  it('authenticates integrations with an API token', async () => {
    const token = (await t.admin.post('/api/v1/api-tokens', { name: 'integration' })).body.token;
    const socket = await connectAgent(t.baseUrl, { token });
    try {
      const created = await t.admin.post('/api/v1/tickets', { subject: 'Token', message: 'x', contact: { email: 'token@example.com' }, departmentId: support });
      expect((await emitWithAck(socket, 'ticket:watch', { ticketId: created.body.ticket.id })).ok).toBe(true);
    } finally {
      socket.close();
    }
  });
});

describeEachDatabase('realtime follows access changes', (db) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ db });
  });
  afterAll(() => t?.close());

  it('stops pushing a department\'s tickets to an agent removed from it, and cuts off a deactivated agent', async () => {
    const support = await t.department('Support');
    const agent = await t.agent({ departmentIds: [support] });
    const socket = await connectAgent(t.baseUrl, { http: agent.http });
    const events = recordEvents(socket);
    try {
      const first = await t.admin.post('/api/v1/tickets', { subject: 'Before', message: 'x', contact: { email: 'before@example.com' }, departmentId: support });
      await events.waitFor('ticket:created', (p) => p.id === first.body.ticket.id);
      expect((await t.admin.patch(`/api/v1/agents/${agent.id}`, { departmentIds: [] })).status).toBe(200);
      await new Promise((r) => setTimeout(r, 200));
      const second = await t.admin.post('/api/v1/tickets', { subject: 'After', message: 'x', contact: { email: 'after@example.com' }, departmentId: support });
      await new Promise((r) => setTimeout(r, 300));
      expect(events.events.some((e) => e.payload?.id === second.body.ticket.id)).toBe(false);

      const disconnected = new Promise((resolve) => socket.once('disconnect', resolve));
      expect((await t.admin.patch(`/api/v1/agents/${agent.id}`, { active: false })).status).toBe(200);
      await disconnected;
      expect((await agent.http.get('/api/v1/tickets')).status).toBe(401);
    } finally {
      socket.close();
    }
  });
});

describeEachDatabase('socket handshakes from other sites', (db) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ db });
  });
  afterAll(() => t?.close());

  it('refuses a browser connection from a foreign origin even with a valid session cookie', async () => {
    const { io } = await import('socket.io-client');
    const socket = io(`${t.baseUrl}/agent`, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie: t.admin.cookie!, origin: 'https://evil.example' } });
    const outcome = await new Promise((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', () => resolve('refused'));
    });
    socket.close();
    expect(outcome).toBe('refused');
    const own = await connectAgent(t.baseUrl, { http: t.admin });
    own.close();
  });
});
