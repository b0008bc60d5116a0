import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresServerUrl, type TestApp } from './helpers/create-test-app.js';
import { HttpClient } from './helpers/http-client.js';
import type { ServerProcess } from './helpers/server-process.js';
import { connectAgent, connectVisitor, emitWithAck, issueVisitor, recordEvents, sendVisitorMessage } from './helpers/sockets.js';
import { redisUrlForTests as redisUrl, startTwoProcesses, type TwoProcesses } from './helpers/two-processes.js';

/**
 * Two server processes on one PostgreSQL and one Redis; the visitor is on the one that gets killed (SIGKILL,
 * mid-stream), the agent on the other. Messages the dead instance stored but never announced reach the
 * agent when the widget retries them on the survivor; nothing acknowledged is heard twice or never.
 */
describe.skipIf(!postgresServerUrl || !redisUrl)('a visitor instance killed mid-stream [postgresql + redis]', () => {
  let two: TwoProcesses;
  let setup: TestApp;
  let servers: readonly ServerProcess[];

  beforeAll(async () => {
    // One visitor sends a burst far beyond a person's pace here; the limit is not what is tested.
    two = await startTwoProcesses('two-crash', { VISITOR_COMMANDS_PER_MINUTE: '100000' });
    ({ setup, servers } = two);
  }, 90_000);
  afterAll(() => two?.close());

  it('lets the agent on the surviving instance hear every acknowledged message exactly once', async () => {
    const [doomed, survivor] = servers as [ServerProcess, ServerProcess];
    const support = await setup.department('Support');
    const agent = await setup.agent({ name: 'Ann on the survivor', departmentIds: [support] });
    const http = new HttpClient(survivor.url);
    expect((await http.signIn(agent.email, 'agent password 123')).status).toBe(200);
    const agentSocket = await connectAgent(survivor.url, { http });
    const heard = recordEvents(agentSocket);
    const { token } = await issueVisitor(doomed.url);
    let visitor = await connectVisitor(doomed.url, token);
    try {
      const start = await emitWithAck(visitor, 'chat:start', { clientId: 'two-crash-start', message: 'hello', departmentId: support });
      expect(start.ok).toBe(true);
      const ticketId = Number(start.data.chat.number.replace('#', ''));
      expect((await emitWithAck(agentSocket, 'ticket:watch', { ticketId })).ok).toBe(true);

      const sent = new Map<string, string>();
      const acked = new Set<string>();
      let killed: Promise<void> | null = null;
      let next = 0;
      const pump = async (): Promise<void> => {
        while (!killed) {
          const id = `two-crash-${String(++next).padStart(5, '0')}`;
          sent.set(id, `message ${next}`);
          const ack = await sendVisitorMessage(visitor, id, `message ${next}`);
          if (!ack?.ok) return;
          acked.add(id);
          if (acked.size === 200 && !killed) killed = doomed.kill();
        }
      };
      await Promise.all(Array.from({ length: 30 }, pump));
      await killed;

      // The widget, pointed at the survivor by the load balancer, retries what it was not told was done.
      visitor.close();
      visitor = await connectVisitor(survivor.url, token);
      const history = await emitWithAck(visitor, 'chat:history', {});
      expect(history.ok, JSON.stringify(history)).toBe(true);
      const storedBeforeRetry = new Set(history.data.messages.map((m: any) => m.clientId));
      for (const id of acked) expect(storedBeforeRetry.has(id)).toBe(true);
      const storedUnacked = [...sent.keys()].filter((id) => !acked.has(id) && storedBeforeRetry.has(id));
      for (const [id, body] of sent) {
        if (acked.has(id)) continue;
        const ack = await emitWithAck(visitor, 'chat:message', { clientId: id, body });
        expect(ack.ok, JSON.stringify(ack)).toBe(true);
        acked.add(id);
      }
      console.info(`two instances, SIGKILL: ${sent.size} sent, ${storedUnacked.length} stored without an ack before the retry`);

      // Every message is heard by the agent, once.
      const customerFrames = () => heard.events.filter((e) => e.name === 'thread:item_created' && e.payload.ticketId === ticketId && e.payload.kind === 'customer_message');
      await expect.poll(() => new Set(customerFrames().map((e) => e.payload.clientId)).size, { timeout: 20_000 }).toBe(sent.size + 1);
      // Give late duplicates a moment to show up before counting.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const perClientId = new Map<string, number>();
      for (const frame of customerFrames()) perClientId.set(frame.payload.clientId, (perClientId.get(frame.payload.clientId) ?? 0) + 1);
      const repeated = [...perClientId].filter(([, n]) => n > 1);
      expect(repeated).toEqual([]);
    } finally {
      visitor.close();
      agentSocket.close();
    }
  }, 120_000);
});
