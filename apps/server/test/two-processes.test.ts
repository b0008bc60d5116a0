import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresServerUrl, type TestApp } from './helpers/create-test-app.js';
import { HttpClient } from './helpers/http-client.js';
import type { ServerProcess } from './helpers/server-process.js';
import { connectAgent, connectVisitor, emitWithAck, issueVisitor, recordEvents } from './helpers/sockets.js';
import { redisUrlForTests as redisUrl, startTwoProcesses, type TwoProcesses } from './helpers/two-processes.js';

/**
 * Two server processes on one PostgreSQL and one Redis, as a scaled installation runs: the visitor talks to
 * one, the agents to either. The live chat works end to end across them — offer, accept, typing both ways,
 * messages both ways, a note the visitor never sees, a transfer to an agent on the other process, the end —
 * and every frame the visitor's socket receives is checked.
 */
describe.skipIf(!postgresServerUrl || !redisUrl)('the live chat across two server processes [postgresql + redis]', () => {
  let two: TwoProcesses;
  let setup: TestApp;
  let servers: readonly ServerProcess[];

  beforeAll(async () => {
    two = await startTwoProcesses('two');
    ({ setup, servers } = two);
  }, 90_000);
  afterAll(() => two?.close());

  it('offers, accepts, carries typing and messages both ways, transfers across processes and ends, never leaking a note', async () => {
    const [one, two] = servers as [ServerProcess, ServerProcess];
    const support = await setup.department('Support across processes');
    const ann = await setup.agent({ name: 'Ann on two', departmentIds: [support] });
    const ben = await setup.agent({ name: 'Ben on one', departmentIds: [support] });
    const signedIn = async (server: ServerProcess, email: string) => {
      const http = new HttpClient(server.url);
      expect((await http.signIn(email, 'agent password 123')).status).toBe(200);
      return connectAgent(server.url, { http });
    };
    const annSocket = await signedIn(two, ann.email);
    const benSocket = await signedIn(one, ben.email);
    const annHears = recordEvents(annSocket);
    const benHears = recordEvents(benSocket);
    const { token } = await issueVisitor(one.url);
    const visitor = await connectVisitor(one.url, token);
    const frames = recordEvents(visitor);
    try {
      const start = await emitWithAck(visitor, 'chat:start', { clientId: 'two-processes-start', message: 'Hello from process one', name: 'Vera', departmentId: support });
      expect(start.ok).toBe(true);
      const ticketId = Number(start.data.chat.number);
      await annHears.waitFor('chat:offered', (p) => p.ticketId === ticketId);
      await benHears.waitFor('chat:offered', (p) => p.ticketId === ticketId);

      expect(await emitWithAck(annSocket, 'chat:accept', { ticketId })).toMatchObject({ ok: true });
      await benHears.waitFor('chat:offer_withdrawn', (p) => p.ticketId === ticketId);
      expect(await frames.waitFor('chat:state', (p) => p.phase === 'connected')).toMatchObject({ agent: { name: 'Ann on two' } });

      expect(await emitWithAck(annSocket, 'ticket:watch', { ticketId })).toMatchObject({ ok: true });
      await emitWithAck(annSocket, 'ticket:typing', { ticketId, typing: true, reply: true });
      expect(await frames.waitFor('chat:agent_typing', (p) => p.typing)).toEqual({ typing: true, name: 'Ann on two' });
      await emitWithAck(visitor, 'chat:typing', { typing: true });
      expect(await annHears.waitFor('chat:visitor_typing', (p) => p.typing)).toEqual({ ticketId, typing: true });

      const note = await emitWithAck(annSocket, 'ticket:add_note', { ticketId, body: 'INTERNAL: check the refund policy first' });
      expect(note.ok).toBe(true);
      const reply = await emitWithAck(annSocket, 'ticket:reply', { ticketId, body: 'Hi Vera, Ann here.', clientId: 'two-processes-reply' });
      expect(await frames.waitFor('chat:message', (p) => p.id === reply.data.id)).toMatchObject({ from: 'agent', authorName: 'Ann on two', body: 'Hi Vera, Ann here.' });
      const answer = await emitWithAck(visitor, 'chat:message', { clientId: 'two-processes-answer', body: 'Thanks, Ann!' });
      await annHears.waitFor('thread:item_created', (p) => p.id === answer.data.message.id);

      // Ann (process two) hands the chat to Ben (process one); he accepts and the visitor sees him join.
      expect(await emitWithAck(annSocket, 'chat:transfer', { ticketId, agentId: ben.id, note: 'Ben knows refunds' })).toMatchObject({ ok: true });
      await benHears.waitFor('chat:offered', (p) => p.ticketId === ticketId);
      expect(await emitWithAck(benSocket, 'chat:accept', { ticketId })).toMatchObject({ ok: true });
      expect(await frames.waitFor('chat:state', (p) => p.phase === 'connected' && p.agent?.name === 'Ben on one')).toBeTruthy();

      expect(await emitWithAck(visitor, 'chat:end', {})).toMatchObject({ ok: true });
      await benHears.waitFor('thread:item_created', (p) => p.ticketId === ticketId && p.systemEvent?.type === 'chat_ended');

      // Every frame the visitor received: only the visitor contract's facts, no note, no agent id, no system line.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const allowed = new Set(['chat:message', 'chat:state', 'chat:agent_typing', 'chat:agent_seen', 'chat:ended']);
      for (const frame of frames.events) {
        expect(allowed.has(frame.name), frame.name).toBe(true);
        const text = JSON.stringify(frame.payload);
        expect(text).not.toContain('INTERNAL');
        expect(text).not.toMatch(/agentId|authorAgent|systemEvent|internal/i);
      }
      const detail = (await setup.admin.get(`/api/v1/tickets/${ticketId}`)).body;
      expect(detail.ticket.assignedAgentId).toBe(ben.id);
      expect(detail.thread.map((i: { body: string }) => i.body)).toEqual(expect.arrayContaining(['Hello from process one', 'Hi Vera, Ann here.', 'Thanks, Ann!']));
    } finally {
      visitor.close();
      annSocket.close();
      benSocket.close();
    }
  }, 60_000);
});
