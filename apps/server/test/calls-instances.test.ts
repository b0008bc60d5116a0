import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, postgresServerUrl, type TestApp } from './helpers/create-test-app.js';
import { connectAgent, connectVisitor, emitWithAck, issueVisitor, recordEvents } from './helpers/sockets.js';

const redisUrl = process.env.REDIS_URL_FOR_TESTS ?? null;

/** Calls between agents on two instances of one installation (one PostgreSQL, one Redis): caller and callee apart. */
describe.skipIf(!postgresServerUrl || !redisUrl)('calls on several instances [postgresql + redis]', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    const env = { REDIS_URL: redisUrl!, REDIS_KEY_PREFIX: `parley-calls-test-${process.pid}-${Date.now()}` };
    a = await createTestApp({ db: 'postgresql', env });
    b = await createTestApp({ db: 'postgresql', env, sameDatabaseAs: a });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('rings, connects, relays signals and ends a call whose caller is on one instance and callee on the other; a visitor hears nothing', async () => {
    const ann = await a.agent({ name: 'Ann I' });
    const bob = await a.agent({ name: 'Bob I' });
    const bobOnB = b.client();
    expect((await bobOnB.signIn(bob.email, 'agent password 123')).status).toBe(200);
    const annSocket = await connectAgent(a.baseUrl, { http: ann.http });
    const bobTab1 = await connectAgent(b.baseUrl, { http: bobOnB });
    const bobTab2 = await connectAgent(a.baseUrl, { http: bob.http });
    const visitor = await connectVisitor(b.baseUrl, (await issueVisitor(b.baseUrl)).token);
    const ann$ = recordEvents(annSocket);
    const bob1$ = recordEvents(bobTab1);
    const bob2$ = recordEvents(bobTab2);
    const visitor$ = recordEvents(visitor);
    try {
      const conversationId = (await ann.http.post('/api/v1/team/direct', { agentId: bob.id })).body.id;
      const started = await emitWithAck(annSocket, 'call:start', { conversationId, tabId: 'tab_ann_instances', clientId: `call-${Date.now()}` });
      expect(started).toMatchObject({ ok: true, data: { status: 'ringing' } });
      const callId = started.data.id;
      // Bob's tabs on both instances ring; he answers on B, and his tab on A stops ringing.
      await Promise.all([bob1$.waitFor('call:ringing', (c) => c.id === callId), bob2$.waitFor('call:ringing', (c) => c.id === callId)]);
      expect(await emitWithAck(bobTab1, 'call:accept', { callId, tabId: 'tab_bob_instances' })).toMatchObject({ ok: true, data: { status: 'active' } });
      await bob2$.waitFor('call:stop_ringing', (s) => s.callId === callId && s.reason === 'answered');
      await ann$.waitFor('call:state', (c) => c.id === callId && c.status === 'active');
      // Signals cross the instances to the one tab in the call.
      const offer = { type: 'offer' as const, sdp: 'v=0\r\n' };
      expect(await emitWithAck(annSocket, 'call:signal', { callId, tabId: 'tab_ann_instances', toAgentId: bob.id, signal: offer })).toMatchObject({ ok: true });
      expect(await bob1$.waitFor('call:signal')).toEqual({ callId, fromAgentId: ann.id, signal: offer });
      const candidate = { type: 'candidate' as const, candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 54400 typ host', sdpMid: '0', sdpMLineIndex: 0 };
      expect(await emitWithAck(bobTab1, 'call:signal', { callId, tabId: 'tab_bob_instances', toAgentId: ann.id, signal: candidate })).toMatchObject({ ok: true });
      expect(await ann$.waitFor('call:signal')).toEqual({ callId, fromAgentId: bob.id, signal: candidate });
      // Hung up on A: B's tab hears the end.
      expect(await emitWithAck(annSocket, 'call:hangup', { callId })).toMatchObject({ ok: true, data: { status: 'ended', endReason: 'completed' } });
      await bob1$.waitFor('call:state', (c) => c.id === callId && c.status === 'ended');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(bob2$.events.filter((e) => e.name === 'call:signal')).toEqual([]);
      expect(visitor$.events.filter((e) => e.name.startsWith('call'))).toEqual([]);
    } finally {
      for (const socket of [annSocket, bobTab1, bobTab2, visitor]) socket.close();
    }
  });
});
