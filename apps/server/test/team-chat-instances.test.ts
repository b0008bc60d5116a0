import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, postgresServerUrl, type TestApp } from './helpers/create-test-app.js';
import { connectAgent, emitWithAck, recordEvents } from './helpers/sockets.js';

const redisUrl = process.env.REDIS_URL_FOR_TESTS ?? null;

/** The team chat on two instances of one installation (one PostgreSQL, one Redis). */
describe.skipIf(!postgresServerUrl || !redisUrl)('team chat on several instances [postgresql + redis]', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    const env = { REDIS_URL: redisUrl!, REDIS_KEY_PREFIX: `parley-team-test-${process.pid}-${Date.now()}` };
    a = await createTestApp({ db: 'postgresql', env });
    b = await createTestApp({ db: 'postgresql', env, sameDatabaseAs: a });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('delivers a message, typing and a mention sent through one instance to a member connected to the other, and to no one else', async () => {
    const support = await a.department('Support');
    const billing = await a.department('Billing');
    const alice = await a.agent({ name: 'Alice I', departmentIds: [support] });
    const bob = await a.agent({ name: 'Bob I', departmentIds: [support] });
    const outsider = await a.agent({ name: 'Olga I', departmentIds: [billing] });
    const bobOnB = b.client();
    const outsiderOnB = b.client();
    expect((await bobOnB.signIn(bob.email, 'agent password 123')).status).toBe(200);
    expect((await outsiderOnB.signIn(outsider.email, 'agent password 123')).status).toBe(200);
    const aliceSocket = await connectAgent(a.baseUrl, { http: alice.http });
    const bobSocket = await connectAgent(b.baseUrl, { http: bobOnB });
    const outsiderSocket = await connectAgent(b.baseUrl, { http: outsiderOnB });
    const bobEvents = recordEvents(bobSocket);
    const outsiderEvents = recordEvents(outsiderSocket);
    try {
      const channel = (await alice.http.get('/api/v1/team/conversations')).body.items.find((c: any) => c.departmentId === support);
      await emitWithAck(aliceSocket, 'team:typing', { conversationId: channel.id, typing: true });
      await bobEvents.waitFor('team:typing', (p) => p.agentId === alice.id);
      const ack = await emitWithAck(aliceSocket, 'team:send', { conversationId: channel.id, clientId: `across-${Date.now()}-abc`, body: '@Bob I across instances', mentions: [bob.id] });
      expect(ack.ok).toBe(true);
      await bobEvents.waitFor('team:message', (m) => m.id === ack.data.id);
      await bobEvents.waitFor('team:mentioned', (p) => p.message.id === ack.data.id);
      // Read on instance B: the count is the same on A.
      expect((await bobOnB.post(`/api/v1/team/conversations/${channel.id}/read`, { messageId: ack.data.id })).body.unreadCount).toBe(0);
      expect((await bob.http.get('/api/v1/team/conversations')).body.items.find((c: any) => c.id === channel.id).unreadCount).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(outsiderEvents.events.filter((e) => e.name.startsWith('team:'))).toEqual([]);
    } finally {
      for (const socket of [aliceSocket, bobSocket, outsiderSocket]) socket.close();
    }
  });
});
