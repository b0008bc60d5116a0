import { randomUUID } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Em } from '../../src/db/orm.js';
import { EmailMessage } from '../../src/modules/email/email.entity.js';
import { ingestRawMail, type MailSource } from '../../src/modules/email/ingest-mail.js';
import { OutboxMail } from '../../src/modules/mail/outbox-mail.entity.js';
import { createTestApp, describeEachDatabase, postgresServerUrl, type TestApp } from '../helpers/create-test-app.js';
import { connectAgent, connectVisitor, emitWithAck, issueVisitor, recordEvents } from '../helpers/sockets.js';
import { freePort, type ReceivedMail, startSmtpReceiver } from '../helpers/smtp-receiver.js';

let sequence = 0;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A customer's letter as a mail client writes it. */
function letter(o: { subject?: string; cc?: string; messageId?: string; inReplyTo?: string; references?: string; body?: string; from?: string }): Buffer {
  return Buffer.from(
    [
      `From: ${o.from ?? 'Anna Customer <anna@customer.example>'}`,
      'To: Support <help@parley.example>',
      ...(o.cc ? [`Cc: ${o.cc}`] : []),
      `Subject: ${o.subject ?? 'Printer on fire'}`,
      `Message-ID: ${o.messageId ?? `<out-${process.pid}-${++sequence}@customer.example>`}`,
      ...(o.inReplyTo ? [`In-Reply-To: ${o.inReplyTo}`] : []),
      ...(o.references ? [`References: ${o.references}`] : []),
      'Date: Mon, 30 Nov 2026 09:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      o.body ?? 'It is really on fire.',
      '',
    ].join('\r\n'),
  );
}

/** Waits until the receiver holds a letter matching `match` (mail goes out in the background after commit). */
async function mailMatching(mails: readonly ReceivedMail[], match: (raw: string) => boolean, timeoutMs = 10_000): Promise<ReceivedMail> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const found = mails.find((m) => match(m.raw));
    if (found) return found;
    await pause(25);
  }
  throw new Error('timed out waiting for a mail');
}

const upload = (client: TestApp['admin'], name: string, content: string, type = 'text/plain') => {
  const form = new FormData();
  form.append('file', new Blob([content], { type }), name);
  return client.post('/api/v1/attachments', form);
};

describeEachDatabase('replies by email', (db) => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let support: number;
  let source: MailSource;
  let ada: Awaited<ReturnType<TestApp['agent']>>;
  const em = () => t.app.context.orm.em.fork() as Em;

  beforeAll(async () => {
    const port = await freePort();
    smtp = await startSmtpReceiver(port);
    t = await createTestApp({ db, env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Parley Help <help@parley.example>' } });
    support = await t.department('Support');
    ada = await t.agent({ name: 'Ada Lovelace', departmentIds: [support] });
    source = { source: 'test', departmentId: support, ownAddresses: ['help@parley.example'] };
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('sends a reply to all with threading headers and the attachment, and the customer’s answer lands on the same ticket', async () => {
    const theirs = `<first-${randomUUID()}@customer.example>`;
    const filed = await ingestRawMail(t.app.context, letter({ subject: 'Printer on fire', cc: 'Bob <bob@customer.example>', messageId: theirs, references: '<older@customer.example>' }), source);
    if (filed.result !== 'created') throw new Error('expected a new ticket');
    const ticketId = filed.ticketId;

    const file = await upload(ada.http, 'invoice.txt', 'INVOICE-CONTENT 42 EUR');
    expect(file.status).toBe(201);
    const reply = await ada.http.post(`/api/v1/tickets/${ticketId}/replies`, {
      body: 'OUTBOUND-REPLY Please unplug it.\nThen call us.',
      to: ['anna@customer.example'],
      cc: ['bob@customer.example'],
      attachmentIds: [file.body.id],
    });
    expect(reply.status).toBe(201);
    expect(reply.body.email).toMatchObject({ direction: 'out', deliveryState: 'queued', to: ['anna@customer.example'], cc: ['bob@customer.example'] });

    const received = await mailMatching(smtp.mails, (raw) => raw.includes(`[#${ticketId}]`));
    expect(received.to.sort()).toEqual(['anna@customer.example', 'bob@customer.example']);
    expect(received.from).toBe('help@parley.example');
    const parsed = await simpleParser(received.raw);
    expect(parsed.from?.value).toEqual([{ name: 'Ada Lovelace (Support)', address: 'help@parley.example' }]);
    expect((parsed.to as { value: { address: string }[] }).value.map((a) => a.address)).toEqual(['anna@customer.example']);
    expect((parsed.cc as { value: { address: string }[] }).value.map((a) => a.address)).toEqual(['bob@customer.example']);
    expect(parsed.subject).toBe(`Re: Printer on fire [#${ticketId}]`);
    expect(parsed.messageId).toMatch(new RegExp(`^<parley\\.${ticketId}\\.${reply.body.id}\\.[0-9a-f]+@parley\\.example>$`));
    expect(parsed.inReplyTo).toBe(theirs);
    expect(parsed.references).toEqual(['<older@customer.example>', theirs]);
    expect(parsed.text).toContain('OUTBOUND-REPLY Please unplug it.');
    expect(parsed.html).toContain('OUTBOUND-REPLY Please unplug it.<br>');
    expect(parsed.attachments.map((a) => [a.filename, a.content.toString()])).toEqual([['invoice.txt', 'INVOICE-CONTENT 42 EUR']]);

    // Sent: the row says so, and so does the ticket.
    for (let i = 0; i < 100 && (await em().findOneOrFail(EmailMessage, { threadItem: reply.body.id })).deliveryState !== 'sent'; i++) await pause(20);
    const ticket = await ada.http.get(`/api/v1/tickets/${ticketId}`);
    expect(ticket.body.thread.find((i: { id: number }) => i.id === reply.body.id).email).toMatchObject({ deliveryState: 'sent', fromName: 'Ada Lovelace (Support)' });

    // The customer answers our letter, with a new subject: it threads by our Message-ID.
    const answer = await ingestRawMail(t.app.context, letter({ subject: 'Thanks!', inReplyTo: parsed.messageId!, references: `${theirs} ${parsed.messageId}` }), source);
    expect(answer).toMatchObject({ result: 'appended', ticketId });
  });

  it('never emails an internal note or anything of an internal ticket', async () => {
    const filed = await ingestRawMail(t.app.context, letter({ subject: 'NOTE-ONLY question' }), source);
    if (filed.result !== 'created') throw new Error('expected a new ticket');
    const before = smtp.mails.length;
    const note = await ada.http.post(`/api/v1/tickets/${filed.ticketId}/internal-notes`, { body: 'INTERNAL-SECRET do not send' });
    expect(note.status).toBe(201);
    expect(note.body.email).toBeNull();
    const internal = await ada.http.post('/api/v1/internal-tickets', { subject: 'Team matter', message: 'INTERNAL-TICKET start', departmentId: support });
    expect(internal.status).toBe(201);
    const internalReply = await ada.http.post(`/api/v1/tickets/${internal.body.ticket.id}/replies`, { body: 'INTERNAL-TICKET reply' });
    // An internal ticket has no customer to reply to: refused, and no letter.
    expect(internalReply.status).toBe(400);
    expect(internalReply.body.error.code).toBe('ticket/internal_has_no_customer');
    await pause(300);
    expect(smtp.mails.slice(before).filter((m) => /INTERNAL-(SECRET|TICKET)/.test(m.raw))).toEqual([]);
    expect(smtp.mails.length).toBe(before);
    expect(await em().count(OutboxMail, { ticketId: { $in: [filed.ticketId, internal.body.ticket.id] } })).toBe(0);
  });

  it('does not email a chat reply the visitor reads live, and does once the chat has ended', async () => {
    const session = await issueVisitor(t.baseUrl);
    const socket = await connectVisitor(t.baseUrl, session.token);
    try {
      const start = await emitWithAck(socket, 'chat:start', { clientId: randomUUID(), message: 'CHAT-EMAIL hello', departmentId: support, email: 'chatter@example.com' });
      expect(start.ok).toBe(true);
      const ticketId = Number(String(start.data.chat.number).replace('#', ''));
      const live = await ada.http.post(`/api/v1/tickets/${ticketId}/replies`, { body: 'CHAT-LIVE you read this in the widget' });
      expect(live.status).toBe(201);
      expect(live.body.email).toBeNull();

      expect((await emitWithAck(socket, 'chat:end', {})).ok).toBe(true);
      const later = await ada.http.post(`/api/v1/tickets/${ticketId}/replies`, { body: 'CHAT-LATER one more thing' });
      expect(later.status).toBe(201);
      expect(later.body.email).toMatchObject({ direction: 'out', deliveryState: 'queued', to: ['chatter@example.com'] });
      const mail = await mailMatching(smtp.mails, (raw) => raw.includes('CHAT-LATER'));
      expect(mail.to).toEqual(['chatter@example.com']);
      expect(smtp.mails.some((m) => m.raw.includes('CHAT-LIVE'))).toBe(false);
    } finally {
      socket.close();
    }
  });

  it('emails a chat reply when no widget of the visitor is connected any more', async () => {
    const session = await issueVisitor(t.baseUrl);
    const socket = await connectVisitor(t.baseUrl, session.token);
    const start = await emitWithAck(socket, 'chat:start', { clientId: randomUUID(), message: 'CHAT-GONE hello', departmentId: support, email: 'gone@example.com' });
    const ticketId = Number(String(start.data.chat.number).replace('#', ''));
    socket.close();
    for (let i = 0; i < 100 && (await t.app.io.of('/visitor').fetchSockets()).some((s) => (s.data as { visitorId?: string }).visitorId === session.visitorId); i++) await pause(20);
    const reply = await ada.http.post(`/api/v1/tickets/${ticketId}/replies`, { body: 'CHAT-GONE-REPLY we answer by email' });
    expect(reply.body.email).toMatchObject({ deliveryState: 'queued', to: ['gone@example.com'] });
    expect((await mailMatching(smtp.mails, (raw) => raw.includes('CHAT-GONE-REPLY'))).to).toEqual(['gone@example.com']);
  });

  it('does not email a chat reply to a visitor who left no address', async () => {
    const session = await issueVisitor(t.baseUrl);
    const socket = await connectVisitor(t.baseUrl, session.token);
    const start = await emitWithAck(socket, 'chat:start', { clientId: randomUUID(), message: 'CHAT-ANON hello', departmentId: support });
    const ticketId = Number(String(start.data.chat.number).replace('#', ''));
    expect((await emitWithAck(socket, 'chat:end', {})).ok).toBe(true);
    socket.close();
    const reply = await ada.http.post(`/api/v1/tickets/${ticketId}/replies`, { body: 'CHAT-ANON-REPLY nobody to write to' });
    expect(reply.status).toBe(201);
    expect(reply.body.email).toBeNull();
    expect(await em().count(OutboxMail, { ticketId })).toBe(0);
  });

  it('refuses to retry a reply that was sent, and one that was never emailed', async () => {
    const filed = await ingestRawMail(t.app.context, letter({ subject: 'RETRY-REFUSED' }), source);
    if (filed.result !== 'created') throw new Error('expected a new ticket');
    const reply = await ada.http.post(`/api/v1/tickets/${filed.ticketId}/replies`, { body: 'RETRY-REFUSED answer' });
    await mailMatching(smtp.mails, (raw) => raw.includes('RETRY-REFUSED answer'));
    for (let i = 0; i < 100 && (await em().findOneOrFail(EmailMessage, { threadItem: reply.body.id })).deliveryState !== 'sent'; i++) await pause(20);
    const again = await ada.http.post(`/api/v1/tickets/${filed.ticketId}/thread/${reply.body.id}/email-retry`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('email/not_retryable');
    const note = await ada.http.post(`/api/v1/tickets/${filed.ticketId}/internal-notes`, { body: 'a note' });
    expect((await ada.http.post(`/api/v1/tickets/${filed.ticketId}/thread/${note.body.id}/email-retry`)).status).toBe(409);
    // An agent who may not see the ticket does not learn it exists.
    const outsider = await t.agent({ name: 'Otto Outsider', departmentIds: [await t.department('Elsewhere')] });
    expect((await outsider.http.post(`/api/v1/tickets/${filed.ticketId}/thread/${reply.body.id}/email-retry`)).status).toBe(404);
  });
});

describeEachDatabase('a reply the mail server does not take', (db) => {
  it('ends failed after the retries, shows so live and on the ticket, and Retry delivers it once the receiver is up (once)', async () => {
    const port = await freePort();
    // Three attempts, no waiting between them: the production policy takes hours to give up.
    const t = await createTestApp({ db, env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'help@parley.example' }, mailRetryPolicy: (attempts) => (attempts < 3 ? 0 : null) });
    let smtp: Awaited<ReturnType<typeof startSmtpReceiver>> | null = null;
    try {
      const support = await t.department('Support');
      const ada = await t.agent({ name: 'Ada Lovelace', departmentIds: [support] });
      const filed = await ingestRawMail(t.app.context, letter({ subject: 'Down here' }), { source: 'test', departmentId: support, ownAddresses: [] });
      if (filed.result !== 'created') throw new Error('expected a new ticket');
      const ticketId = filed.ticketId;
      const socket = await connectAgent(t.baseUrl, { http: ada.http });
      const heard = recordEvents(socket);
      await emitWithAck(socket, 'ticket:watch', { ticketId });

      const reply = await ada.http.post(`/api/v1/tickets/${ticketId}/replies`, { body: 'FAILING-REPLY nobody listens yet' });
      expect(reply.body.email.deliveryState).toBe('queued');
      const outbox = t.app.context.outbox;
      const em = t.app.orm.em.fork();
      // The attempt right after commit runs in the background; the rest are driven here until the outbox gives up.
      for (let i = 0; i < 200 && (await em.fork().findOneOrFail(OutboxMail, { threadItemId: reply.body.id })).attempts < 3; i++) {
        await outbox.deliverDue();
        await pause(10);
      }
      const row = await em.fork().findOneOrFail(OutboxMail, { threadItemId: reply.body.id });
      expect(row).toMatchObject({ attempts: 3, sentAt: null, nextAttemptAt: null, lastError: expect.any(String) });
      expect(await heard.waitFor('email:delivery', (p) => p.itemId === reply.body.id)).toEqual({ ticketId, itemId: reply.body.id, state: 'failed' });
      const shown = await ada.http.get(`/api/v1/tickets/${ticketId}`);
      expect(shown.body.thread.find((i: { id: number }) => i.id === reply.body.id).email.deliveryState).toBe('failed');
      const messageId = (await em.fork().findOneOrFail(EmailMessage, { threadItem: reply.body.id })).messageId;

      smtp = await startSmtpReceiver(port);
      const retried = await ada.http.post(`/api/v1/tickets/${ticketId}/thread/${reply.body.id}/email-retry`);
      expect(retried.status).toBe(200);
      expect(retried.body.email.deliveryState).toBe('queued');
      expect(await heard.waitFor('email:delivery', (p) => p.itemId === reply.body.id && p.state === 'queued')).toBeTruthy();
      const mail = await smtp.waitForMail();
      expect(mail.raw).toContain(`Message-ID: ${messageId}`);
      expect(mail.raw).toContain('FAILING-REPLY nobody listens yet');
      expect(await heard.waitFor('email:delivery', (p) => p.itemId === reply.body.id && p.state === 'sent')).toBeTruthy();
      // A second retry is refused, and no attempt sends it again.
      expect((await ada.http.post(`/api/v1/tickets/${ticketId}/thread/${reply.body.id}/email-retry`)).status).toBe(409);
      for (let i = 0; i < 3; i++) await outbox.deliverDue();
      await pause(200);
      expect(smtp.mails).toHaveLength(1);
      expect((await em.fork().findOneOrFail(EmailMessage, { threadItem: reply.body.id })).deliveryState).toBe('sent');
      socket.close();
    } finally {
      await t.close();
      await smtp?.close();
    }
  });

  it('a bounced reply shows as bounced, live, and may be sent again', async () => {
    const port = await freePort();
    const smtp = await startSmtpReceiver(port);
    const t = await createTestApp({ db, env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'help@parley.example' } });
    try {
      const support = await t.department('Support');
      const ada = await t.agent({ name: 'Ada Lovelace', departmentIds: [support] });
      const source = { source: 'test', departmentId: support, ownAddresses: ['help@parley.example'] };
      const filed = await ingestRawMail(t.app.context, letter({ subject: 'Bounce me' }), source);
      if (filed.result !== 'created') throw new Error('expected a new ticket');
      const socket = await connectAgent(t.baseUrl, { http: ada.http });
      const heard = recordEvents(socket);
      await emitWithAck(socket, 'ticket:watch', { ticketId: filed.ticketId });
      const reply = await ada.http.post(`/api/v1/tickets/${filed.ticketId}/replies`, { body: 'BOUNCING-REPLY' });
      const sent = await smtp.waitForMail();
      const ours = /Message-ID: (<[^>]+>)/i.exec(sent.raw)![1]!;
      await heard.waitFor('email:delivery', (p) => p.itemId === reply.body.id && p.state === 'sent');
      const dsn = Buffer.from(
        [
          'From: Mail Delivery System <MAILER-DAEMON@mx.customer.example>',
          'To: help@parley.example',
          'Subject: Undelivered Mail Returned to Sender',
          `Message-ID: <dsn-${randomUUID()}@mx.customer.example>`,
          'Auto-Submitted: auto-replied',
          'MIME-Version: 1.0',
          'Content-Type: multipart/report; report-type=delivery-status; boundary="r"',
          '',
          '--r',
          'Content-Type: text/plain',
          '',
          'The mail system could not deliver your message.',
          '--r',
          'Content-Type: message/delivery-status',
          '',
          'Final-Recipient: rfc822; anna@customer.example',
          'Action: failed',
          'Status: 5.1.1',
          '--r',
          'Content-Type: text/rfc822-headers',
          '',
          'From: help@parley.example',
          `Message-ID: ${ours}`,
          '--r--',
          '',
        ].join('\r\n'),
      );
      expect(await ingestRawMail(t.app.context, dsn, source)).toMatchObject({ result: 'bounced', itemId: reply.body.id });
      expect(await heard.waitFor('email:delivery', (p) => p.itemId === reply.body.id && p.state === 'bounced')).toEqual({ ticketId: filed.ticketId, itemId: reply.body.id, state: 'bounced' });
      // Nothing automatic answered the bounce.
      await pause(200);
      expect(smtp.mails).toHaveLength(1);
      const retried = await ada.http.post(`/api/v1/tickets/${filed.ticketId}/thread/${reply.body.id}/email-retry`);
      expect(retried.status).toBe(200);
      await mailMatching(smtp.mails, () => smtp.mails.length === 2);
      expect(smtp.mails[1]!.raw).toBe(sent.raw);
      socket.close();
    } finally {
      await t.close();
      await smtp.close();
    }
  });
});

const redisUrl = process.env.REDIS_URL_FOR_TESTS ?? null;

/** The visitor's widget on one instance, the agent replying on another: the reply is not emailed while the widget is there. */
describe.skipIf(!postgresServerUrl || !redisUrl)('chat replies by email across instances [postgresql + redis]', () => {
  it('asks every instance whether the visitor is connected', async () => {
    const port = await freePort();
    const smtp = await startSmtpReceiver(port);
    const env = {
      REDIS_URL: redisUrl!,
      REDIS_KEY_PREFIX: `parley-test-outbound-${process.pid}-${Date.now()}`,
      VISITOR_TOKEN_SECRET: 'the installation-wide secret, thirty-two characters or more',
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      MAIL_FROM: 'help@parley.example',
    };
    const a = await createTestApp({ db: 'postgresql', env });
    const b = await createTestApp({ db: 'postgresql', env, sameDatabaseAs: a });
    try {
      const support = await a.department('Support');
      const agent = await a.agent({ name: 'Bea on B', departmentIds: [support] });
      const httpB = b.client();
      expect((await httpB.signIn(agent.email, 'agent password 123')).status).toBe(200);
      const { token } = await issueVisitor(a.baseUrl);
      const onA = await connectVisitor(a.baseUrl, token);
      const start = await emitWithAck(onA, 'chat:start', { clientId: randomUUID(), message: 'ACROSS hello', departmentId: support, email: 'across@example.com' });
      const ticketId = Number(String(start.data.chat.number).replace('#', ''));
      const live = await httpB.post(`/api/v1/tickets/${ticketId}/replies`, { body: 'ACROSS-LIVE read in the widget on A' });
      expect(live.status).toBe(201);
      expect(live.body.email).toBeNull();
      onA.close();
      for (let i = 0; i < 100 && (await b.app.io.of('/visitor').fetchSockets()).length > 0; i++) await pause(20);
      const later = await httpB.post(`/api/v1/tickets/${ticketId}/replies`, { body: 'ACROSS-LATER by email' });
      expect(later.body.email).toMatchObject({ deliveryState: 'queued', to: ['across@example.com'] });
      await mailMatching(smtp.mails, (raw) => raw.includes('ACROSS-LATER'));
      expect(smtp.mails.some((m) => m.raw.includes('ACROSS-LIVE'))).toBe(false);
    } finally {
      await b.close();
      await a.close();
      await smtp.close();
    }
  });
});
