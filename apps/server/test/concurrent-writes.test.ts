import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ingestRawMail, type MailSource } from '../src/modules/email/ingest-mail.js';
import { createTestApp, describeEachDatabase, type TestApp } from './helpers/create-test-app.js';
import { withDeadline } from './helpers/deadline.js';
import type { HttpClient } from './helpers/http-client.js';
import { type AgentClientSocket, connectAgent, connectVisitor, emitWithAck, issueVisitor, type VisitorClientSocket } from './helpers/sockets.js';

/**
 * Every write use case at once, for a while, each request with a deadline: none may hang (the outage this
 * guards against was a request waiting for a connection its own transaction held), and none may fail for
 * any reason but the rule it deliberately broke.
 */
const SECONDS = { sqlite: Number(process.env.CONCURRENT_WRITES_SECONDS ?? 30), postgresql: Number(process.env.CONCURRENT_WRITES_SECONDS ?? 15) };
const WORKERS = 12;
const DEADLINE_MS = 10_000;

type Outcome = { readonly op: string; readonly ok: boolean; readonly detail: string };

let letters = 0;
function letter(from: string, subject: string, extra: string[] = []): Buffer {
  const id = `<concurrent-${process.pid}-${++letters}@customer.example>`;
  return Buffer.from(
    [...extra, `From: ${from}`, 'To: help@parley.example', `Subject: ${subject}`, `Message-ID: ${id}`, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', 'Body of the letter.', ''].join('\r\n'),
  );
}

describeEachDatabase('every write use case at once', (db) => {
  let t: TestApp;
  let support: number;
  let billing: number;
  let agent: { id: number; http: HttpClient };
  let agentSocket: AgentClientSocket;
  let existingContactId: number;
  let channelId: number;
  const visitors: VisitorClientSocket[] = [];
  const tickets: number[] = [];

  beforeAll(async () => {
    t = await createTestApp({ db });
    support = await t.department('Support');
    billing = await t.department('Billing');
    agent = await t.agent({ departmentIds: [support, billing] });
    agentSocket = await connectAgent(t.baseUrl, { http: agent.http });
    existingContactId = (await t.admin.post('/api/v1/contacts', { name: 'Known', emails: ['known@example.com'] })).body.id;
    channelId = (await agent.http.post('/api/v1/team/channels', { name: 'Stress' })).body.id;
    for (let i = 0; i < 6; i++) {
      const issued = await issueVisitor(t.baseUrl);
      const socket = await connectVisitor(t.baseUrl, issued.token);
      const start = await emitWithAck(socket, 'chat:start', { clientId: randomUUID(), message: `Hello ${i}`, departmentId: support });
      expect(start.ok, JSON.stringify(start)).toBe(true);
      visitors.push(socket);
    }
  }, 60_000);

  afterAll(async () => {
    agentSocket?.close();
    for (const socket of visitors) socket.close();
    await t?.close();
  });

  it(`runs tickets, replies, notes, transfers, visitor messages, mail, team chat and saved views concurrently without a hang or a stray failure`, async () => {
    const source: MailSource = { source: 'test', departmentId: support, ownAddresses: ['help@parley.example'] };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
    const someTicket = () => (tickets.length > 0 ? pick(tickets) : null);
    const status = (expected: number[]) => (res: { status: number; body: unknown }) =>
      expected.includes(res.status) ? null : `HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
    const created = (res: { status: number; body: any }) => {
      if (res.status === 201) tickets.push(res.body.ticket.id);
      return status([201])(res);
    };

    const operations: Record<string, () => Promise<string | null>> = {
      'ticket, new contact by email': async () =>
        created(await agent.http.post('/api/v1/tickets', { subject: 'New', message: 'Hi', contact: { email: `c${randomUUID()}@example.com` }, departmentId: support })),
      'ticket, known contact by email': async () =>
        created(await agent.http.post('/api/v1/tickets', { subject: 'Known', message: 'Hi', contact: { email: 'known@example.com', name: 'Known' }, departmentId: support })),
      'ticket, contact by id': async () =>
        created(await agent.http.post('/api/v1/tickets', { subject: 'By id', message: 'Hi', contact: { id: existingContactId }, departmentId: support })),
      'ticket, contact by a missing id (refused)': async () =>
        status([404])(await agent.http.post('/api/v1/tickets', { subject: 'Nobody', message: 'Hi', contact: { id: 987_654 } })),
      'ticket, retried with its client id': async () => {
        const body = { subject: 'Retried', message: 'Hi', contact: { email: 'known@example.com' }, clientId: randomUUID() };
        const [a, b] = await Promise.all([agent.http.post('/api/v1/tickets', body), agent.http.post('/api/v1/tickets', body)]);
        return status([200, 201])(a) ?? status([200, 201])(b) ?? (a.body.ticket.id === b.body.ticket.id ? null : 'a retried creation made two tickets');
      },
      reply: async () => {
        const id = someTicket();
        return id === null ? null : status([201])(await agent.http.post(`/api/v1/tickets/${id}/replies`, { body: 'On it.', clientId: randomUUID() }));
      },
      'internal note': async () => {
        const id = someTicket();
        return id === null ? null : status([201])(await agent.http.post(`/api/v1/tickets/${id}/internal-notes`, { body: 'Between us.' }));
      },
      transfer: async () => {
        const id = someTicket();
        if (id === null) return null;
        const res = await t.admin.post(`/api/v1/tickets/${id}/transfer`, { departmentId: pick([support, billing]), note: 'Over to you.' });
        // Transferring to where the ticket already is breaks a rule, and says so.
        return res.status === 409 && res.body.error.code === 'ticket/transfer_no_change' ? null : status([200])(res);
      },
      'visitor message': async () => {
        const ack = await emitWithAck(pick(visitors), 'chat:message', { clientId: randomUUID(), body: 'Still there?' });
        return ack.ok ? null : `ack ${JSON.stringify(ack)}`;
      },
      'email, new ticket': async () => {
        const outcome = await ingestRawMail(t.app.context, letter(`Writer <w${randomUUID()}@customer.example>`, 'Mailed'), source);
        return outcome.result === 'created' ? null : `outcome ${JSON.stringify(outcome)}`;
      },
      'email, reply by ticket tag': async () => {
        const outcome = await ingestRawMail(t.app.context, letter('Known <known@example.com>', 'Again'), source);
        return ['created', 'appended'].includes(outcome.result) ? null : `outcome ${JSON.stringify(outcome)}`;
      },
      'team chat message': async () => {
        const ack = await emitWithAck(agentSocket, 'team:send', { conversationId: channelId, clientId: randomUUID(), body: 'Anyone?' });
        return ack.ok ? null : `ack ${JSON.stringify(ack)}`;
      },
      'team chat message to a channel not joined (refused)': async () => {
        const ack = await emitWithAck(agentSocket, 'team:send', { conversationId: 987_654, clientId: randomUUID(), body: 'Hello?' });
        return !ack.ok && ack.error?.code ? null : `ack ${JSON.stringify(ack)}`;
      },
      'saved view': async () => {
        const made = await agent.http.post('/api/v1/views', { name: `V ${randomUUID().slice(0, 8)}`, filters: { status: ['new'] } });
        if (made.status !== 201) return status([201])(made);
        return status([200])(await agent.http.delete(`/api/v1/views/${made.body.id}`));
      },
    };

    const outcomes: Outcome[] = [];
    const until = Date.now() + SECONDS[db] * 1000;
    const names = Object.keys(operations);
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        while (Date.now() < until) {
          const op = pick(names);
          try {
            const problem = await withDeadline(operations[op]!(), DEADLINE_MS);
            outcomes.push({ op, ok: problem === null, detail: problem ?? '' });
          } catch (error) {
            outcomes.push({ op, ok: false, detail: String(error) });
          }
        }
      }),
    );

    const failures = outcomes.filter((o) => !o.ok);
    expect(failures.slice(0, 10)).toEqual([]);
    for (const name of names) expect(outcomes.filter((o) => o.op === name).length, name).toBeGreaterThan(0);
    // And the server still answers everyone.
    expect((await withDeadline(t.admin.get('/api/v1/tickets'))).status).toBe(200);
  }, 120_000);
});
