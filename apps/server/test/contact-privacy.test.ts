import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestRawMail } from '../src/modules/email/ingest-mail.js';
import { Attachment } from '../src/modules/attachments/attachment.entity.js';
import { createTestApp, describeEachDatabase, type TestApp } from './helpers/create-test-app.js';

let sequence = 0;

function letterWithFile(from: string, body: string): Buffer {
  return Buffer.from(
    [
      `From: ${from}`,
      'To: Support <help@parley.example>',
      'Subject: My passport scan',
      `Message-ID: <privacy-${process.pid}-${++sequence}@customer.example>`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="zz"',
      '',
      '--zz',
      'Content-Type: text/plain; charset=utf-8',
      '',
      body,
      '--zz',
      'Content-Type: image/png; name="passport.png"',
      'Content-Transfer-Encoding: base64',
      'Content-Disposition: attachment; filename="passport.png"',
      '',
      Buffer.from('89504e470d0a1a0a', 'hex').toString('base64'),
      '--zz--',
      '',
    ].join('\r\n'),
  );
}

describeEachDatabase('contacts: merging duplicates, exporting and erasing a person', (db) => {
  let t: TestApp;
  let support: number;

  beforeAll(async () => {
    t = await createTestApp({ db });
    support = await t.department('Support');
  });
  afterAll(() => t?.close());

  const ticketFor = async (email: string, message: string) =>
    (await t.admin.post('/api/v1/tickets', { subject: `From ${email}`, message, channel: 'email', contact: { email }, departmentId: support })).body;

  describe('merging duplicates', () => {
    it('moves tickets, addresses, phones and notes to the survivor and deletes the duplicates', async () => {
      const home = await ticketFor('anna@home.example', 'From home');
      const work = await ticketFor('anna@work.example', 'From work');
      const survivor = home.ticket.contact.id;
      const duplicate = work.ticket.contact.id;
      await t.admin.patch(`/api/v1/contacts/${duplicate}`, { name: 'Anna Bērziņa', phones: ['+371 2000 0000'] });
      await t.admin.post(`/api/v1/contacts/${duplicate}/notes`, { body: 'Prefers mornings' });
      const agent = await t.agent({ departmentIds: [support] });

      const merged = await agent.http.post(`/api/v1/contacts/${survivor}/merge`, { contactIds: [duplicate] });
      expect(merged.status).toBe(200);
      expect(merged.body).toMatchObject({ id: survivor, name: 'Anna Bērziņa', emails: ['anna@home.example', 'anna@work.example'], phones: ['+371 2000 0000'] });
      expect((await t.admin.get(`/api/v1/contacts/${duplicate}`)).status).toBe(404);
      expect((await t.admin.get(`/api/v1/tickets/${work.ticket.id}`)).body.ticket.contact.id).toBe(survivor);
      expect((await t.admin.get(`/api/v1/contacts/${survivor}/notes`)).body.items.map((n: any) => n.body)).toEqual(['Prefers mornings']);
      const audit = (await t.admin.get('/api/v1/audit-log?action=contact.merged')).body.items;
      expect(audit[0]).toMatchObject({ action: 'contact.merged', target: { type: 'contact', id: survivor } });
    });

    it('refuses merging a contact into itself or an unknown one, changing nothing', async () => {
      const one = (await ticketFor('solo@example.lv', 'Solo')).ticket.contact.id;
      const self = await t.admin.post(`/api/v1/contacts/${one}/merge`, { contactIds: [one] });
      expect([self.status, self.body.error.code]).toEqual([422, 'contact/merge_invalid']);
      const unknown = await t.admin.post(`/api/v1/contacts/${one}/merge`, { contactIds: [999_999] });
      expect(unknown.status).toBe(404);
      expect((await t.admin.get(`/api/v1/contacts/${one}`)).status).toBe(200);
    });
  });

  describe('a subject access request', () => {
    it('exports the card and the conversations as the person sees them, never internal notes; administrators only', async () => {
      const created = await ticketFor('export@example.gr', 'Καλημέρα, θέλω τα δεδομένα μου');
      await t.admin.post(`/api/v1/tickets/${created.ticket.id}/internal-notes`, { body: 'INTERNAL: difficult customer' });
      await t.admin.post(`/api/v1/tickets/${created.ticket.id}/replies`, { body: 'Σας τα στέλνουμε' });
      const contactId = created.ticket.contact.id;

      const agent = await t.agent({ departmentIds: [support] });
      expect((await agent.http.get(`/api/v1/contacts/${contactId}/export`)).status).toBe(403);

      const exported = await t.admin.get(`/api/v1/contacts/${contactId}/export`);
      expect(exported.status).toBe(200);
      expect(exported.headers.get('content-disposition')).toContain(`parley-contact-${contactId}.json`);
      expect(exported.body.contact).toMatchObject({ id: contactId, emails: ['export@example.gr'] });
      expect(exported.body.tickets).toHaveLength(1);
      expect(exported.body.tickets[0].messages.map((m: any) => [m.from, m.body])).toEqual([
        ['customer', 'Καλημέρα, θέλω τα δεδομένα μου'],
        ['agent', 'Σας τα στέλνουμε'],
      ]);
      expect(JSON.stringify(exported.body)).not.toContain('INTERNAL');
      expect((await t.admin.get('/api/v1/audit-log?action=contact.exported')).body.items[0]).toMatchObject({ target: { type: 'contact', id: contactId } });
    });
  });

  describe('erasure', () => {
    it('empties the card and the messages, deletes the files and raw letters, keeps the tickets with an event and the audit entry with counts only', async () => {
      const filed = await ingestRawMail(t.app.context, letterWithFile('Eero Erase <eero@erase.example>', 'My passport number is X1234567'), {
        source: 'test',
        departmentId: support,
        ownAddresses: ['help@parley.example'],
      });
      if (filed.result !== 'created') throw new Error(JSON.stringify(filed));
      const detail = (await t.admin.get(`/api/v1/tickets/${filed.ticketId}`)).body;
      const contactId = detail.ticket.contact.id;
      const message = detail.thread.find((i: any) => i.kind === 'customer_message');
      const file = await t.app.orm.em.fork().findOneOrFail(Attachment, { threadItem: message.id });
      const filePath = join(t.dataDir, 'attachments', file.storageKey);
      expect(existsSync(filePath)).toBe(true);
      await t.admin.post(`/api/v1/tickets/${filed.ticketId}/replies`, { body: 'Thanks, we have it' });

      const agent = await t.agent({ departmentIds: [support] });
      expect((await agent.http.post(`/api/v1/contacts/${contactId}/erase`, {})).status).toBe(403);

      const erased = await t.admin.post(`/api/v1/contacts/${contactId}/erase`, {});
      expect(erased.status).toBe(200);
      expect(erased.body).toEqual({ tickets: 1, messages: 1, attachments: 1, addresses: 1 });

      const after = (await t.admin.get(`/api/v1/tickets/${filed.ticketId}`)).body;
      const emptied = after.thread.find((i: any) => i.id === message.id);
      expect(emptied.body).toBe('');
      expect(emptied.attachments).toEqual([]);
      expect(emptied.email).toMatchObject({ fromAddress: null, fromName: null, subject: '' });
      expect(after.thread.find((i: any) => i.kind === 'agent_reply').body).toBe('Thanks, we have it');
      expect(after.thread.at(-1).systemEvent).toEqual({ type: 'contact_erased' });
      expect((await t.admin.get(`/api/v1/contacts/${contactId}`)).body).toMatchObject({ name: null, emails: [], phones: [] });
      expect((await t.admin.get(`/api/v1/attachments/${file.id}`)).status).toBe(404);
      expect(existsSync(filePath)).toBe(false);
      expect((await t.admin.get(`/api/v1/tickets/${filed.ticketId}/items/${message.id}/email/original`)).status).toBeGreaterThanOrEqual(400);

      const audit = (await t.admin.get('/api/v1/audit-log?action=contact.erased')).body.items;
      expect(audit[0]).toMatchObject({ target: { type: 'contact', id: contactId } });
      expect(JSON.stringify(audit)).not.toMatch(/eero|Eero|X1234567/);

      // The address is free again: a new letter from it makes a new contact, not the erased one.
      const again = await ingestRawMail(t.app.context, letterWithFile('Eero <eero@erase.example>', 'Hello again'), { source: 'test', departmentId: support, ownAddresses: ['help@parley.example'] });
      if (again.result !== 'created') throw new Error(JSON.stringify(again));
      expect((await t.admin.get(`/api/v1/tickets/${again.ticketId}`)).body.ticket.contact.id).not.toBe(contactId);
    });
  });
});

