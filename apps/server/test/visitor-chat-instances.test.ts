import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, postgresServerUrl, type TestApp } from './helpers/create-test-app.js';
import { connectAgent, connectVisitor, emitWithAck, issueVisitor, recordEvents } from './helpers/sockets.js';

const redisUrl = process.env.REDIS_URL_FOR_TESTS ?? null;

/** The visitor on one instance, the agent on another: one PostgreSQL, one Redis, one visitor-token secret. */
describe.skipIf(!postgresServerUrl || !redisUrl)('visitor chats across instances [postgresql + redis]', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    const env = {
      REDIS_URL: redisUrl!,
      REDIS_KEY_PREFIX: `parley-test-visitors-${process.pid}-${Date.now()}`,
      VISITOR_TOKEN_SECRET: 'the installation-wide secret, thirty-two characters or more',
    };
    a = await createTestApp({ db: 'postgresql', env });
    b = await createTestApp({ db: 'postgresql', env, sameDatabaseAs: a });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('carries the conversation both ways, typing included, and de-duplicates a message sent to both instances', async () => {
    const support = await a.department('Support');
    const agent = await a.agent({ name: 'Bea on B', departmentIds: [support] });
    const httpB = b.client();
    expect((await httpB.signIn(agent.email, 'agent password 123')).status).toBe(200);
    const agentSocket = await connectAgent(b.baseUrl, { http: httpB });
    const agentEvents = recordEvents(agentSocket);
    const { token } = await issueVisitor(a.baseUrl);
    const onA = await connectVisitor(a.baseUrl, token);
    const onB = await connectVisitor(b.baseUrl, token);
    const heardOnA = recordEvents(onA);
    try {
      const start = await emitWithAck(onA, 'chat:start', { clientId: 'across-start-1', message: 'hello from A', departmentId: support });
      const ticketId = Number(start.data.chat.number.replace('#', ''));
      await agentEvents.waitFor('ticket:created', (p) => p.id === ticketId && p.channel === 'chat');
      await emitWithAck(agentSocket, 'ticket:watch', { ticketId });

      await emitWithAck(onA, 'chat:typing', { typing: true });
      expect(await agentEvents.waitFor('chat:visitor_typing')).toEqual({ ticketId, typing: true });

      const reply = await emitWithAck(agentSocket, 'ticket:reply', { ticketId, body: 'hello from B' });
      expect(await heardOnA.waitFor('chat:message', (p) => p.id === reply.data.id)).toMatchObject({ from: 'agent', authorName: 'Bea on B', body: 'hello from B' });

      // The same message sent at once through both instances (two tabs on two servers) is stored once.
      const [viaA, viaB] = await Promise.all([
        emitWithAck(onA, 'chat:message', { clientId: 'across-dup-1', body: 'twice?' }),
        emitWithAck(onB, 'chat:message', { clientId: 'across-dup-1', body: 'twice?' }),
      ]);
      expect(viaA.data.message.id).toBe(viaB.data.message.id);
      const thread = (await a.admin.get(`/api/v1/tickets/${ticketId}`)).body.thread;
      expect(thread.filter((i: any) => i.clientId === 'across-dup-1')).toHaveLength(1);
    } finally {
      agentSocket.close();
      onA.close();
      onB.close();
    }
  });

  it('routes across instances: the offer reaches agents on both, two accepts on two instances give the chat to one', async () => {
    const sales = await a.department('Routing sales');
    const onA = await a.agent({ name: 'Ann on A', departmentIds: [sales] });
    const onB = await a.agent({ name: 'Ben on B', departmentIds: [sales] });
    const httpB = b.client();
    expect((await httpB.signIn(onB.email, 'agent password 123')).status).toBe(200);
    const socketA = await connectAgent(a.baseUrl, { http: onA.http });
    const socketB = await connectAgent(b.baseUrl, { http: httpB });
    const eventsA = recordEvents(socketA);
    const eventsB = recordEvents(socketB);
    const { token } = await issueVisitor(a.baseUrl);
    const visitor = await connectVisitor(a.baseUrl, token);
    const frames = recordEvents(visitor);
    try {
      // Started on A: the agent connected to B is rung too (B's socket is found through the Redis adapter).
      const start = await emitWithAck(visitor, 'chat:start', { clientId: 'across-route-1', message: 'who takes me?', departmentId: sales });
      const ticketId = Number(start.data.chat.number.replace('#', ''));
      await eventsA.waitFor('chat:offered', (p) => p.ticketId === ticketId);
      await eventsB.waitFor('chat:offered', (p) => p.ticketId === ticketId);

      const [viaA, viaB] = await Promise.all([
        emitWithAck(socketA, 'chat:accept', { ticketId }),
        emitWithAck(socketB, 'chat:accept', { ticketId }),
      ]);
      expect([viaA.ok, viaB.ok].filter(Boolean)).toHaveLength(1);
      expect((viaA.ok ? viaB : viaA).error.code).toBe('chat/already_taken');
      const winnerName = viaA.ok ? 'Ann on A' : 'Ben on B';
      await (viaA.ok ? eventsB : eventsA).waitFor('chat:offer_withdrawn', (p) => p.ticketId === ticketId);
      expect(await frames.waitFor('chat:state', (p) => p.phase === 'connected')).toEqual({ phase: 'connected', waitingSince: null, agent: { name: winnerName } });
      const ticket = (await a.admin.get(`/api/v1/tickets/${ticketId}`)).body.ticket;
      expect(ticket.assignedAgentId).toBe(viaA.ok ? onA.id : onB.id);
    } finally {
      socketA.close();
      socketB.close();
      visitor.close();
    }
  });

  it('tells a widget on one instance that an agent connected to the other is online', async () => {
    const sales = await a.department('Sales');
    const created = await a.admin.post('/api/v1/widgets', { name: 'Across', departmentId: sales });
    const online = async () => ((await (await fetch(`${a.baseUrl}/api/v1/widget/config/${created.body.key}`)).json()) as { online: boolean }).online;
    expect(await online()).toBe(false);
    const agent = await a.agent({ name: 'Sam on B', departmentIds: [sales] });
    const httpB = b.client();
    expect((await httpB.signIn(agent.email, 'agent password 123')).status).toBe(200);
    const agentSocket = await connectAgent(b.baseUrl, { http: httpB });
    try {
      expect(await online()).toBe(true);
    } finally {
      agentSocket.close();
    }
    await expect.poll(online, { timeout: 3000 }).toBe(false);
  });
});

