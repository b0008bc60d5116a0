import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, describeEachDatabase, type TestApp } from './helpers/create-test-app.js';

/**
 * Audit finding: the web form and the widget's offline form filed an anonymous message under the existing
 * contact a typed email matched, so a stranger could join someone's history and read the agent's answer
 * through the form's access token. An unverified address is now only a claim, as in the live chat.
 */
describeEachDatabase('forms never attach a message to someone else\'s contact by an unverified email', (db) => {
  let t: TestApp;
  let victimContactId: number;

  beforeAll(async () => {
    t = await createTestApp({ db, env: { PUBLIC_FORM_REQUESTS_PER_HOUR: '50' } });
    await t.department('Support');
    const history = await t.admin.post('/api/v1/tickets', { subject: 'Invoice 4711', message: 'My IBAN is DE00 SECRET', channel: 'email', contact: { email: 'vera@example.com', name: 'Vera Victim' } });
    expect(history.status).toBe(201);
    victimContactId = history.body.ticket.contact.id;
  });
  afterAll(() => t?.close());

  async function expectKeptApart(ticketId: number, claimed: string, name: string): Promise<void> {
    const detail = (await t.admin.get(`/api/v1/tickets/${ticketId}`)).body;
    // A contact of its own, without the address it cannot prove; the claim is on the thread for agents.
    expect(detail.ticket.contact.id).not.toBe(victimContactId);
    expect(detail.ticket.contact).toMatchObject({ name, email: null });
    expect(detail.thread.filter((i: any) => i.kind === 'system_event' && i.systemEvent.type === 'email_unverified').map((i: any) => i.systemEvent)).toEqual([
      { type: 'email_unverified', email: claimed },
    ]);
    // The existing contact is untouched: still its own name, still only its own address.
    const victim = (await t.admin.get(`/api/v1/contacts/${victimContactId}`)).body;
    expect(victim).toMatchObject({ name: 'Vera Victim', emails: ['vera@example.com'] });
  }

  it('the web form: a new contact and ticket; the token shows only that ticket, never the claim or the history', async () => {
    const created = await t.client().post('/api/v1/public/tickets', { name: 'Mallory', email: 'Vera@Example.com', subject: 'My invoices', message: 'Send me my IBAN please' });
    expect(created.status).toBe(201);
    await expectKeptApart(created.body.ticketId, 'vera@example.com', 'Mallory');
    await t.admin.post(`/api/v1/tickets/${created.body.ticketId}/replies`, { body: 'Which invoice?' });
    const view = await t.client().withToken(created.body.accessToken).get(`/api/v1/public/tickets/${created.body.ticketId}`);
    expect(view.status).toBe(200);
    expect(view.body.messages.map((m: any) => m.body)).toEqual(['Send me my IBAN please', 'Which invoice?']);
    expect(JSON.stringify(view.body)).not.toMatch(/SECRET|Vera|4711|email_unverified/);
  });

  it('the offline form: the same rule', async () => {
    const sent = await t.client().post('/api/v1/widget/offline-messages', { name: 'Mallory Offline', email: 'vera@example.com', message: 'What did I write last time?' });
    expect(sent.status).toBe(201);
    await expectKeptApart(Number(sent.body.number.replace('#', '')), 'vera@example.com', 'Mallory Offline');
  });

  it('an address nobody has yet still makes a contact with it, and no claim', async () => {
    const created = await t.client().post('/api/v1/public/tickets', { name: 'Nina New', email: 'nina@example.com', subject: 'Hello', message: 'First time here' });
    const detail = (await t.admin.get(`/api/v1/tickets/${created.body.ticketId}`)).body;
    expect(detail.ticket.contact).toMatchObject({ name: 'Nina New', email: 'nina@example.com' });
    expect(detail.thread.some((i: any) => i.systemEvent?.type === 'email_unverified')).toBe(false);
  });
});
