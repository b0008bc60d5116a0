import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN } from './helpers/create-test-app.js';
import { HttpClient } from './helpers/http-client.js';
import { freePort, type ServerProcess, startSourceServer } from './helpers/server-process.js';
import { connectVisitor, emitWithAck, issueVisitor, sendVisitorMessage, type VisitorClientSocket } from './helpers/sockets.js';

/**
 * What a widget does for a request that must get through: wait until connected, ask, and ask again (same
 * payload, same client id) when the connection dropped before the answer came.
 */
async function ask(socket: VisitorClientSocket, event: string, payload: unknown): Promise<any> {
  for (let attempt = 1; ; attempt++) {
    if (!socket.connected) await new Promise((resolve) => socket.once('connect', () => resolve(undefined)));
    try {
      return await emitWithAck(socket, event, payload);
    } catch (error) {
      if (attempt >= 5) throw error;
    }
  }
}

describe('a visitor conversation across a SIGKILL of the server', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-crash-'));
  let server: ServerProcess | null = null;
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged message exactly once, and retries of unacknowledged ones make no duplicates', async () => {
    const port = await freePort();
    const env = {
      PORT: String(port),
      DATABASE_URL: `sqlite:${join(dataDir, 'parley.sqlite')}`,
      PARLEY_DATA_DIR: dataDir,
      PARLEY_ADMIN_EMAIL: ADMIN.email,
      PARLEY_ADMIN_PASSWORD: ADMIN.password,
    };
    server = await startSourceServer(env);
    const agent = new HttpClient(server.url);
    expect((await agent.signIn(ADMIN.email, ADMIN.password)).status).toBe(200);
    const { token } = await issueVisitor(server.url);
    const socket = await connectVisitor(server.url, token, { reconnection: true });
    try {
      const start = await emitWithAck(socket, 'chat:start', { clientId: 'crash-start-0001', message: 'before the crash' });
      expect(start.ok).toBe(true);
      const ticketId = Number(start.data.chat.number.replace('#', ''));
      const sent = new Map<string, string>([['crash-start-0001', 'before the crash']]);
      const acked = new Set<string>(['crash-start-0001']);
      const replies = new Map<string, string>();
      const repliesAcked = new Set<string>();
      const reply = async (clientId: string, body: string) => {
        replies.set(clientId, body);
        try {
          const res = await agent.post(`/api/v1/tickets/${ticketId}/replies`, { body, clientId });
          if (res.status === 201) repliesAcked.add(clientId);
        } catch {
          // the server died under the request: retried below
        }
      };

      // A calm conversation first.
      for (let i = 1; i <= 5; i++) {
        const id = `crash-calm-${String(i).padStart(4, '0')}`;
        sent.set(id, `calm ${i}`);
        expect((await sendVisitorMessage(socket, id, `calm ${i}`))?.ok).toBe(true);
        acked.add(id);
        await reply(`crash-reply-calm-${i}`, `reply ${i}`);
      }

      // Then a stream of messages, 20 in flight at any moment, and kill -9 in the middle of it. The stream goes
      // on until the dying server stops answering, so some messages are always sent and never acknowledged.
      const current = server;
      let killed: Promise<void> | null = null;
      let acksInStream = 0;
      let next = 0;
      const pump = async (): Promise<void> => {
        for (;;) {
          const i = ++next;
          const id = `crash-stream-${String(i).padStart(4, '0')}`;
          sent.set(id, `stream ${i}`);
          if (i % 10 === 0) void reply(`crash-reply-stream-${i}`, `stream reply ${i}`);
          const ack = await sendVisitorMessage(socket, id, `stream ${i}`);
          if (!ack?.ok) return;
          acked.add(id);
          if (++acksInStream === 60 && !killed) killed = current.kill();
        }
      };
      await Promise.all(Array.from({ length: 20 }, pump));
      expect(killed).not.toBeNull();
      await killed;
      expect(acked.size).toBeLessThan(sent.size);

      // Restart on the same file and port; the widget reconnects by itself with the same token.
      server = await startSourceServer(env);
      if (!socket.connected) await new Promise((resolve) => socket.once('connect', () => resolve(undefined)));
      expect((await agent.signIn(ADMIN.email, ADMIN.password)).status).toBe(200);

      // Every acknowledged message survived the kill, before anyone retried anything.
      const survived = await ask(socket, 'chat:history', {});
      const stored = new Set(survived.data.messages.map((m: any) => m.clientId).filter(Boolean));
      for (const id of acked) expect(stored.has(id)).toBe(true);
      const committedUnacked = [...sent.keys()].filter((id) => !acked.has(id) && stored.has(id)).length;
      console.info(`SIGKILL: ${acked.size} of ${sent.size} messages acknowledged; ${committedUnacked} more committed without an ack; the rest retried`);

      // Both sides retry what they were not told was done, with the same client ids.
      for (const [id, body] of sent) {
        if (acked.has(id)) continue;
        const ack = await ask(socket, 'chat:message', { clientId: id, body });
        expect(ack?.ok).toBe(true);
        acked.add(id);
      }
      for (const [id, body] of replies) if (!repliesAcked.has(id)) await reply(id, body);
      expect(repliesAcked.size).toBe(replies.size);

      const history = await ask(socket, 'chat:history', {});
      expect(history.ok).toBe(true);
      const fromVisitor = history.data.messages.filter((m: any) => m.from === 'customer');
      const ids = fromVisitor.map((m: any) => m.clientId);
      expect(ids.length).toBe(new Set(ids).size);
      expect(new Set(ids)).toEqual(new Set(sent.keys()));
      for (const m of fromVisitor) expect(m.body).toBe(sent.get(m.clientId));
      const agentBodies = history.data.messages.filter((m: any) => m.from === 'agent').map((m: any) => m.body);
      expect(agentBodies.sort()).toEqual([...replies.values()].sort());

      // The agent's side resyncs to the same thread.
      const detail = await agent.get(`/api/v1/tickets/${ticketId}`);
      const items = detail.body.thread.filter((i: any) => i.kind === 'customer_message' || i.kind === 'agent_reply');
      expect(items.map((i: any) => i.id)).toEqual(history.data.messages.map((m: any) => m.id));
    } finally {
      socket.close();
    }
  }, 90_000);
});
