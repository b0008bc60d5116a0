import nodemailer from 'nodemailer';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Em } from '../../src/db/orm.js';
import { InboundMail } from '../../src/modules/email/email.entity.js';
import { Ticket } from '../../src/modules/tickets/ticket.entity.js';
import { createTestApp, describeEachDatabase, type TestApp } from '../helpers/create-test-app.js';

let sequence = 0;

describeEachDatabase('mailboxes: the SMTP receiver for forwarded mail', (db) => {
  let t: TestApp;
  let billing: number;
  let address: string;
  const em = () => t.app.context.orm.em.fork() as Em;
  const transport = () =>
    nodemailer.createTransport({ host: '127.0.0.1', port: t.app.context.mailboxes.smtpReceiverPort ?? 0, secure: false, ignoreTLS: true, connectionTimeout: 5_000 } as never);

  beforeAll(async () => {
    t = await createTestApp({ db, env: { SMTP_RECEIVER_PORT: '0', SMTP_RECEIVER_HOST: '127.0.0.1', MAX_MAIL_BYTES: '50000' } });
    billing = await t.department('Billing');
    address = `billing-${db}-${process.pid}@parley.example`;
    const created = await t.admin.post('/api/v1/mailboxes', { name: `Billing ${db}`, address, departmentId: billing, smtpReceiver: true });
    expect(created.status).toBe(201);
    // Inactive, and one not receiving forwarded mail: neither accepts mail here.
    await t.admin.post('/api/v1/mailboxes', { name: 'Old', address: `old-${db}@parley.example`, smtpReceiver: true, active: false });
    await t.admin.post('/api/v1/mailboxes', { name: 'IMAP only', address: `imap-only-${db}@parley.example`, smtpReceiver: false });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('files a letter sent to a mailbox address on a ticket of its department, and has stored it when it answers 250', async () => {
    const messageId = `<smtp-${process.pid}-${++sequence}@customer.example>`;
    const info = await transport().sendMail({
      from: 'Bob Customer <bob@customer.example>',
      to: address.toUpperCase(),
      subject: 'Wrong invoice',
      text: 'The amount is wrong.',
      messageId,
    });
    expect(info.response).toMatch(/^250/);
    // No waiting: 250 came after filing.
    const row = await em().findOneOrFail(InboundMail, { messageId });
    expect(row).toMatchObject({ source: `Billing ${db}`, departmentId: billing, state: 'processed' });
    const ticket = await em().findOneOrFail(Ticket, { id: row.ticketId as number });
    expect(ticket).toMatchObject({ subject: 'Wrong invoice', channel: 'email', departmentId: billing });

    // The same letter again (a retrying relay): accepted, nothing new.
    await transport().sendMail({ from: 'bob@customer.example', to: address, subject: 'Wrong invoice', text: 'The amount is wrong.', messageId });
    expect(await em().count(InboundMail, { messageId })).toBe(1);
  });

  it('refuses unknown, inactive and non-forwarding addresses with 550', async () => {
    for (const to of [`nobody@parley.example`, `old-${db}@parley.example`, `imap-only-${db}@parley.example`]) {
      const error = await transport()
        .sendMail({ from: 'bob@customer.example', to, subject: 'Hello', text: 'Hi' })
        .then(() => null, (e: { responseCode?: number; response?: string }) => e);
      expect(error?.responseCode).toBe(550);
    }
  });

  it('refuses a letter over MAX_MAIL_BYTES and files nothing', async () => {
    const messageId = `<smtp-big-${process.pid}-${++sequence}@customer.example>`;
    const error = await transport()
      .sendMail({ from: 'bob@customer.example', to: address, subject: 'Huge', text: 'x'.repeat(80_000), messageId })
      .then(() => null, (e: { responseCode?: number }) => e);
    expect(error?.responseCode).toBe(552);
    expect(await em().count(InboundMail, { messageId })).toBe(0);
  });
});

describeEachDatabase('mailboxes: SMTP_RECEIVER_ALLOW', (db) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ db, env: { SMTP_RECEIVER_PORT: '0', SMTP_RECEIVER_HOST: '127.0.0.1', SMTP_RECEIVER_ALLOW: '10.0.0.0/8, fd00::/8' } });
    await t.admin.post('/api/v1/mailboxes', { name: 'Support', address: 'support@parley.example', smtpReceiver: true });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('turns away clients outside the allowed networks', async () => {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: t.app.context.mailboxes.smtpReceiverPort ?? 0, secure: false, ignoreTLS: true } as never);
    const error = await transport
      .sendMail({ from: 'bob@customer.example', to: 'support@parley.example', subject: 'Hello', text: 'Hi' })
      .then(() => null, (e: { responseCode?: number }) => e);
    expect(error?.responseCode).toBe(554);
    expect(await (t.app.context.orm.em.fork() as Em).count(InboundMail, {})).toBe(0);
  });
});
