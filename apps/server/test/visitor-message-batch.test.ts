import { afterAll, beforeAll, expect, it } from 'vitest';
import { countStatements } from '../src/bench/sql-count.js';
import { createTestApp, describeEachDatabase, type TestApp } from './helpers/create-test-app.js';
import { connectAgent, connectVisitor, emitWithAck, issueVisitor, recordEvents, type VisitorClientSocket } from './helpers/sockets.js';

let sequence = 0;
const clientId = (label: string) => `${label}-${process.pid}-${++sequence}-batchtest`;

/**
 * Many visitors' messages arriving in the same turn of the event loop: on SQLite they are written as one
 * batch (one transaction, a savepoint per message); on PostgreSQL each takes its own transaction. Either
 * way each message is answered on its own, stored once, and announced once.
 */
describeEachDatabase('visitor messages sent together', (db) => {
  let t: TestApp;
  let support: number;
  const open: VisitorClientSocket[] = [];

  async function visitorWithChat(label: string): Promise<{ socket: VisitorClientSocket; ticketId: number }> {
    const issued = await issueVisitor(t.baseUrl);
    const socket = await connectVisitor(t.baseUrl, issued.token);
    open.push(socket);
    const start = await emitWithAck(socket, 'chat:start', { clientId: clientId('start'), message: `Hello from ${label}`, departmentId: support });
    expect(start.ok).toBe(true);
    return { socket, ticketId: Number(start.data.chat.number) };
  }

  beforeAll(async () => {
    t = await createTestApp({ db, env: { VISITOR_REQUESTS_PER_HOUR: '10000' } });
    support = await t.department('Support');
  });
  afterAll(async () => {
    for (const socket of open) socket.close();
    await t?.close();
  });

  it('answers each message on its own: a visitor without a chat is refused, the others are stored once each, retries included', async () => {
    const agent = await connectAgent(t.baseUrl, { http: t.admin });
    const heard = recordEvents(agent);
    const chats = await Promise.all(['A', 'B', 'C', 'D'].map(visitorWithChat));
    const stranger = await connectVisitor(t.baseUrl, (await issueVisitor(t.baseUrl)).token);
    open.push(stranger);
    try {
      // Emitted back to back, so they reach the server together; every visitor sends its message twice (a retry).
      const ids = chats.map((_, i) => clientId(`together-${i}`));
      const sends = chats.flatMap(({ socket }, i) => [0, 1].map(() => emitWithAck(socket, 'chat:message', { clientId: ids[i], body: `Message ${i}` })));
      const refused = emitWithAck(stranger, 'chat:message', { clientId: clientId('stranger'), body: 'Nobody to talk to' });
      const acks = await Promise.all(sends);
      expect(await refused).toMatchObject({ ok: false, error: { code: 'chat/not_started' } });
      for (const [i, ack] of acks.entries()) {
        const n = Math.floor(i / 2);
        expect(ack).toMatchObject({ ok: true, data: { chat: { number: String(chats[n]!.ticketId), status: 'open' }, message: { body: `Message ${n}`, clientId: ids[n], from: 'customer' } } });
      }
      // The retry answers with the first one's item.
      for (let n = 0; n < chats.length; n++) expect(acks[2 * n]!.data.message.id).toBe(acks[2 * n + 1]!.data.message.id);

      for (const [n, { ticketId }] of chats.entries()) {
        await heard.waitFor('thread:item_created', (p) => p.ticketId === ticketId && p.clientId === ids[n]);
        const thread = (await t.admin.get(`/api/v1/tickets/${ticketId}`)).body.thread as { kind: string; clientId: string | null }[];
        expect(thread.filter((item) => item.clientId === ids[n])).toHaveLength(1);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      for (const n of chats.keys()) expect(heard.events.filter((e) => e.name === 'thread:item_created' && e.payload.clientId === ids[n])).toHaveLength(1);
    } finally {
      agent.close();
    }
  });

  it('keeps several messages of one chat sent together in their order, and the chat where the last one left it', async () => {
    const agent = await connectAgent(t.baseUrl, { http: t.admin });
    const heard = recordEvents(agent);
    const { socket, ticketId } = await visitorWithChat('G');
    try {
      const ids = [0, 1, 2, 3, 4].map((i) => clientId(`in-a-row-${i}`));
      const acks = await Promise.all(ids.map((id, i) => emitWithAck(socket, 'chat:message', { clientId: id, body: `Line ${i}` })));
      expect(acks.every((ack) => ack.ok)).toBe(true);
      const itemIds = acks.map((ack) => ack.data.message.id as number);
      expect([...itemIds].sort((a, b) => a - b)).toEqual(itemIds);
      const detail = (await t.admin.get(`/api/v1/tickets/${ticketId}`)).body;
      const lines = detail.thread.filter((item: { clientId: string | null }) => ids.includes(item.clientId ?? ''));
      expect(lines.map((item: { id: number; body: string }) => [item.id, item.body])).toEqual(itemIds.map((id, i) => [id, `Line ${i}`]));
      expect(detail.ticket.lastCustomerMessageAt).toBe(acks[4]!.data.message.createdAt);
      for (const id of ids) await heard.waitFor('thread:item_created', (p) => p.clientId === id);
      await new Promise((resolve) => setTimeout(resolve, 200));
      for (const id of ids) expect(heard.events.filter((e) => e.name === 'thread:item_created' && e.payload.clientId === id)).toHaveLength(1);
    } finally {
      agent.close();
    }
  });

  it('writes a batch with the chats updated and the visitors\' activity kept, in four statements on PostgreSQL', async () => {
    const chats = await Promise.all(['H', 'I', 'J'].map(visitorWithChat));
    const read = async (text: string, ids: readonly (number | string)[]) =>
      t.app.orm.em.fork().getConnection().execute<Record<string, unknown>[]>(text.replace('?', ids.map(() => '?').join(',')), [...ids]);
    const visitorIds = (await read('select id from visitor where chat_ticket_id in (?) order by chat_ticket_id', chats.map((c) => c.ticketId))).map((r) => String(r.id));
    expect(visitorIds).toHaveLength(3);
    // The visitors' activity as it was: the next messages must move it forward.
    await t.app.orm.em.fork().getConnection().execute(`update visitor set updated_at = ? where id in (${visitorIds.map(() => '?').join(',')})`, [db === 'postgresql' ? new Date(0) : 0, ...visitorIds]);
    const counter = await countStatements(t.app.orm);
    try {
      // Sent one after another without waiting, so they make one batch.
      const ids = chats.map((_, i) => clientId(`counted-${i}`));
      const acks = await Promise.all(chats.map(({ socket }, i) => emitWithAck(socket, 'chat:message', { clientId: ids[i], body: `Counted ${i}` })));
      expect(acks.every((ack) => ack.ok)).toBe(true);
      const { statements, connections } = counter;
      // One batch per lane the visitors fall in (one lane on SQLite, two on PostgreSQL).
      const inserts = statements.flatMap((statement, i) => (/insert into "?thread_item"?/i.test(statement) ? [i] : []));
      expect(inserts.length, statements.join('\n')).toBeGreaterThanOrEqual(1);
      expect(inserts.length, statements.join('\n')).toBeLessThanOrEqual(chats.length);
      if (db === 'postgresql') {
        for (const at of inserts) {
          // The batch's transaction, on its own connection (chat routing's work on others interleaves): begin,
          // the chats locked with earlier copies of the client ids, the items with the chats' and visitors' updates, commit.
          const onConnection = (i: number) => connections[i] === connections[at];
          let begin = at;
          while (begin > 0 && !(onConnection(begin) && /^\s*begin/i.test(statements[begin]!))) begin--;
          let commit = at;
          while (commit < statements.length - 1 && !(onConnection(commit) && /^\s*commit/i.test(statements[commit]!))) commit++;
          const batch = statements.slice(begin, commit + 1).filter((_, i) => onConnection(begin + i));
          expect(batch.length, batch.join('\n')).toBeLessThanOrEqual(4);
          expect(statements[at]).toMatch(/^with .*update "?ticket"? .*update "visitor" .* insert into "thread_item"/is);
        }
      }
      for (const [i, { ticketId }] of chats.entries()) {
        const detail = (await t.admin.get(`/api/v1/tickets/${ticketId}`)).body;
        expect(detail.ticket.lastCustomerMessageAt).toBe(acks[i]!.data.message.createdAt);
      }
      const activity = await read('select updated_at from visitor where id in (?)', visitorIds);
      for (const row of activity) expect(new Date(row.updated_at as string | number).getTime()).toBeGreaterThan(Date.now() - 60_000);
    } finally {
      counter.stop();
    }
  });

  it('announces what it wrote without reading it back: the ticket as reading it shows, with its contact; the visitor\'s other tab hears the message', async () => {
    const agent = await connectAgent(t.baseUrl, { http: t.admin });
    const heard = recordEvents(agent);
    const issued = await issueVisitor(t.baseUrl);
    const tab = await connectVisitor(t.baseUrl, issued.token);
    const otherTab = await connectVisitor(t.baseUrl, issued.token);
    open.push(tab, otherTab);
    const otherHeard = recordEvents(otherTab);
    try {
      const start = await emitWithAck(tab, 'chat:start', { clientId: clientId('start'), message: 'Hello', name: 'Vida Visitor', email: 'vida@example.com', departmentId: support });
      expect(start.ok).toBe(true);
      const ticketId = Number(start.data.chat.number);
      const id = clientId('announced');
      const sent = await emitWithAck(tab, 'chat:message', { clientId: id, body: 'Are you there?' });
      expect(sent.ok).toBe(true);
      const announced = await heard.waitFor('ticket:updated', (p) => p.id === ticketId && p.lastCustomerMessageAt === sent.data.message.createdAt);
      const read = (await t.admin.get(`/api/v1/tickets/${ticketId}`)).body;
      expect(announced).toEqual(read.ticket);
      expect(announced.contact).toMatchObject({ name: 'Vida Visitor', email: 'vida@example.com' });
      const echoed = await otherHeard.waitFor('chat:message', (m) => m.clientId === id);
      expect(echoed).toMatchObject({ id: sent.data.message.id, body: 'Are you there?', from: 'customer' });
    } finally {
      agent.close();
    }
  });

  it('reopens a resolved chat by the normal rules, with its status change in the thread and announced to agents', async () => {
    const agent = await connectAgent(t.baseUrl, { http: t.admin });
    const heard = recordEvents(agent);
    const { socket, ticketId } = await visitorWithChat('E');
    try {
      expect((await t.admin.post(`/api/v1/tickets/${ticketId}/resolve`)).status).toBe(200);
      const [back, other] = await Promise.all([
        emitWithAck(socket, 'chat:message', { clientId: clientId('back'), body: 'One more thing' }),
        visitorWithChat('F').then(({ socket: s }) => emitWithAck(s, 'chat:message', { clientId: clientId('other'), body: 'Unrelated' })),
      ]);
      expect(back).toMatchObject({ ok: true, data: { chat: { status: 'open' } } });
      expect(other.ok).toBe(true);
      await heard.waitFor('ticket:updated', (p) => p.id === ticketId && p.status === 'open');
      const detail = (await t.admin.get(`/api/v1/tickets/${ticketId}`)).body;
      expect(detail.ticket).toMatchObject({ status: 'open', resolvedAt: null });
      const kinds = detail.thread.map((item: { kind: string }) => item.kind);
      expect(kinds.slice(-2)).toEqual(['system_event', 'customer_message']);
      expect(detail.thread.at(-2).systemEvent).toMatchObject({ type: 'status_changed', to: 'open' });
    } finally {
      agent.close();
    }
  });
});
