import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { countStatements } from '../../src/bench/sql-count.js';
import type { Em } from '../../src/db/orm.js';
import { EmailMessage } from '../../src/modules/email/email.entity.js';
import { ingestRawMail } from '../../src/modules/email/ingest-mail.js';
import { OutboxMail } from '../../src/modules/mail/outbox-mail.entity.js';
import { createTestApp, describeEachDatabase, type TestApp } from '../helpers/create-test-app.js';
import { freePort, startSmtpReceiver } from '../helpers/smtp-receiver.js';

let sequence = 0;

function letter(subject: string): { raw: Buffer; messageId: string } {
  const messageId = `<awaiting-${process.pid}-${++sequence}@customer.example>`;
  const raw = Buffer.from(
    [
      'From: Anna Customer <anna@customer.example>',
      'To: Support <help@parley.example>',
      `Subject: ${subject}`,
      `Message-ID: ${messageId}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Please help.',
      '',
    ].join('\r\n'),
  );
  return { raw, messageId };
}

async function emailTicket(t: TestApp, departmentId: number, subject: string): Promise<{ ticketId: number; messageId: string }> {
  const { raw, messageId } = letter(subject);
  const filed = await ingestRawMail(t.app.context, raw, { source: 'test', departmentId, ownAddresses: ['help@parley.example'] });
  if (filed.result !== 'created') throw new Error('expected a new ticket');
  return { ticketId: filed.ticketId, messageId };
}

const em = (t: TestApp) => t.app.context.orm.em.fork() as Em;

/**
 * Without SMTP a reply is not lost and does not pretend to be sent: its letter is held in the outbox as
 * `awaiting_server`, and goes out by itself once a mail server is configured.
 */
describeEachDatabase('replies while no mail server is configured', (db) => {
  it('holds the reply as awaiting_server, says so to the console and the widget, and sends it when the server starts with SMTP_URL', async () => {
    const a = await createTestApp({ db });
    let b: TestApp | null = null;
    const port = await freePort();
    const smtp = await startSmtpReceiver(port);
    try {
      const support = await a.department('Support');
      const { ticketId, messageId } = await emailTicket(a, support, 'Invoice missing');

      expect((await a.admin.get('/api/v1/auth/session')).body.outgoingEmail).toBe(false);
      expect((await a.client().get('/api/v1/widget/config')).body.emailReplies).toBe(false);

      const reply = await a.admin.post(`/api/v1/tickets/${ticketId}/replies`, { body: 'HELD-REPLY The invoice is attached now.' });
      expect(reply.status).toBe(201);
      expect(reply.body.email).toMatchObject({ direction: 'out', deliveryState: 'awaiting_server', to: ['anna@customer.example'], fromAddress: null });
      const held = await em(a).findOneOrFail(OutboxMail, { threadItemId: reply.body.id });
      expect(held).toMatchObject({ recipient: 'anna@customer.example', purpose: 'reply', ticketId, sentAt: null, nextAttemptAt: null, attempts: 0, raw: null });
      // Nothing tries it while nobody can send.
      expect(await a.app.context.outbox.deliverDue()).toBe(0);
      expect(await a.app.context.outbox.releaseHeld()).toBe(0);
      const detail = await a.admin.get(`/api/v1/tickets/${ticketId}`);
      expect(detail.body.thread.at(-1).email.deliveryState).toBe('awaiting_server');

      // The same installation restarted with a mail server: the held letter goes out, threaded and from MAIL_FROM.
      b = await createTestApp({ db, sameDatabaseAs: a, env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Parley <help@parley.example>' } });
      const mail = await smtp.waitForMail();
      expect(mail.from).toBe('help@parley.example');
      expect(mail.to).toEqual(['anna@customer.example']);
      const parsed = await simpleParser(mail.raw);
      expect(parsed.text).toContain('HELD-REPLY The invoice is attached now.');
      expect(parsed.inReplyTo).toBe(messageId);
      expect(parsed.messageId).toMatch(/@parley\.example>$/);
      await expect.poll(async () => (await em(b!).findOneOrFail(EmailMessage, { threadItem: reply.body.id })).deliveryState, { timeout: 10_000 }).toBe('sent');
      const row = await em(b).findOneOrFail(EmailMessage, { threadItem: reply.body.id });
      // The row keeps the Message-ID the customer's answer will quote, so it threads back into this ticket.
      expect(row).toMatchObject({ messageId: parsed.messageId, fromAddress: 'help@parley.example' });
      expect((await b.admin.get('/api/v1/auth/session')).body.outgoingEmail).toBe(true);
      expect((await b.client().get('/api/v1/widget/config')).body.emailReplies).toBe(true);
      // Sent once, even when held letters are looked at again.
      expect(await b.app.context.outbox.releaseHeld()).toBe(0);
      expect(smtp.mails).toHaveLength(1);
    } finally {
      await b?.close();
      await a.close();
      await smtp.close();
    }
  });

  it('sends held replies once a mailbox that sends is configured for their department, and only theirs', async () => {
    const t = await createTestApp({ db });
    const port = await freePort();
    const smtp = await startSmtpReceiver(port);
    try {
      const billing = await t.department('Billing');
      const sales = await t.department('Sales');
      const inBilling = await emailTicket(t, billing, 'Refund');
      const inSales = await emailTicket(t, sales, 'Quote');
      const billingReply = await t.admin.post(`/api/v1/tickets/${inBilling.ticketId}/replies`, { body: 'HELD-BILLING refund sent' });
      const salesReply = await t.admin.post(`/api/v1/tickets/${inSales.ticketId}/replies`, { body: 'HELD-SALES quote attached' });
      expect(billingReply.body.email.deliveryState).toBe('awaiting_server');
      expect(salesReply.body.email.deliveryState).toBe('awaiting_server');

      const created = await t.admin.post('/api/v1/mailboxes', {
        name: 'Billing',
        address: 'billing@shop.example',
        departmentId: billing,
        smtp: { host: '127.0.0.1', port, secure: false, user: null },
      });
      expect(created.status).toBe(201);
      const mail = await smtp.waitForMail();
      expect(mail.from).toBe('billing@shop.example');
      expect((await simpleParser(mail.raw)).text).toContain('HELD-BILLING refund sent');
      await expect.poll(async () => (await t.admin.get(`/api/v1/tickets/${inBilling.ticketId}`)).body.thread.at(-1).email.deliveryState, { timeout: 10_000 }).toBe('sent');
      // Sales has no way to send yet: its reply stays held, not sent through Billing's server.
      expect(await t.app.context.outbox.releaseHeld()).toBe(0);
      expect((await t.admin.get(`/api/v1/tickets/${inSales.ticketId}`)).body.thread.at(-1).email.deliveryState).toBe('awaiting_server');
      expect(smtp.mails).toHaveLength(1);
    } finally {
      await t.close();
      await smtp.close();
    }
  });
  it('looks at no held reply while nobody can send, and then only at those whose department can', async () => {
    // No scheduled jobs: their statements would be counted with the sweep's.
    const t = await createTestApp({ db, env: { JOB_INTERVAL_MS: '0' } });
    const port = await freePort();
    const smtp = await startSmtpReceiver(port);
    const counter = await countStatements(t.app.orm);
    try {
      const billing = await t.department('Billing');
      const sales = await t.department('Sales');
      for (const subject of ['Quote 1', 'Quote 2', 'Quote 3']) {
        const { ticketId } = await emailTicket(t, sales, subject);
        expect((await t.admin.post(`/api/v1/tickets/${ticketId}/replies`, { body: `HELD ${subject}` })).body.email.deliveryState).toBe('awaiting_server');
      }
      const inBilling = await emailTicket(t, billing, 'Refund');
      await t.admin.post(`/api/v1/tickets/${inBilling.ticketId}/replies`, { body: 'HELD-BILLING refund sent' });

      counter.reset();
      expect(await t.app.context.outbox.releaseHeld()).toBe(0);
      // One look at the mailboxes, none at the four held replies.
      expect(counter.statements, counter.statements.join('\n')).toHaveLength(1);

      await t.admin.post('/api/v1/mailboxes', { name: 'Billing', address: 'billing@shop.example', departmentId: billing, smtp: { host: '127.0.0.1', port, secure: false, user: null } });
      await smtp.waitForMail();
      await expect.poll(async () => (await t.admin.get(`/api/v1/tickets/${inBilling.ticketId}`)).body.thread.at(-1).email.deliveryState, { timeout: 10_000 }).toBe('sent');
      await new Promise((resolve) => setTimeout(resolve, 300));
      counter.reset();
      expect(await t.app.context.outbox.releaseHeld()).toBe(0);
      // The mailboxes, then the held replies of Billing (none left): Sales' three are not looked at.
      expect(counter.statements, counter.statements.join('\n')).toHaveLength(2);
      expect(smtp.mails).toHaveLength(1);
    } finally {
      counter.stop();
      await t.close();
      await smtp.close();
    }
  });
});

describe('an internal note without a mail server', () => {
  it('holds no letter: only replies that would be emailed wait', async () => {
    const t = await createTestApp();
    try {
      const support = await t.department('Support');
      const { ticketId } = await emailTicket(t, support, 'Note only');
      const note = await t.admin.post(`/api/v1/tickets/${ticketId}/internal-notes`, { body: 'internal' });
      expect(note.status).toBe(201);
      expect(note.body.email).toBeNull();
      expect(await em(t).count(OutboxMail, {})).toBe(0);
    } finally {
      await t.close();
    }
  });
});
