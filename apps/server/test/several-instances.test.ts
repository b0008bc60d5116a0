import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, postgresServerUrl, type TestApp } from './helpers/create-test-app.js';
import { connectAgent, emitWithAck, recordEvents } from './helpers/sockets.js';

const redisUrl = process.env.REDIS_URL_FOR_TESTS ?? null;

/** Two server instances on one PostgreSQL and one Redis, as operators scale Parley. */
describe.skipIf(!postgresServerUrl || !redisUrl)('several instances [postgresql + redis]', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    const prefix = `parley-test-${process.pid}-${Date.now()}`;
    const env = { REDIS_URL: redisUrl!, REDIS_KEY_PREFIX: prefix, PRESENCE_GRACE_MS: '200', TYPING_LAPSE_MS: '5000' };
    a = await createTestApp({ db: 'postgresql', env });
    b = await createTestApp({ db: 'postgresql', env, sameDatabaseAs: a });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('pushes a change made through one instance to an agent connected to the other', async () => {
    const support = await a.department('Support');
    const agent = await a.agent({ departmentIds: [support] });
    const httpB = b.client();
    expect((await httpB.signIn(agent.email, 'agent password 123')).status).toBe(200);
    const socket = await connectAgent(b.baseUrl, { http: httpB });
    const events = recordEvents(socket);
    try {
      const created = await a.admin.post('/api/v1/tickets', { subject: 'Across', message: 'x', contact: { email: 'across@example.com' }, departmentId: support });
      const pushed = await events.waitFor('ticket:created', (p) => p.id === created.body.ticket.id);
      expect(pushed.subject).toBe('Across');
    } finally {
      socket.close();
    }
  });

  it('reads presence from the connections of every instance, and announces it across them', async () => {
    const agent = await a.agent({});
    const httpB = b.client();
    expect((await httpB.signIn(agent.email, 'agent password 123')).status).toBe(200);
    const observer = await connectAgent(a.baseUrl, { http: a.admin });
    const seen = recordEvents(observer);
    try {
      const socket = await connectAgent(b.baseUrl, { http: httpB });
      expect(await seen.waitFor('agent:presence', (p) => p.agentId === agent.id && p.connected)).toEqual({ agentId: agent.id, availability: 'online', connected: true, inCall: false });
      // Asked on A, answered from B's sockets.
      const listed = (await a.admin.get('/api/v1/agents/presence')).body.items.find((p: { agentId: number }) => p.agentId === agent.id);
      expect(listed).toEqual({ agentId: agent.id, availability: 'online', connected: true, inCall: false });
      expect((await httpB.patch('/api/v1/me', { availability: 'away' })).status).toBe(200);
      await seen.waitFor('agent:presence', (p) => p.agentId === agent.id && p.availability === 'away');
      socket.close();
      expect(await seen.waitFor('agent:presence', (p) => p.agentId === agent.id && !p.connected)).toEqual({ agentId: agent.id, availability: 'away', connected: false, inCall: false });
      expect((await b.admin.get('/api/v1/agents/presence')).body.items.find((p: { agentId: number }) => p.agentId === agent.id).connected).toBe(false);
    } finally {
      observer.close();
    }
  });

  it('shows viewers and typing of one ticket across instances, and drops a viewer who loses sight of it', async () => {
    const support = await a.department('Support 2');
    const billing = await a.department('Billing 2');
    const onA = await a.agent({ departmentIds: [support, billing] });
    const onB = await a.agent({ departmentIds: [support] });
    const httpB = b.client();
    expect((await httpB.signIn(onB.email, 'agent password 123')).status).toBe(200);
    const socketA = await connectAgent(a.baseUrl, { http: onA.http });
    const socketB = await connectAgent(b.baseUrl, { http: httpB });
    const eventsA = recordEvents(socketA);
    const eventsB = recordEvents(socketB);
    try {
      const created = await a.admin.post('/api/v1/tickets', { subject: 'Together', message: 'x', contact: { email: 'together@example.com' }, departmentId: support });
      const ticketId = created.body.ticket.id;
      await emitWithAck(socketA, 'ticket:watch', { ticketId });
      const both = [onA.id, onB.id].sort((x, y) => x - y).map((agentId) => ({ agentId, typing: false }));
      expect((await emitWithAck(socketB, 'ticket:watch', { ticketId })).data.viewers).toEqual(both);
      await eventsA.waitFor('ticket:viewers', (p) => p.ticketId === ticketId && p.viewers.length === 2);
      await emitWithAck(socketB, 'ticket:typing', { ticketId, typing: true });
      await eventsA.waitFor('ticket:viewers', (p) => p.ticketId === ticketId && p.viewers.some((v: { agentId: number; typing: boolean }) => v.agentId === onB.id && v.typing));

      // Moved to billing through instance A: the viewer on B loses sight; A's agent hears only themselves remain.
      const heard = eventsB.events.length;
      expect((await a.admin.post(`/api/v1/tickets/${ticketId}/transfer`, { departmentId: billing })).status).toBe(200);
      await eventsB.waitFor('ticket:hidden', (p) => p.ticketId === ticketId);
      await eventsA.waitFor('ticket:viewers', (p) => p.ticketId === ticketId && JSON.stringify(p.viewers) === JSON.stringify([{ agentId: onA.id, typing: false }]));
      await new Promise((r) => setTimeout(r, 200));
      expect(eventsB.events.slice(heard).filter((e) => e.name === 'ticket:viewers')).toEqual([]);
    } finally {
      socketA.close();
      socketB.close();
    }
  });
});
