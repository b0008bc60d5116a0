import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, describeEachDatabase, type TestApp } from './helpers/create-test-app.js';
import { freePort, type ReceivedMail, startSmtpReceiver } from './helpers/smtp-receiver.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function mailMatching(mails: readonly ReceivedMail[], match: (raw: string) => boolean, timeoutMs = 10_000): Promise<ReceivedMail> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const found = mails.find((m) => match(m.raw));
    if (found) return found;
    await pause(25);
  }
  throw new Error('timed out waiting for a mail');
}

const addresses = (field: unknown) => (field as { value: { address: string }[] } | undefined)?.value.map((a) => a.address) ?? [];

/** The reply window of LiveAgent's contact-centre guide: a new ticket that writes to the customer, the letter's recipient and subject, starting templates. */
describeEachDatabase('the reply window', (db) => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let support: number;
  let ada: Awaited<ReturnType<TestApp['agent']>>;

  beforeAll(async () => {
    const port = await freePort();
    smtp = await startSmtpReceiver(port);
    t = await createTestApp({ db, env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Parley Help <help@parley.example>' } });
    support = await t.department('Support');
    ada = await t.agent({ name: 'Ada Lovelace', departmentIds: [support] });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('a new ticket written by the agent is our first letter: an agent reply, emailed with the ticket subject, the ticket Answered', async () => {
    const created = await ada.http.post('/api/v1/tickets', {
      subject: 'Your order 4711',
      message: 'AGENT-FIRST Your parcel left our warehouse.',
      contact: { email: 'otto@customer.example', name: 'Otto Kunde' },
      channel: 'api',
      departmentId: support,
      priority: 'high',
      tags: ['Orders'],
      cc: ['boss@customer.example'],
      firstMessage: { from: 'agent' },
    });
    expect(created.status).toBe(201);
    const { ticket, thread } = created.body;
    expect(ticket).toMatchObject({ status: 'answered', priority: 'high', tags: ['orders'], channel: 'email', waitingSince: null });
    const first = thread.at(-1);
    expect(first).toMatchObject({ kind: 'agent_reply', authorAgentId: ada.id, authorContactId: null, body: 'AGENT-FIRST Your parcel left our warehouse.' });
    expect(first.email).toMatchObject({ direction: 'out', deliveryState: 'queued', to: ['otto@customer.example'], cc: ['boss@customer.example'] });
    expect(thread.some((item: { kind: string }) => item.kind === 'customer_message')).toBe(false);

    const received = await mailMatching(smtp.mails, (raw) => raw.includes('AGENT-FIRST'));
    expect(received.to.sort()).toEqual(['boss@customer.example', 'otto@customer.example']);
    const parsed = await simpleParser(received.raw);
    expect(parsed.subject).toBe(`Your order 4711 [#${ticket.id}]`);
    expect(addresses(parsed.to)).toEqual(['otto@customer.example']);
    expect(parsed.from?.value).toEqual([{ name: 'Ada Lovelace (Support)', address: 'help@parley.example' }]);
  });

  it('a new ticket recording the customer’s request stays theirs and sends nothing', async () => {
    const before = smtp.mails.length;
    const created = await ada.http.post('/api/v1/tickets', {
      subject: 'Phone call',
      message: 'CUSTOMER-FIRST The customer called about a refund.',
      contact: { email: 'paula@customer.example' },
      channel: 'email',
      firstMessage: { from: 'customer' },
    });
    expect(created.status).toBe(201);
    expect(created.body.ticket.status).toBe('new');
    expect(created.body.thread.at(-1)).toMatchObject({ kind: 'customer_message', email: null });
    await pause(300);
    expect(smtp.mails.length).toBe(before);
    const bad = await ada.http.post('/api/v1/tickets', { subject: 'x', message: 'y', contact: { email: 'q@customer.example' }, firstMessage: { from: 'robot' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBeTruthy();
  });

  it('a plain reply goes to the recipient and with the subject the agent chose, and the ticket keeps its subject', async () => {
    const created = await ada.http.post('/api/v1/tickets', {
      subject: 'Invoice question',
      message: 'The customer asks about invoice 17.',
      contact: { email: 'rita@customer.example' },
      channel: 'email',
      departmentId: support,
    });
    const ticketId = created.body.ticket.id;
    const reply = await ada.http.post(`/api/v1/tickets/${ticketId}/replies`, {
      body: 'OVERRIDE-REPLY Here is your invoice.',
      to: ['accounts@customer.example'],
      subject: 'Invoice 17 for your records',
    });
    expect(reply.status).toBe(201);
    expect(reply.body.email).toMatchObject({ to: ['accounts@customer.example'], subject: `Invoice 17 for your records [#${ticketId}]` });
    const received = await mailMatching(smtp.mails, (raw) => raw.includes('OVERRIDE-REPLY'));
    expect(received.to).toEqual(['accounts@customer.example']);
    const parsed = await simpleParser(received.raw);
    expect(parsed.subject).toBe(`Invoice 17 for your records [#${ticketId}]`);
    expect(addresses(parsed.to)).toEqual(['accounts@customer.example']);
    expect((await ada.http.get(`/api/v1/tickets/${ticketId}`)).body.ticket.subject).toBe('Invoice question');

    // Without a chosen subject the letter keeps the usual one.
    await ada.http.post(`/api/v1/tickets/${ticketId}/replies`, { body: 'DEFAULT-SUBJECT reply' });
    const plain = await simpleParser((await mailMatching(smtp.mails, (raw) => raw.includes('DEFAULT-SUBJECT'))).raw);
    expect(plain.subject).toBe(`Re: Invoice question [#${ticketId}]`);
    expect(addresses(plain.to)).toEqual(['rita@customer.example']);

    const blank = await ada.http.post(`/api/v1/tickets/${ticketId}/replies`, { body: 'x', subject: '   ' });
    expect(blank.status).toBe(400);
  });

  it('fills a new reply from the agent’s own template, else the department’s; unknown placeholders are refused', async () => {
    const ticket = await ada.http.post('/api/v1/tickets', {
      subject: 'Template check',
      message: 'Hello?',
      contact: { email: 'tina@customer.example', name: 'Tina Turner' },
      departmentId: support,
    });
    const ticketId = ticket.body.ticket.id;
    expect((await ada.http.get(`/api/v1/tickets/${ticketId}/reply-template`)).body).toEqual({ text: null, cursor: 0 });

    const bad = await t.admin.put(`/api/v1/departments/${support}/reply-template`, { template: 'Hi {{contact.nmae}}' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('canned/unknown_placeholder');
    expect((await ada.http.put(`/api/v1/departments/${support}/reply-template`, { template: 'x' })).status).toBe(403);

    const dept = await t.admin.put(`/api/v1/departments/${support}/reply-template`, { template: 'Dear {{contact.name}},\n\nThe {{department.name}} team' });
    expect(dept.status).toBe(200);
    expect((await t.admin.get(`/api/v1/departments/${support}/reply-template`)).body).toEqual({ template: 'Dear {{contact.name}},\n\nThe {{department.name}} team' });
    const fromDepartment = (await ada.http.get(`/api/v1/tickets/${ticketId}/reply-template`)).body;
    expect(fromDepartment).toEqual({ text: 'Dear Tina Turner,\n\n\n\nThe Support team', cursor: 'Dear Tina Turner,\n\n'.length });

    const own = await ada.http.put('/api/v1/me/reply-template', { template: 'Hi {{contact.firstName}},\n{{cursor}}\nCheers, {{agent.firstName}}' });
    expect(own.status).toBe(200);
    expect((await ada.http.get('/api/v1/me/reply-template')).body.template).toContain('{{cursor}}');
    expect((await ada.http.get(`/api/v1/tickets/${ticketId}/reply-template`)).body).toEqual({ text: 'Hi Tina,\n\nCheers, Ada', cursor: 'Hi Tina,\n'.length });

    // Removing the own one falls back to the department's.
    await ada.http.put('/api/v1/me/reply-template', { template: null });
    expect((await ada.http.get('/api/v1/me/reply-template')).body).toEqual({ template: null });
    expect((await ada.http.get(`/api/v1/tickets/${ticketId}/reply-template`)).body.text).toContain('Dear Tina Turner');
  });
});
