import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Em } from '../../src/db/orm.js';
import { EmailMessage, InboundMail } from '../../src/modules/email/email.entity.js';
import { emailRowsOf, ingestRawMail, type MailSource, processPendingMail } from '../../src/modules/email/ingest-mail.js';
import { ThreadItem, Ticket } from '../../src/modules/tickets/ticket.entity.js';
import { createTestApp, describeEachDatabase, type TestApp } from '../helpers/create-test-app.js';
import { connectAgent, recordEvents } from '../helpers/sockets.js';

let sequence = 0;

/** A letter as a mail client writes it (CRLF, MIME headers); `extra` headers go on top. */
function letter(o: { from?: string; to?: string; cc?: string; subject?: string; body?: string; messageId?: string; extra?: string[]; attachment?: { name: string; type: string; data: Buffer } }): Buffer {
  const messageId = o.messageId ?? `<letter-${process.pid}-${++sequence}@customer.example>`;
  const head = [
    ...(o.extra ?? []),
    `From: ${o.from ?? 'Anna Customer <anna@customer.example>'}`,
    `To: ${o.to ?? 'Support <help@parley.example>'}`,
    ...(o.cc ? [`Cc: ${o.cc}`] : []),
    `Subject: ${o.subject ?? 'Printer on fire'}`,
    `Message-ID: ${messageId}`,
    'Date: Mon, 30 Nov 2026 09:00:00 +0000',
    'MIME-Version: 1.0',
  ];
  if (!o.attachment) return Buffer.from([...head, 'Content-Type: text/plain; charset=utf-8', '', o.body ?? 'It is really on fire.', ''].join('\r\n'));
  return Buffer.from(
    [
      ...head,
      'Content-Type: multipart/mixed; boundary="zz"',
      '',
      '--zz',
      'Content-Type: text/plain; charset=utf-8',
      '',
      o.body ?? 'See the photo.',
      '--zz',
      `Content-Type: ${o.attachment.type}; name="${o.attachment.name}"`,
      'Content-Transfer-Encoding: base64',
      `Content-Disposition: attachment; filename="${o.attachment.name}"`,
      '',
      o.attachment.data.toString('base64'),
      '--zz--',
      '',
    ].join('\r\n'),
  );
}

describeEachDatabase('email ingestion', (db) => {
  let t: TestApp;
  let support: number;
  let source: MailSource;
  const em = () => t.app.context.orm.em.fork() as Em;

  beforeAll(async () => {
    t = await createTestApp({ db });
    support = await t.department('Support');
    source = { source: 'test', departmentId: support, ownAddresses: ['help@parley.example'] };
  });
  afterAll(async () => {
    await t?.close();
  });

  it('opens a ticket on the email channel for a new letter: contact, CC kept (not our own address), file and email headers stored; agents hear it', async () => {
    const agent = await connectAgent(t.baseUrl, { http: t.admin });
    const heard = recordEvents(agent);
    try {
      const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
      const outcome = await ingestRawMail(
        t.app.context,
        letter({ cc: 'Boss <boss@customer.example>, help@parley.example', attachment: { name: 'fire.png', type: 'image/png', data: png } }),
        source,
      );
      expect(outcome).toMatchObject({ result: 'created' });
      if (outcome.result !== 'created') return;
      const detail = (await t.admin.get(`/api/v1/tickets/${outcome.ticketId}`)).body;
      expect(detail.ticket).toMatchObject({ channel: 'email', departmentId: support, subject: 'Printer on fire', cc: ['boss@customer.example'], status: 'new' });
      expect(detail.ticket.contact).toMatchObject({ name: 'Anna Customer', email: 'anna@customer.example' });
      const message = detail.thread.find((i: { kind: string }) => i.kind === 'customer_message');
      expect(message.body).toContain('See the photo.');
      expect(message.attachments).toEqual([expect.objectContaining({ filename: 'fire.png', contentType: 'image/png', size: png.length })]);
      expect(message.email).toEqual({
        direction: 'in', fromAddress: 'anna@customer.example', fromName: 'Anna Customer', to: ['help@parley.example'], cc: ['boss@customer.example', 'help@parley.example'],
        subject: 'Printer on fire', hasHtml: false, hasOriginal: true, deliveryState: 'received', automated: null,
      });
      const live = await heard.waitFor('thread:item_created', (p) => p.id === message.id);
      expect(live.email).toMatchObject({ direction: 'in', fromAddress: 'anna@customer.example' });
      const rows = await emailRowsOf(em(), outcome.ticketId);
      expect(rows.find((r) => r.email)?.email).toMatchObject({ direction: 'in', deliveryState: 'received', fromAddress: 'anna@customer.example', cc: ['boss@customer.example', 'help@parley.example'] });
      await heard.waitFor('ticket:created', (p) => p.id === outcome.ticketId);
    } finally {
      agent.close();
    }
  });

  it('files the same letter once however often it arrives, and threads a reply by In-Reply-To', async () => {
    const first = letter({ subject: 'Invoice question' });
    const a = await ingestRawMail(t.app.context, first, source);
    const [b, c] = await Promise.all([ingestRawMail(t.app.context, first, source), ingestRawMail(t.app.context, first, source)]);
    expect(a.result).toBe('created');
    expect([b.result, c.result]).toEqual(['duplicate', 'duplicate']);
    if (a.result !== 'created') return;
    expect(await em().count(ThreadItem, { ticket: a.ticketId, kind: 'customer_message' })).toBe(1);

    const firstId = /Message-ID: (<[^>]+>)/.exec(first.toString())![1]!;
    const reply = await ingestRawMail(t.app.context, letter({ subject: 'Re: Invoice question', extra: [`In-Reply-To: ${firstId}`, `References: ${firstId}`], body: 'And another thing.' }), source);
    expect(reply).toMatchObject({ result: 'appended', ticketId: a.ticketId });
  });

  it('threads by the ticket tag in the subject only for someone on that ticket; a stranger gets a new ticket', async () => {
    const a = await ingestRawMail(t.app.context, letter({ subject: 'Tagged', cc: 'colleague@customer.example' }), source);
    if (a.result !== 'created') throw new Error('expected a new ticket');
    const fromCc = await ingestRawMail(t.app.context, letter({ from: 'colleague@customer.example', subject: `Re: Tagged [#${a.ticketId}]` }), source);
    expect(fromCc).toMatchObject({ result: 'appended', ticketId: a.ticketId });
    const stranger = await ingestRawMail(t.app.context, letter({ from: 'mallory@evil.example', subject: `Re: Tagged [#${a.ticketId}]` }), source);
    expect(stranger.result).toBe('created');
    if (stranger.result === 'created') expect(stranger.ticketId).not.toBe(a.ticketId);
  });

  it('adds an auto-reply without reopening the ticket; a person\'s reply reopens it', async () => {
    const first = letter({ subject: 'Holiday test' });
    const a = await ingestRawMail(t.app.context, first, source);
    if (a.result !== 'created') throw new Error('expected a new ticket');
    expect((await t.admin.post(`/api/v1/tickets/${a.ticketId}/resolve`)).status).toBe(200);
    const firstId = /Message-ID: (<[^>]+>)/.exec(first.toString())![1]!;
    const auto = await ingestRawMail(t.app.context, letter({ subject: 'Automatic reply: Holiday test', extra: ['Auto-Submitted: auto-replied', `In-Reply-To: ${firstId}`] }), source);
    expect(auto).toMatchObject({ result: 'appended', ticketId: a.ticketId });
    expect((await t.admin.get(`/api/v1/tickets/${a.ticketId}`)).body.ticket.status).toBe('resolved');
    const rows = await emailRowsOf(em(), a.ticketId);
    expect(rows.at(-1)?.email?.automated).toBe('auto_reply');

    await ingestRawMail(t.app.context, letter({ subject: 'Re: Holiday test', extra: [`In-Reply-To: ${firstId}`] }), source);
    expect((await t.admin.get(`/api/v1/tickets/${a.ticketId}`)).body.ticket.status).toBe('open');
  });

  it('marks our letter bounced when a delivery report returns it, and files a report about nothing of ours nowhere', async () => {
    const a = await ingestRawMail(t.app.context, letter({ subject: 'Bounce me' }), source);
    if (a.result !== 'created') throw new Error('expected a new ticket');
    // Our reply on the ticket (held without a mail server), then as the outbox records it once sent.
    const reply = await t.admin.post(`/api/v1/tickets/${a.ticketId}/replies`, { body: 'Here is our answer.' });
    expect(reply.body.email?.deliveryState).toBe('awaiting_server');
    const ours = `<parley.${a.ticketId}.${reply.body.id}.abc@parley.example>`;
    const sent = await em().nativeUpdate(EmailMessage, { threadItem: reply.body.id }, { messageId: ours, fromAddress: 'help@parley.example', subject: 'Re: Bounce me', deliveryState: 'sent' });
    expect(sent).toBe(1);
    const dsn = (returned: string) =>
      Buffer.from(
        [
          'From: Mail Delivery System <MAILER-DAEMON@mx.customer.example>',
          'To: help@parley.example',
          'Subject: Undelivered Mail Returned to Sender',
          `Message-ID: <dsn-${++sequence}@mx.customer.example>`,
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
          `Message-ID: ${returned}`,
          'Subject: Re: Bounce me',
          '--r--',
          '',
        ].join('\r\n'),
      );
    const tickets = () => em().count(Ticket, {});
    const before = await tickets();
    expect(await ingestRawMail(t.app.context, dsn(ours), source)).toMatchObject({ result: 'bounced', ticketId: a.ticketId, itemId: reply.body.id });
    expect((await em().findOneOrFail(EmailMessage, { threadItem: reply.body.id })).deliveryState).toBe('bounced');
    expect(await ingestRawMail(t.app.context, dsn('<never-sent@parley.example>'), source)).toMatchObject({ result: 'ignored' });
    expect(await tickets()).toBe(before);
  });

  it('finishes a letter that was stored but not filed (the process died in between), exactly once', async () => {
    const raw = letter({ subject: 'Stored before a crash' });
    const key = t.app.context.storage.newKey();
    await t.app.context.storage.write(key, raw);
    const writer = em();
    const messageId = /Message-ID: (<[^>]+>)/.exec(raw.toString())![1]!;
    writer.create(InboundMail, {
      dedupeKey: messageId, messageId, sha256: 'x'.repeat(64), storageKey: key, size: raw.length, source: 'test', departmentId: support,
      state: 'pending', detail: null, ticketId: null, threadItemId: null, receivedAt: new Date(), processedAt: null,
    });
    await writer.flush();
    expect(await processPendingMail(t.app.context)).toBe(1);
    expect(await processPendingMail(t.app.context)).toBe(0);
    const row = await em().findOneOrFail(InboundMail, { dedupeKey: messageId });
    expect(row).toMatchObject({ state: 'processed' });
    expect(await ingestRawMail(t.app.context, raw, source)).toMatchObject({ result: 'duplicate', ticketId: row.ticketId });
    expect(await em().count(ThreadItem, { ticket: row.ticketId!, kind: 'customer_message' })).toBe(1);
  });

  it('goes on past a stored letter it cannot file, which stays pending for the next sweep', async () => {
    const writer = em();
    const stored = async (raw: Buffer | null) => {
      const key = t.app.context.storage.newKey();
      if (raw) await t.app.context.storage.write(key, raw);
      const messageId = raw ? /Message-ID: (<[^>]+>)/.exec(raw.toString())![1]! : `<lost-${process.pid}-${Date.now()}@customer.example>`;
      return writer.create(InboundMail, {
        dedupeKey: messageId, messageId, sha256: 'x'.repeat(64), storageKey: key, size: raw?.length ?? 0, source: 'test', departmentId: support,
        state: 'pending', detail: null, ticketId: null, threadItemId: null, receivedAt: new Date(), processedAt: null,
      });
    };
    // Its file is gone (a restored backup without the data folder): it cannot be filed.
    const lost = await stored(null);
    const behind = await stored(letter({ subject: 'Behind a lost letter' }));
    await writer.flush();
    expect(await processPendingMail(t.app.context)).toBe(1);
    expect((await em().findOneOrFail(InboundMail, { id: behind.id })).state).toBe('processed');
    expect((await em().findOneOrFail(InboundMail, { id: lost.id })).state).toBe('pending');
    expect(await processPendingMail(t.app.context)).toBe(0);
    await em().nativeDelete(InboundMail, { id: lost.id });
  });

  it('keeps a calendar invitation and a forwarded message as files on the ticket, named for what they are', async () => {
    const raw = Buffer.from(
      [
        'From: Boss <boss@customer.example>', 'To: help@parley.example', 'Subject: Meeting about the outage', `Message-ID: <cal-${process.pid}@customer.example>`,
        'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="m"', '',
        '--m', 'Content-Type: multipart/alternative; boundary="a"', '',
        '--a', 'Content-Type: text/plain; charset=utf-8', '', 'Let us meet.',
        '--a', 'Content-Type: text/calendar; charset=utf-8; method=REQUEST', '', 'BEGIN:VCALENDAR', 'METHOD:REQUEST', 'BEGIN:VEVENT', 'SUMMARY:Outage review', 'END:VEVENT', 'END:VCALENDAR',
        '--a--',
        '--m', 'Content-Type: message/rfc822', 'Content-Disposition: attachment', '',
        'From: someone@else.example', 'Subject: Original outage report', 'Message-ID: <orig@else.example>', '', 'The server is down.',
        '--m--', '',
      ].join('\r\n'),
    );
    const outcome = await ingestRawMail(t.app.context, raw, source);
    if (outcome.result !== 'created') throw new Error('expected a new ticket');
    const message = (await t.admin.get(`/api/v1/tickets/${outcome.ticketId}`)).body.thread.find((i: { kind: string }) => i.kind === 'customer_message');
    expect(message.body).toContain('Let us meet.');
    expect(message.attachments.map((a: { filename: string; contentType: string }) => [a.filename, a.contentType])).toEqual([
      ['invite.ics', 'text/calendar'],
      ['Original outage report.eml', 'message/rfc822'],
    ]);
  });

  it('refuses a letter over MAX_MAIL_BYTES before storing anything', async () => {
    const huge = letter({ body: 'x'.repeat(t.app.context.config.limits.mailBytes + 1) });
    await expect(ingestRawMail(t.app.context, huge, source)).rejects.toMatchObject({ code: 'request/too_large' });
  });
});
