import { afterAll, beforeAll, expect, it } from 'vitest';
import { countStatements } from '../src/bench/sql-count.js';
import { ingestRawMail } from '../src/modules/email/ingest-mail.js';
import { createTestApp, describeEachDatabase, type TestApp } from './helpers/create-test-app.js';
import { freePort, startSmtpReceiver } from './helpers/smtp-receiver.js';
import { connectAgent, recordEvents } from './helpers/sockets.js';

/**
 * Waits until no statement has run for 200 ms: what connecting a console sets off (presence, its chats and
 * calls) may take longer than any fixed pause on a busy machine, and must not land in a request's count.
 */
async function untilQuiet(counter: { readonly statements: readonly string[] }, quietMs = 200, limitMs = 5000): Promise<void> {
  const started = Date.now();
  let seen = -1;
  while (counter.statements.length !== seen && Date.now() - started < limitMs) {
    seen = counter.statements.length;
    await new Promise((resolve) => setTimeout(resolve, quietMs));
  }
}

/**
 * Issue 10: listeners announce what a write produced instead of reading it back. What agents hear live must
 * be exactly what the ticket shows when read afterwards (files included), and announcing must cost no reads.
 */
describeEachDatabase('announced as written', (db) => {
  let t: TestApp;
  let support: number;

  beforeAll(async () => {
    // No scheduled jobs: their statements would be counted with the request's.
    t = await createTestApp({ db, env: { JOB_INTERVAL_MS: '0' } });
    support = await t.department('Support');
  });
  afterAll(() => t?.close());

  const upload = async (name: string, content: string) => {
    const form = new FormData();
    form.append('file', new Blob([content], { type: 'text/plain' }), name);
    return (await t.admin.post('/api/v1/attachments', form)).body.id as string;
  };

  it('announces tickets and items, files included, exactly as reading them afterwards shows them', async () => {
    const socket = await connectAgent(t.baseUrl, { http: t.admin });
    const events = recordEvents(socket);
    try {
      const created = await t.admin.post('/api/v1/tickets', {
        subject: 'As written', message: 'with a file', contact: { email: 'written@example.com', name: 'Wren' }, departmentId: support,
        attachmentIds: [await upload('first.txt', 'one')],
      });
      const ticketId = created.body.ticket.id as number;
      const heardTicket = await events.waitFor('ticket:created', (p) => p.id === ticketId);
      const reply = await t.admin.post(`/api/v1/tickets/${ticketId}/replies`, { body: 'see both', attachmentIds: [await upload('second.txt', 'two'), await upload('third.txt', 'three')] });
      const note = await t.admin.post(`/api/v1/tickets/${ticketId}/internal-notes`, { body: 'agents only', attachmentIds: [await upload('fourth.txt', 'four')] });
      const heardReply = await events.waitFor('thread:item_created', (p) => p.id === reply.body.id);
      const heardNote = await events.waitFor('thread:item_created', (p) => p.id === note.body.id);
      // Every announcement of this ticket has arrived once the database has been quiet for a moment.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const heardUpdate = events.events.filter((e) => e.name === 'ticket:updated' && e.payload.id === ticketId).at(-1)?.payload;

      const read = (await t.admin.get(`/api/v1/tickets/${ticketId}`)).body;
      const heardItems = events.events.filter((e) => e.name === 'thread:item_created' && e.payload.ticketId === ticketId).map((e) => e.payload);
      expect(heardItems).toEqual(read.thread);
      expect(heardReply.attachments.map((a: { filename: string }) => a.filename)).toEqual(['second.txt', 'third.txt']);
      expect(heardNote.attachments.map((a: { filename: string }) => a.filename)).toEqual(['fourth.txt']);
      expect(heardUpdate).toEqual(read.ticket);
      expect({ ...heardTicket, updatedAt: null }).toEqual({ ...created.body.ticket, updatedAt: null });
      // The answers, too, are what the thread holds.
      expect(reply.body).toEqual(read.thread.find((i: { id: number }) => i.id === reply.body.id));
    } finally {
      socket.close();
    }
  });

  it('creates a ticket for a known contact in four statements on PostgreSQL, its statistics facts and its message in the same one as the ticket', async () => {
    await t.admin.post('/api/v1/tickets', { subject: 'Known', message: 'first', contact: { email: 'known@example.com' }, departmentId: support });
    const facts = async () => Number((await t.app.orm.em.fork().getConnection().execute<{ n: number }[]>("select count(*) as n from statistics_fact where kind in ('created', 'backlog')"))[0]!.n);
    const factsBefore = await facts();
    const counter = await countStatements(t.app.orm);
    try {
      await untilQuiet(counter);
      counter.reset();
      const created = await t.admin.post('/api/v1/tickets', { subject: 'Counted', message: 'second', contact: { email: 'known@example.com' }, departmentId: support });
      expect(created.status).toBe(201);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const inRequest = counter.statements.filter((sql) => !/\bstatistics_rollup\b|pg_try_advisory/i.test(sql));
      // Begin, the contact by its address, the ticket with its facts and its message (one statement on
      // PostgreSQL; three on SQLite, where a statement costs no round trip), commit.
      expect(inRequest.length, inRequest.join('\n')).toBeLessThanOrEqual(db === 'postgresql' ? 4 : 6);
    } finally {
      counter.stop();
    }
    // A new open ticket: created, and in the backlog.
    expect(await facts()).toBe(factsBefore + 2);
  });

  it("counts the reply of a ticket an agent opens by writing to the customer, written with the ticket", async () => {
    // The reply is the writer's; the ticket, assigned to nobody, was answered as it was made.
    const count = async (kind: 'reply' | 'first_response') =>
      Number(
        (await t.app.orm.em.fork().getConnection().execute<{ n: number }[]>(
          kind === 'reply' ? "select count(*) as n from statistics_fact where kind = 'reply' and agent_id is not null" : "select count(*) as n from statistics_fact where kind = 'first_response'",
        ))[0]!.n,
      );
    const before = { reply: await count('reply'), firstResponse: await count('first_response') };
    const created = await t.admin.post('/api/v1/tickets', {
      subject: 'Outgoing', message: 'We noticed your order is late.', contact: { email: 'known@example.com' }, departmentId: support, firstMessage: { from: 'agent' },
    });
    expect(created.status).toBe(201);
    expect(created.body.thread.map((item: { kind: string }) => item.kind)).toContain('agent_reply');
    expect(await count('reply')).toBe(before.reply + 1);
    expect(await count('first_response')).toBe(before.firstResponse + 1);
  });

  it('answers a retried reply with the stored item, once, and announces without reading back', async () => {
    const created = await t.admin.post('/api/v1/tickets', { subject: 'Count me', message: 'hello', contact: { email: 'count@example.com' }, departmentId: support });
    const ticketId = created.body.ticket.id as number;
    const socket = await connectAgent(t.baseUrl, { http: t.admin });
    const events = recordEvents(socket);
    const counter = await countStatements(t.app.orm);
    try {
      // What connecting does (presence, the agent's chats) settles before the count starts.
      await untilQuiet(counter);
      counter.reset();
      const first = await t.admin.post(`/api/v1/tickets/${ticketId}/replies`, { body: 'once', clientId: 'announced-reply-1' });
      await events.waitFor('thread:item_created', (p) => p.id === first.body.id);
      await events.waitFor('ticket:updated', (p) => p.id === ticketId && p.status === 'answered');
      await new Promise((resolve) => setTimeout(resolve, 200));
      // Begin, the ticket with its letter's context, the items, the ticket's update, the held letter and its
      // email row, commit (the session was checked by the request before, and is kept). Reading the item, its
      // files, the contact or the ticket back would add more.
      expect(counter.statements.length, counter.statements.join('\n')).toBeLessThanOrEqual(7);

      const again = await t.admin.post(`/api/v1/tickets/${ticketId}/replies`, { body: 'once', clientId: 'announced-reply-1' });
      expect(again.body).toEqual(first.body);
      const thread = (await t.admin.get(`/api/v1/tickets/${ticketId}`)).body.thread as { kind: string }[];
      expect(thread.filter((i) => i.kind === 'agent_reply')).toHaveLength(1);
    } finally {
      counter.stop();
      socket.close();
    }
  });

  it('sends a reply by email in eight statements and three more after commit, nothing read back', async () => {
    const port = await freePort();
    const smtp = await startSmtpReceiver(port);
    const mailing = await createTestApp({ db, env: { JOB_INTERVAL_MS: '0', SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Help <help@parley.example>' } });
    try {
      const sales = await mailing.department('Sales');
      const theirs = `<mailed-${db}@customer.example>`;
      const raw = ['From: Mae <mailed@example.com>', 'To: help@parley.example', 'Subject: Mailed', `Message-ID: ${theirs}`, 'Content-Type: text/plain; charset=utf-8', '', 'hello', ''].join('\r\n');
      const filed = await ingestRawMail(mailing.app.context, Buffer.from(raw), { source: 'test', departmentId: sales, ownAddresses: ['help@parley.example'] });
      if (filed.result !== 'created') throw new Error('expected a new ticket');
      const ticketId = filed.ticketId;
      const socket = await connectAgent(mailing.baseUrl, { http: mailing.admin });
      const events = recordEvents(socket);
      const counter = await countStatements(mailing.app.orm);
      try {
        // The desk's satisfaction settings (the language of the letter's portal line) are kept 30 s per
        // instance, not read per reply: a running desk has them, as here.
        await mailing.app.context.satisfactionSettings.read(mailing.app.orm.em.fork() as never);
        await untilQuiet(counter);
        counter.reset();
        const reply = await mailing.admin.post(`/api/v1/tickets/${ticketId}/replies`, { body: 'On its way', clientId: 'mailed-reply-1' });
        expect(reply.status).toBe(201);
        const mail = await smtp.waitForMail();
        await events.waitFor('email:delivery', (p) => p.itemId === reply.body.id && p.state === 'sent');
        await new Promise((resolve) => setTimeout(resolve, 200));
        // The reply, as without mail: begin, ticket and context, items, ticket update, letter, email row, its
        // statistics facts, commit (the administrator's session is kept from the requests before).
        // (The letter may start out before the answer reaches us: the request's statements end with its commit.
        // Counted on the reply's own connection, the one that inserts its item: on a busy machine background
        // work on other connections, a fold or a console's presence, may interleave.)
        const replyConnection = counter.connections[counter.statements.findIndex((sql) => /^\s*insert into ["`]?thread_item\b/i.test(sql))];
        expect(replyConnection).toBeDefined();
        const commitAt = counter.statements.findIndex((sql, i) => counter.connections[i] === replyConnection && /^\s*commit/i.test(sql));
        expect(commitAt).toBeGreaterThan(0);
        const inRequest = counter.statements.slice(0, commitAt + 1).filter((_sql, i) => counter.connections[i] === replyConnection);
        expect(inRequest.length, counter.statements.join('\n')).toBeLessThanOrEqual(8);
        // After commit: claim the letter, mark it sent, mark the reply's email row sent; no reads.
        // (Only the reply's own tables: a console's presence, announced when its grace ends, may land here on a busy machine.)
        const after = counter.statements.slice(commitAt + 1).filter((sql) => /\b(ticket|thread_item|contact|attachment|email_message|outbox_mail)\b/.test(sql));
        expect(after.filter((sql) => /^\s*select/i.test(sql)), after.join('\n')).toEqual([]);
        expect(after.length, after.join('\n')).toBeLessThanOrEqual(3);
        // The letter is the reply's, from the configured sender, to the customer, named by agent and department.
        expect(mail.to).toEqual(['mailed@example.com']);
        expect(mail.raw).toMatch(/^From: .*Sales.* <help@parley\.example>/m);
        expect(mail.raw).toContain('On its way');
        // It answers the customer's letter, found by the same statement that loaded the ticket.
        expect(mail.raw).toContain(`In-Reply-To: ${theirs}`);
        const read = (await mailing.admin.get(`/api/v1/tickets/${ticketId}`)).body;
        expect(read.thread.find((i: { id: number }) => i.id === reply.body.id).email.deliveryState).toBe('sent');
      } finally {
        counter.stop();
        socket.close();
      }
    } finally {
      await mailing.close();
      await smtp.close();
    }
  });
});
