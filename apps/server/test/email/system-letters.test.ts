import { afterAll, beforeAll, expect, it } from 'vitest';
import { ingestRawMail } from '../../src/modules/email/ingest-mail.js';
import { OutboxMail } from '../../src/modules/mail/outbox-mail.entity.js';
import { createTestApp, describeEachDatabase, type TestApp } from '../helpers/create-test-app.js';
import { freePort, startSmtpReceiver } from '../helpers/smtp-receiver.js';

/**
 * Audit finding: Parley's own letters (notifications to agents, password reset links) needed SMTP_URL, so an
 * installation that sends through its mailboxes never sent them, silently. They now go through the same
 * senders as replies, and the forgot-password page is told when no letter can go out at all.
 */
describeEachDatabase('notifications and password resets without SMTP_URL', (db) => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let port: number;
  let billing: number;

  beforeAll(async () => {
    port = await freePort();
    smtp = await startSmtpReceiver(port);
    t = await createTestApp({ db, env: { MAIL_CREDENTIALS_KEY: Buffer.alloc(32, 9).toString('base64') } });
    billing = await t.department('Billing');
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('says when no letter can go out, queues nothing, and tells nothing about the address', async () => {
    const agent = await t.agent({ departmentIds: [billing] });
    const known = await t.client().post('/api/v1/auth/password-reset', { email: agent.email });
    const unknown = await t.client().post('/api/v1/auth/password-reset', { email: 'nobody@parley.test' });
    expect(known.status).toBe(202);
    expect(known.body).toEqual({ accepted: true, emailDelivery: 'unavailable' });
    expect(unknown.body).toEqual(known.body);
    expect(await t.app.orm.em.fork().count(OutboxMail, { purpose: 'password_reset' })).toBe(0);
  });

  it('sends reset links and notifications through a mailbox that sends, from its address', async () => {
    const created = await t.admin.post('/api/v1/mailboxes', { name: 'Billing', address: 'billing@shop.example', departmentId: billing, smtp: { host: '127.0.0.1', port, secure: false, user: null } });
    expect(created.status).toBe(201);
    const agent = await t.agent({ departmentIds: [billing] });
    await agent.http.patch('/api/v1/me', { emailNotifications: { newTicketInMyDepartment: true } });
    // Administrators are told which departments still cannot send.
    const support = await t.department('Support');
    const session = (await t.admin.get('/api/v1/auth/session')).body;
    expect(session.outgoingEmail).toBe(true);
    expect(session.departmentsWithoutOutgoingEmail).toContain(support);
    expect(session.departmentsWithoutOutgoingEmail).not.toContain(billing);

    const reset = await t.client().post('/api/v1/auth/password-reset', { email: agent.email });
    expect(reset.body).toEqual({ accepted: true, emailDelivery: 'available' });
    await expect.poll(() => smtp.mails.filter((m) => m.to.includes(agent.email) && m.raw.includes('/reset-password')).length, { timeout: 10_000 }).toBe(1);
    expect(smtp.mails.find((m) => m.raw.includes('/reset-password'))!.from).toBe('billing@shop.example');

    const letter = Buffer.from(
      ['From: Anna <anna@customer.example>', 'To: billing@shop.example', 'Subject: Refund please', `Message-ID: <system-${process.pid}-${Date.now()}@customer.example>`, 'Content-Type: text/plain; charset=utf-8', '', 'Where is my refund?', ''].join('\r\n'),
    );
    const filed = await ingestRawMail(t.app.context, letter, { source: 'test', departmentId: billing, ownAddresses: ['billing@shop.example'] });
    expect(filed.result).toBe('created');
    await expect.poll(() => smtp.mails.filter((m) => m.to.includes(agent.email) && m.raw.includes('Refund please')).length, { timeout: 10_000 }).toBe(1);
  });
});
