import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestRawMail, type MailSource } from '../src/modules/email/ingest-mail.js';
import { ThreadItem } from '../src/modules/tickets/ticket.entity.js';
import { createTestApp, describeEachDatabase, MutableClock, type TestApp } from './helpers/create-test-app.js';

let sequence = 0;
const letter = (from: string, subject: string) =>
  Buffer.from(
    [`From: ${from}`, 'To: help@parley.example', `Subject: ${subject}`, `Message-ID: <spam-${process.pid}-${++sequence}@x.example>`, 'Content-Type: text/plain; charset=utf-8', '', 'Buy now', ''].join(
      '\r\n',
    ),
  );

describeEachDatabase('trash and spam', (db) => {
  let t: TestApp;
  let clock: MutableClock;
  let support: number;
  let source: MailSource;

  beforeAll(async () => {
    clock = new MutableClock(new Date('2027-03-01T08:00:00Z'));
    t = await createTestApp({ db, clock, env: { TRASH_RETENTION_DAYS: '7' } });
    support = await t.department('Support');
    source = { source: 'test', departmentId: support, ownAddresses: ['help@parley.example'] };
  });
  afterAll(() => t?.close());

  const ids = async (query: string) => (await t.admin.get(`/api/v1/tickets?${query}`)).body.items.map((ticket: { id: number }) => ticket.id);

  describe('the trash', () => {
    it('takes a ticket out of every normal list and "To solve", keeps the thread, and gives it back', async () => {
      const created = (await t.admin.post('/api/v1/tickets', { subject: 'Mistake', message: 'Wrong ticket', channel: 'email', contact: { email: 'trash@example.bg' }, departmentId: support })).body.ticket.id;
      const itemsBefore = await t.app.orm.em.fork().count(ThreadItem, { ticket: created, kind: { $ne: 'system_event' } });
      const trashed = await t.admin.post(`/api/v1/tickets/${created}/trash`, {});
      expect(trashed.body.folder).toBe('trash');
      expect(await ids('')).not.toContain(created);
      expect(await ids('folder=trash')).toContain(created);
      expect((await t.admin.get('/api/v1/tickets/count?folder=inbox')).body.count).toBe((await ids('limit=100')).length);
      expect(await t.app.orm.em.fork().count(ThreadItem, { ticket: created, kind: { $ne: 'system_event' } })).toBe(itemsBefore);
      expect((await t.admin.post('/api/v1/tickets/to-solve', {})).body.ticket?.id).not.toBe(created);

      const restored = await t.admin.post(`/api/v1/tickets/${created}/restore`, {});
      expect(restored.body.folder).toBe('inbox');
      expect(await ids('')).toContain(created);
      const events = (await t.admin.get(`/api/v1/tickets/${created}`)).body.thread.filter((i: any) => i.systemEvent?.type === 'folder_changed').map((i: any) => i.systemEvent);
      expect(events).toEqual([
        { type: 'folder_changed', from: 'inbox', to: 'trash', blocked: null },
        { type: 'folder_changed', from: 'trash', to: 'inbox', blocked: null },
      ]);
    });

    it('is purged after the retention days by the job, and emptied at once by an administrator only', async () => {
      const old = (await t.admin.post('/api/v1/tickets', { subject: 'Old', message: 'Old', channel: 'email', contact: { email: 'old@example.bg' }, departmentId: support })).body.ticket.id;
      const recent = (await t.admin.post('/api/v1/tickets', { subject: 'Recent', message: 'Recent', channel: 'email', contact: { email: 'recent@example.bg' }, departmentId: support })).body.ticket.id;
      await t.admin.post(`/api/v1/tickets/${old}/trash`, {});
      clock.advance(5 * 86_400_000);
      await t.admin.post(`/api/v1/tickets/${recent}/trash`, {});
      clock.advance(2 * 86_400_000 + 1000);
      const { purgeExpiredTrash } = await import('../src/modules/spam/trash-purge.js');
      expect(await purgeExpiredTrash(t.app.context)).toBe(1);
      expect((await t.admin.get(`/api/v1/tickets/${old}`)).status).toBe(404);
      expect((await t.admin.get(`/api/v1/tickets/${recent}`)).status).toBe(200);

      const agent = await t.agent({ departmentIds: [support] });
      expect((await agent.http.delete('/api/v1/trash')).status).toBe(403);
      expect((await t.admin.delete('/api/v1/trash')).body).toEqual({ purged: 1 });
      expect((await t.admin.get(`/api/v1/tickets/${recent}`)).status).toBe(404);
    });
  });

  describe('spam', () => {
    it('blocks the sender when asked, so their next letter and form land in spam, unannounced to the queue', async () => {
      const first = await ingestRawMail(t.app.context, letter('Spammer <offers@promo.example.lv>', 'Cheap watches'), source);
      if (first.result !== 'created') throw new Error(JSON.stringify(first));
      const marked = await t.admin.post(`/api/v1/tickets/${first.ticketId}/spam`, { block: 'domain' });
      expect(marked.body.folder).toBe('spam');
      expect((await t.admin.get('/api/v1/sender-blocks')).body.items).toEqual([expect.objectContaining({ kind: 'domain', value: 'promo.example.lv' })]);

      const second = await ingestRawMail(t.app.context, letter('Other <x@mail.promo.example.lv>', 'Cheaper watches'), source);
      if (second.result !== 'created') throw new Error(JSON.stringify(second));
      expect(await ids('')).not.toContain(second.ticketId);
      expect(await ids('folder=spam')).toEqual(expect.arrayContaining([first.ticketId, second.ticketId]));
      const form = await t.client().post('/api/v1/public/tickets', { email: 'someone@promo.example.lv', subject: 'Form spam', message: 'Buy' });
      expect(form.status).toBe(201);
      expect(await ids('folder=spam')).toContain(form.body.ticketId);

      // Someone else's letters still reach the queue; unblocking lets the spammer's through again.
      const fine = await ingestRawMail(t.app.context, letter('Customer <anna@example.lv>', 'Real question'), source);
      if (fine.result !== 'created') throw new Error(JSON.stringify(fine));
      expect(await ids('')).toContain(fine.ticketId);
      const block = (await t.admin.get('/api/v1/sender-blocks')).body.items[0];
      expect((await t.admin.delete(`/api/v1/sender-blocks/${block.id}`)).status).toBe(200);
      const after = await ingestRawMail(t.app.context, letter('Spammer <offers@promo.example.lv>', 'Even cheaper'), source);
      if (after.result !== 'created') throw new Error(JSON.stringify(after));
      expect(await ids('')).toContain(after.ticketId);
    });

    it('never blocks a shared mail service as a domain, and blocks nothing for a ticket it refuses', async () => {
      const created = (await t.admin.post('/api/v1/tickets', { subject: 'Gmail', message: 'Hi', channel: 'email', contact: { email: 'someone@gmail.com' }, departmentId: support })).body.ticket.id;
      const refused = await t.admin.post(`/api/v1/tickets/${created}/spam`, { block: 'domain' });
      expect([refused.status, refused.body.error.code]).toEqual([422, 'ticket/spam_shared_domain']);
      expect((await t.admin.get(`/api/v1/tickets/${created}`)).body.ticket.folder).toBe('inbox');
      expect((await t.admin.get('/api/v1/sender-blocks')).body.items.map((b: { value: string }) => b.value)).not.toContain('gmail.com');
    });
  });
});
