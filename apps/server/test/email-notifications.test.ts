import { afterAll, beforeAll, expect, it } from 'vitest';
import { ingestRawMail } from '../src/modules/email/ingest-mail.js';
import { parseEmail } from '../src/modules/email/parse-email.js';
import { createTestApp, describeEachDatabase, type TestApp } from './helpers/create-test-app.js';
import { freePort, type ReceivedMail, startSmtpReceiver } from './helpers/smtp-receiver.js';

let sequence = 0;
const letter = (subject: string, extra: string[] = [], body = 'Please help.') =>
  Buffer.from(
    [...extra, 'From: Anna <anna@customer.example>', 'To: help@parley.example', `Subject: ${subject}`, `Message-ID: <notify-${process.pid}-${++sequence}@customer.example>`, 'Content-Type: text/plain; charset=utf-8', '', body, ''].join('\r\n'),
  );
/** The mail as a reader sees it: subject and text decoded (RFC 2047 words, quoted-printable). */
const decoded = async (mail: ReceivedMail) => {
  const parsed = await parseEmail(Buffer.from(mail.raw));
  return `${parsed.subject}\n${parsed.text ?? ''}`;
};

describeEachDatabase('notification emails to agents', (db) => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let support: number;

  beforeAll(async () => {
    const port = await freePort();
    smtp = await startSmtpReceiver(port);
    t = await createTestApp({ db, env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Parley <help@parley.test>' } });
    support = await t.department('Support');
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const mailsTo = (email: string) => smtp.mails.filter((m) => m.to.includes(email));
  const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

  it('mails a new ticket to the members who switched it on, in their language; the others get nothing', async () => {
    const wants = await t.agent({ name: 'Wanda', departmentIds: [support] });
    const quiet = await t.agent({ name: 'Quinn', departmentIds: [support] });
    expect((await wants.http.patch('/api/v1/me', { locale: 'lv', emailNotifications: { newTicketInMyDepartment: true } })).body.emailNotifications).toEqual({
      newTicketInMyDepartment: true,
      assignedToMe: true,
      customerReplyOnMyTicket: true,
    });
    const outcome = await ingestRawMail(t.app.context, letter('Printer on fire'), { source: 'test', departmentId: support, ownAddresses: [] });
    if (outcome.result !== 'created') throw new Error('expected a new ticket');
    await expect.poll(() => mailsTo(wants.email).length).toBe(1);
    const mail = await decoded(mailsTo(wants.email)[0]!);
    expect(mail).toContain(`[#${outcome.ticketId}] Jauns pieteikums`);
    expect(mail).toContain(`/tickets/${outcome.ticketId}`);
    await settle();
    expect(mailsTo(quiet.email)).toHaveLength(0);
  });

  it('quotes our first letter in the mail about a ticket a colleague opened by writing to the customer', async () => {
    const reader = await t.agent({ name: 'Rhea', departmentIds: [support] });
    await reader.http.patch('/api/v1/me', { emailNotifications: { newTicketInMyDepartment: true } });
    const writer = await t.agent({ name: 'Walt', departmentIds: [support] });
    const created = await writer.http.post('/api/v1/tickets', {
      subject: 'Your order',
      message: 'OPENING-LETTER your parcel has left.',
      contact: { email: 'kim@customer.example' },
      departmentId: support,
      firstMessage: { from: 'agent' },
    });
    expect(created.status).toBe(201);
    await expect.poll(() => mailsTo(reader.email).length).toBe(1);
    expect(await decoded(mailsTo(reader.email)[0]!)).toContain('OPENING-LETTER your parcel has left.');
  });

  it('mails the assignee when a colleague assigns them, and then each customer reply on their ticket; switched off, nothing', async () => {
    const owner = await t.agent({ name: 'Olga', departmentIds: [support] });
    const outcome = await ingestRawMail(t.app.context, letter('Invoice wrong'), { source: 'test', departmentId: support, ownAddresses: [] });
    if (outcome.result !== 'created') throw new Error('expected a new ticket');
    expect((await t.admin.post(`/api/v1/tickets/${outcome.ticketId}/transfer`, { agentId: owner.id })).status).toBe(200);
    await expect.poll(() => mailsTo(owner.email).length).toBe(1);
    expect(await decoded(mailsTo(owner.email)[0]!)).toContain(`[#${outcome.ticketId}] Assigned to you: Invoice wrong`);

    await ingestRawMail(t.app.context, letter(`Re: Invoice wrong [#${outcome.ticketId}]`, [], 'Any news?'), { source: 'test', departmentId: support, ownAddresses: [] });
    await expect.poll(() => mailsTo(owner.email).length).toBe(2);
    expect(await decoded(mailsTo(owner.email)[1]!)).toContain('> Any news?');

    await owner.http.patch('/api/v1/me', { emailNotifications: { customerReplyOnMyTicket: false } });
    await ingestRawMail(t.app.context, letter(`Re: Invoice wrong [#${outcome.ticketId}]`, [], 'Hello?'), { source: 'test', departmentId: support, ownAddresses: [] });
    await settle();
    expect(mailsTo(owner.email)).toHaveLength(2);
  });

  it('refuses unknown settings and keeps each agent\'s settings their own', async () => {
    const res = await t.admin.patch('/api/v1/me', { emailNotifications: { everything: true } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('request/invalid');
    expect((await t.admin.get('/api/v1/auth/session')).body.agent.emailNotifications).toEqual({ newTicketInMyDepartment: false, assignedToMe: true, customerReplyOnMyTicket: true });
  });
});
