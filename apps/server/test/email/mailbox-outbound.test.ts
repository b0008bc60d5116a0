import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Em } from '../../src/db/orm.js';
import { ingestRawMail } from '../../src/modules/email/ingest-mail.js';
import { OutboxMail } from '../../src/modules/mail/outbox-mail.entity.js';
import { parseEmail } from '../../src/modules/email/parse-email.js';
import { createTestApp, describeEachDatabase, type TestApp } from '../helpers/create-test-app.js';
import { freePort, startSmtpReceiver } from '../helpers/smtp-receiver.js';

let sequence = 0;
const letter = (subject: string) =>
  Buffer.from(
    ['From: Anna <anna@customer.example>', 'To: billing@shop.example', `Subject: ${subject}`, `Message-ID: <mbout-${process.pid}-${++sequence}@customer.example>`, 'Content-Type: text/plain; charset=utf-8', '', 'Where is my refund?', ''].join('\r\n'),
  );

/**
 * A department with its own mailbox sends its replies through that mailbox's SMTP server, from its address;
 * a department without one uses SMTP_URL and MAIL_FROM. Switched off, the mailbox keeps its letters queued.
 */
describeEachDatabase('replies from the department\'s mailbox', (db) => {
  let t: TestApp;
  let mailboxSmtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let installationSmtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let mailboxPort: number;
  let billing: number;
  let support: number;

  beforeAll(async () => {
    mailboxPort = await freePort();
    const installationPort = await freePort();
    mailboxSmtp = await startSmtpReceiver(mailboxPort);
    installationSmtp = await startSmtpReceiver(installationPort);
    t = await createTestApp({
      db,
      env: { SMTP_URL: `smtp://127.0.0.1:${installationPort}`, MAIL_FROM: 'Parley <help@parley.example>', MAIL_CREDENTIALS_KEY: Buffer.alloc(32, 7).toString('base64') },
    });
    billing = await t.department('Billing');
    support = await t.department('Support');
  });
  afterAll(async () => {
    await t?.close();
    await mailboxSmtp?.close();
    await installationSmtp?.close();
  });

  it('sends a Billing reply through the Billing mailbox, from its address; a Support reply through SMTP_URL', async () => {
    const created = await t.admin.post('/api/v1/mailboxes', {
      name: 'Billing',
      address: 'billing@shop.example',
      departmentId: billing,
      smtp: { host: '127.0.0.1', port: mailboxPort, secure: false, user: null },
    });
    expect(created.status).toBe(201);

    const inBilling = await ingestRawMail(t.app.context, letter('Refund'), { source: 'test', departmentId: billing, ownAddresses: ['billing@shop.example'] });
    const inSupport = await ingestRawMail(t.app.context, letter('Password'), { source: 'test', departmentId: support, ownAddresses: [] });
    if (inBilling.result !== 'created' || inSupport.result !== 'created') throw new Error('expected two new tickets');
    expect((await t.admin.post(`/api/v1/tickets/${inBilling.ticketId}/replies`, { body: 'Your refund is on its way.' })).status).toBe(201);
    expect((await t.admin.post(`/api/v1/tickets/${inSupport.ticketId}/replies`, { body: 'Here is a reset link.' })).status).toBe(201);

    await expect.poll(() => mailboxSmtp.mails.length).toBe(1);
    const viaMailbox = mailboxSmtp.mails[0]!;
    expect(viaMailbox.from).toBe('billing@shop.example');
    expect(viaMailbox.to).toEqual(['anna@customer.example']);
    const parsed = await parseEmail(Buffer.from(viaMailbox.raw));
    expect(parsed.from).toEqual({ address: 'billing@shop.example', name: 'Ada Admin (Billing)' });
    expect(parsed.text).toContain('Your refund is on its way.');

    await expect.poll(() => installationSmtp.mails.filter((m) => m.raw.includes('Here is a reset link.')).length).toBe(1);
    expect(installationSmtp.mails.find((m) => m.raw.includes('Here is a reset link.'))!.from).toBe('help@parley.example');
    expect(installationSmtp.mails.some((m) => m.raw.includes('Your refund is on its way.'))).toBe(false);
    const detail = (await t.admin.get(`/api/v1/tickets/${inBilling.ticketId}`)).body;
    await expect.poll(async () => (await t.admin.get(`/api/v1/tickets/${inBilling.ticketId}`)).body.thread.at(-1).email?.deliveryState).toBe('sent');
    expect(detail.thread.at(-1).email).toMatchObject({ direction: 'out', fromAddress: 'billing@shop.example' });
  });

  it('switched off, the mailbox sends nothing: its queued letters wait, and new replies go through SMTP_URL', async () => {
    const list = (await t.admin.get('/api/v1/mailboxes')).body.items as { id: number; name: string }[];
    const mailbox = list.find((m) => m.name === 'Billing')!;
    expect((await t.admin.patch(`/api/v1/mailboxes/${mailbox.id}`, { active: false })).status).toBe(200);

    // A letter queued for the mailbox while it still sent stays queued, and is not sent from elsewhere.
    const em = t.app.context.orm.em.fork() as Em;
    t.app.context.outbox.queue(em, { recipient: 'anna@customer.example', subject: 'Queued earlier', text: 'QUEUED-FOR-THE-MAILBOX', purpose: 'reply', ticketId: null, mailboxId: mailbox.id });
    await em.flush();
    await t.app.context.outbox.deliverDue();
    expect([...mailboxSmtp.mails, ...installationSmtp.mails].some((m) => m.raw.includes('QUEUED-FOR-THE-MAILBOX'))).toBe(false);
    expect(await t.app.context.orm.em.fork().count(OutboxMail, { text: 'QUEUED-FOR-THE-MAILBOX', sentAt: null })).toBe(1);

    // Letters waiting for the mailbox do not hold up those behind them, however many fill a batch.
    for (const n of [2, 3]) {
      t.app.context.outbox.queue(em, { recipient: 'anna@customer.example', subject: 'Queued earlier', text: `QUEUED-FOR-THE-MAILBOX ${n}`, purpose: 'reply', ticketId: null, mailboxId: mailbox.id });
    }
    await em.flush();
    t.app.context.outbox.queue(em, { recipient: 'anna@customer.example', subject: 'After them', text: 'BEHIND-THE-WAITING-ONES', purpose: 'reply', ticketId: null });
    await em.flush();
    expect(await t.app.context.outbox.deliverDue(2)).toBe(1);
    expect(installationSmtp.mails.filter((m) => m.raw.includes('BEHIND-THE-WAITING-ONES'))).toHaveLength(1);
    expect(await t.app.context.orm.em.fork().count(OutboxMail, { text: { $like: 'QUEUED-FOR-THE-MAILBOX%' }, sentAt: null })).toBe(3);

    const inBilling = await ingestRawMail(t.app.context, letter('Invoice copy'), { source: 'test', departmentId: billing, ownAddresses: [] });
    if (inBilling.result !== 'created') throw new Error('expected a new ticket');
    expect((await t.admin.post(`/api/v1/tickets/${inBilling.ticketId}/replies`, { body: 'A copy is attached.' })).status).toBe(201);
    await expect.poll(() => installationSmtp.mails.filter((m) => m.raw.includes('A copy is attached.')).length).toBe(1);
    expect(mailboxSmtp.mails.some((m) => m.raw.includes('A copy is attached.'))).toBe(false);
  });
});
