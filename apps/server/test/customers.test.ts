import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, describeEachDatabase, type TestApp } from './helpers/create-test-app.js';

describeEachDatabase('customer-facing paths never show anything internal', (db) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ db, env: { PUBLIC_FORM_REQUESTS_PER_HOUR: '50' } });
    await t.department('Support');
  });
  afterAll(() => t?.close());

  it('opens a ticket from the web form and lets the customer read and answer it with its token', async () => {
    const customer = t.client();
    const created = await customer.post('/api/v1/public/tickets', { name: 'Wanda Web', email: 'wanda@example.com', subject: 'Form question', message: 'Is it open on Sunday?' });
    expect(created.status).toBe(201);
    const { ticketId, accessToken } = created.body;
    expect(accessToken).toMatch(/^prc_/);

    const agentView = (await t.admin.get(`/api/v1/tickets/${ticketId}`)).body;
    expect(agentView.ticket).toMatchObject({ channel: 'web_form', status: 'new' });
    await t.admin.post(`/api/v1/tickets/${ticketId}/internal-notes`, { body: 'SECRET internal remark' });
    await t.admin.post(`/api/v1/tickets/${ticketId}/replies`, { body: 'Yes, from 10 to 16.' });
    await t.admin.post(`/api/v1/tickets/${ticketId}/transfer`, { departmentId: agentView.ticket.departmentId, agentId: (await t.admin.get('/api/v1/auth/session')).body.agent.id, note: 'SECRET transfer note' });

    const reader = customer.withToken(accessToken);
    const view = await reader.get(`/api/v1/public/tickets/${ticketId}`);
    expect(view.status).toBe(200);
    expect(view.body.messages.map((m: { from: string; body: string }) => `${m.from}: ${m.body}`)).toEqual([
      'customer: Is it open on Sunday?',
      'agent: Yes, from 10 to 16.',
    ]);
    const raw = JSON.stringify(view.body);
    expect(raw).not.toContain('SECRET');
    expect(raw).not.toMatch(/internal|departmentId|assignedAgentId|system/);

    const answer = await reader.post(`/api/v1/public/tickets/${ticketId}/messages`, { body: 'Thanks!' });
    expect(answer.status).toBe(201);
    expect(JSON.stringify(answer.body)).not.toContain('SECRET');
    expect((await t.admin.get(`/api/v1/tickets/${ticketId}`)).body.ticket.status).toBe('open');
  });

  it('refuses other tickets, forged tokens and internal tickets', async () => {
    const a = (await t.client().post('/api/v1/public/tickets', { email: 'a@example.com', subject: 'A', message: 'a' })).body;
    const b = (await t.client().post('/api/v1/public/tickets', { email: 'b@example.com', subject: 'B', message: 'b' })).body;
    const asA = t.client().withToken(a.accessToken);
    expect((await asA.get(`/api/v1/public/tickets/${b.ticketId}`)).status).toBe(404);
    expect((await asA.post(`/api/v1/public/tickets/${b.ticketId}/messages`, { body: 'hijack' })).status).toBe(404);
    expect((await t.client().withToken('prc_forged').get(`/api/v1/public/tickets/${a.ticketId}`)).status).toBe(404);
    expect((await t.client().get(`/api/v1/public/tickets/${a.ticketId}`)).status).toBe(401);
    const internal = await t.admin.post('/api/v1/internal-tickets', { subject: 'About A', message: 'private', agentId: (await t.admin.get('/api/v1/auth/session')).body.agent.id });
    expect((await asA.get(`/api/v1/public/tickets/${internal.body.ticket.id}`)).status).toBe(404);
    // An agent's session is no customer token either.
    expect((await t.admin.get(`/api/v1/public/tickets/${a.ticketId}`)).status).toBe(401);
  });
});

describeEachDatabase('customer downloads', (db) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ db });
  });
  afterAll(() => t?.close());

  it('serves files of public replies to the ticket\'s customer, and never a file of an internal note', async () => {
    const created = (await t.client().post('/api/v1/public/tickets', { email: 'files@example.com', subject: 'Files', message: 'send me the invoice' })).body;
    const upload = async (name: string) => {
      const form = new FormData();
      form.append('file', new Blob([`content of ${name}`], { type: 'text/plain' }), name);
      return (await t.admin.post('/api/v1/attachments', form)).body;
    };
    const invoice = await upload('invoice.txt');
    const secret = await upload('secret.txt');
    await t.admin.post(`/api/v1/tickets/${created.ticketId}/replies`, { body: 'Here it is', attachmentIds: [invoice.id] });
    await t.admin.post(`/api/v1/tickets/${created.ticketId}/internal-notes`, { body: 'internal', attachmentIds: [secret.id] });
    const customer = t.client().withToken(created.accessToken);
    const view = (await customer.get(`/api/v1/public/tickets/${created.ticketId}`)).body;
    const files = view.messages.flatMap((m: { attachments: { id: string; url: string }[] }) => m.attachments);
    expect(files.map((f: { id: string }) => f.id)).toEqual([invoice.id]);
    const download = await customer.get(files[0].url);
    expect(download.status).toBe(200);
    expect(download.body).toBe('content of invoice.txt');
    expect((await customer.get(`/api/v1/public/tickets/${created.ticketId}/attachments/${secret.id}`)).status).toBe(404);
    expect((await t.client().get(files[0].url)).status).toBe(401);
  });
});
