import { MERGE_UNDO_WINDOW_MS } from '@parley/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestRawMail, type MailSource } from '../src/modules/email/ingest-mail.js';
import { ThreadItem } from '../src/modules/tickets/ticket.entity.js';
import { TicketLink, TicketMerge } from '../src/modules/ticket-relations/ticket-relation.entity.js';
import { createTestApp, describeEachDatabase, MutableClock, type TestApp } from './helpers/create-test-app.js';

let sequence = 0;

function letter(o: { from: string; subject: string; body: string; messageId?: string; inReplyTo?: string }): Buffer {
  const messageId = o.messageId ?? `<relations-${process.pid}-${++sequence}@customer.example>`;
  return Buffer.from(
    [
      `From: ${o.from}`,
      'To: Support <help@parley.example>',
      `Subject: ${o.subject}`,
      `Message-ID: ${messageId}`,
      ...(o.inReplyTo ? [`In-Reply-To: ${o.inReplyTo}`, `References: ${o.inReplyTo}`] : []),
      'Date: Mon, 30 Nov 2026 09:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      o.body,
      '',
    ].join('\r\n'),
  );
}

const events = (detail: any, type: string) => detail.thread.filter((i: any) => i.systemEvent?.type === type).map((i: any) => i.systemEvent);

describeEachDatabase('linking, merging and splitting tickets', (db) => {
  let t: TestApp;
  let clock: MutableClock;
  let support: number;
  let billing: number;
  let source: MailSource;

  beforeAll(async () => {
    clock = new MutableClock(new Date('2027-03-27T09:00:00Z'));
    t = await createTestApp({ db, clock });
    support = await t.department('Support');
    billing = await t.department('Billing');
    source = { source: 'test', departmentId: support, ownAddresses: ['help@parley.example'] };
  });
  afterAll(() => t?.close());

  async function emailTicket(from: string, subject: string, body: string, messageId?: string): Promise<number> {
    const outcome = await ingestRawMail(t.app.context, letter({ from, subject, body, ...(messageId ? { messageId } : {}) }), source);
    if (outcome.result !== 'created') throw new Error(`expected a new ticket, got ${JSON.stringify(outcome)}`);
    clock.advance(60_000);
    return outcome.ticketId;
  }

  const detail = async (id: number) => (await t.admin.get(`/api/v1/tickets/${id}`)).body;

  describe('links', () => {
    it('are shown on both tickets with an event on each, made once, and removed the same way', async () => {
      const a = await emailTicket('Anna <anna@customer.example>', 'Printer', 'The printer jams');
      const b = await emailTicket('Anna <anna@customer.example>', 'Scanner', 'The scanner too');
      const linked = await t.admin.post(`/api/v1/tickets/${a}/links`, { ticketId: b });
      expect(linked.status).toBe(200);
      expect(linked.body.links).toEqual([expect.objectContaining({ id: b, subject: 'Scanner' })]);
      expect((await t.admin.get(`/api/v1/tickets/${b}/relations`)).body.links).toEqual([expect.objectContaining({ id: a, subject: 'Printer' })]);
      expect((await t.admin.post(`/api/v1/tickets/${b}/links`, { ticketId: a })).status).toBe(200);
      expect(events(await detail(a), 'linked')).toEqual([{ type: 'linked', ticketId: b }]);
      expect(events(await detail(b), 'linked')).toEqual([{ type: 'linked', ticketId: a }]);

      const unlinked = await t.admin.delete(`/api/v1/tickets/${b}/links/${a}`);
      expect(unlinked.body.links).toEqual([]);
      expect(events(await detail(a), 'unlinked')).toEqual([{ type: 'unlinked', ticketId: b }]);
      expect(await t.app.orm.em.fork().count(TicketLink, {})).toBe(0);
    });

    it('refuse a ticket linked to itself, and a ticket the agent may not see, writing nothing', async () => {
      const a = await emailTicket('Anna <anna@customer.example>', 'Mine', 'Support only');
      const other = await t.admin.post('/api/v1/tickets', { subject: 'Billing matter', message: 'Money', channel: 'email', contact: { email: 'bob@customer.example' }, departmentId: billing });
      const agent = await t.agent({ departmentIds: [support] });
      expect((await t.admin.post(`/api/v1/tickets/${a}/links`, { ticketId: a })).body.error.code).toBe('ticket/link_invalid');
      const refused = await agent.http.post(`/api/v1/tickets/${a}/links`, { ticketId: other.body.ticket.id });
      expect(refused.status).toBe(404);
      expect(refused.body.error.code).toBe('ticket/not_found');
      expect(events(await detail(a), 'linked')).toEqual([]);
      // Linked by an administrator, the Billing ticket is still not shown to the Support agent.
      await t.admin.post(`/api/v1/tickets/${a}/links`, { ticketId: other.body.ticket.id });
      expect((await agent.http.get(`/api/v1/tickets/${a}/relations`)).body.links).toEqual([]);
    });
  });

  describe('merges', () => {
    it('bring the threads together in time order, join the CC, close the source pointing at the survivor, and take its mail', async () => {
      const target = await emailTicket('Anna <anna@customer.example>', 'Invoice wrong', 'First from Anna');
      const sourceMessageId = `<bob-${process.pid}-${++sequence}@customer.example>`;
      const merged = await emailTicket('Bob <bob@customer.example>', 'Invoice wrong too', 'First from Bob', sourceMessageId);
      await t.admin.post(`/api/v1/tickets/${target}/replies`, { body: 'Looking into it, Anna' });
      clock.advance(60_000);

      const response = await t.admin.post(`/api/v1/tickets/${target}/merge`, { ticketIds: [merged] });
      expect(response.status).toBe(200);
      expect(response.body.merged).toEqual([expect.objectContaining({ id: merged, undoableUntil: expect.any(String) })]);

      const survivor = await detail(target);
      expect(survivor.ticket.cc).toEqual(['bob@customer.example']);
      const bodies = survivor.thread.filter((i: any) => i.kind !== 'system_event').map((i: any) => i.body.trim());
      expect(bodies).toEqual(['First from Anna', 'First from Bob', 'Looking into it, Anna']);
      expect(events(survivor, 'merged_from')).toEqual([{ type: 'merged_from', ticketIds: [merged] }]);
      const closed = await detail(merged);
      expect(closed.ticket).toMatchObject({ status: 'resolved', mergedIntoId: target });
      expect(closed.thread.map((i: any) => i.systemEvent?.type)).toEqual(['merged_into']);

      // A reply to Bob's letter, and a letter naming the merged-away ticket's number, land on the survivor.
      const threaded = await ingestRawMail(t.app.context, letter({ from: 'Bob <bob@customer.example>', subject: 'Re: Invoice wrong too', body: 'Any news?', inReplyTo: sourceMessageId }), source);
      expect(threaded).toMatchObject({ result: 'appended', ticketId: target });
      const bySubject = await ingestRawMail(t.app.context, letter({ from: 'Bob <bob@customer.example>', subject: `Invoice [#${merged}]`, body: 'Still waiting' }), source);
      expect(bySubject).toMatchObject({ result: 'appended', ticketId: target });

      // Undo within the window: Bob's own messages go back, the ticket is as it was, his address leaves the CC.
      const undone = await t.admin.post(`/api/v1/tickets/${target}/merged/${merged}/undo`, {});
      expect(undone.status).toBe(200);
      expect(undone.body.merged).toEqual([]);
      const back = await detail(merged);
      expect(back.ticket).toMatchObject({ status: 'new', mergedIntoId: null });
      expect(back.thread.filter((i: any) => i.kind === 'customer_message').map((i: any) => i.body.trim())).toEqual(['First from Bob']);
      const after = await detail(target);
      expect(after.ticket.cc).toEqual([]);
      // What arrived on the survivor after the merge stays there.
      expect(after.thread.filter((i: any) => i.kind === 'customer_message').map((i: any) => i.body.trim())).toEqual(['First from Anna', 'Any news?', 'Still waiting']);
      expect(events(after, 'merge_undone')).toEqual([{ type: 'merge_undone', ticketId: merged }]);
    });

    it('cannot be undone once the window has passed', async () => {
      const target = await emailTicket('Anna <anna@customer.example>', 'Late undo', 'One');
      const merged = await emailTicket('Anna <anna@customer.example>', 'Late undo 2', 'Two');
      await t.admin.post(`/api/v1/tickets/${target}/merge`, { ticketIds: [merged] });
      clock.advance(MERGE_UNDO_WINDOW_MS + 1);
      expect((await t.admin.get(`/api/v1/tickets/${target}/relations`)).body.merged).toEqual([expect.objectContaining({ id: merged, undoableUntil: null })]);
      const refused = await t.admin.post(`/api/v1/tickets/${target}/merged/${merged}/undo`, {});
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('ticket/merge_undo_expired');
      expect((await detail(merged)).ticket.mergedIntoId).toBe(target);
    });

    it('are refused for internal with customer tickets, twice, merged tickets and tickets out of reach, writing nothing', async () => {
      const target = await emailTicket('Anna <anna@customer.example>', 'Refusals', 'One');
      const internal = (await t.admin.post('/api/v1/internal-tickets', { subject: 'Our own task', message: 'Secret plan', departmentId: support })).body.ticket.id;
      const billingTicket = (await t.admin.post('/api/v1/tickets', { subject: 'Billing', message: 'Money', channel: 'email', contact: { email: 'carl@customer.example' }, departmentId: billing })).body.ticket.id;
      const agent = await t.agent({ departmentIds: [support] });
      const before = await t.app.orm.em.fork().count(ThreadItem, {});

      const mixed = await t.admin.post(`/api/v1/tickets/${target}/merge`, { ticketIds: [internal] });
      expect([mixed.status, mixed.body.error.code]).toEqual([422, 'ticket/merge_mixes_internal']);
      const self = await t.admin.post(`/api/v1/tickets/${target}/merge`, { ticketIds: [target] });
      expect([self.status, self.body.error.code]).toEqual([422, 'ticket/merge_invalid']);
      const hidden = await agent.http.post(`/api/v1/tickets/${target}/merge`, { ticketIds: [billingTicket] });
      expect([hidden.status, hidden.body.error.code]).toEqual([404, 'ticket/not_found']);
      expect(await t.app.orm.em.fork().count(ThreadItem, {})).toBe(before);
      expect((await detail(billingTicket)).ticket.mergedIntoId).toBeNull();

      const other = await emailTicket('Anna <anna@customer.example>', 'Refusals 2', 'Two');
      await t.admin.post(`/api/v1/tickets/${target}/merge`, { ticketIds: [other] });
      const again = await t.admin.post(`/api/v1/tickets/${billingTicket}/merge`, { ticketIds: [other] });
      expect([again.status, again.body.error.code]).toEqual([409, 'ticket/already_merged']);
      expect(await t.app.orm.em.fork().count(TicketMerge, { sourceTicket: other })).toBe(1);
    });

    it('let a web-form customer carry on: same customer on the survivor, another customer only on their own messages', async () => {
      const form = async (email: string, message: string) => (await t.client().post('/api/v1/public/tickets', { name: email, email, subject: 'Form', message })).body;
      const mine = await form('dora@customer.example', 'Dora second');
      const doraContact = (await detail(mine.ticketId)).ticket.contact.id;
      // The agent's own ticket for the same contact is the survivor.
      const first = { ticketId: (await t.admin.post('/api/v1/tickets', { subject: 'Dora', message: 'Dora first', channel: 'email', contact: { id: doraContact } })).body.ticket.id };
      clock.advance(60_000);
      // A form proves no address: another form with Dora's address is another contact, a stranger here.
      const stranger = await form('dora@customer.example', 'Eve writes');
      expect((await detail(stranger.ticketId)).ticket.contact.id).not.toBe(doraContact);
      await t.admin.post(`/api/v1/tickets/${first.ticketId}/merge`, { ticketIds: [mine.ticketId, stranger.ticketId] });
      await t.admin.post(`/api/v1/tickets/${first.ticketId}/replies`, { body: 'Answer for everyone' });

      const dora = t.client().withToken(mine.accessToken);
      const seen = await dora.get(`/api/v1/public/tickets/${mine.ticketId}`);
      expect(seen.body.id).toBe(mine.ticketId);
      expect(seen.body.number).toBe(String(first.ticketId));
      // Another customer's ticket merged in stays out of Dora's view.
      expect(seen.body.messages.map((m: any) => m.body)).toEqual(['Dora second', 'Dora first', 'Answer for everyone']);
      await dora.post(`/api/v1/public/tickets/${mine.ticketId}/messages`, { body: 'Dora again' });

      const eve = t.client().withToken(stranger.accessToken);
      const eveSees = await eve.get(`/api/v1/public/tickets/${stranger.ticketId}`);
      expect(eveSees.body.messages.map((m: any) => m.body)).toEqual(['Eve writes']);
      expect(JSON.stringify(eveSees.body)).not.toMatch(/Dora|everyone/);
      await eve.post(`/api/v1/public/tickets/${stranger.ticketId}/messages`, { body: 'Eve again' });

      const survivor = await detail(first.ticketId);
      expect(survivor.thread.filter((i: any) => i.kind === 'customer_message').map((i: any) => i.body)).toEqual(['Dora second', 'Dora first', 'Eve writes', 'Dora again', 'Eve again']);
      const doraLater = await dora.get(`/api/v1/public/tickets/${mine.ticketId}`);
      expect(doraLater.body.messages.map((m: any) => m.body)).toEqual(['Dora second', 'Dora first', 'Answer for everyone', 'Dora again']);
      expect((await detail(stranger.ticketId)).ticket.status).toBe('resolved');
    });
  });

  describe('splits', () => {
    it('move the thread from a later message into a new linked ticket, each half with its own state', async () => {
      const ticket = await emailTicket('Anna <anna@customer.example>', 'Two problems', 'The printer jams');
      await t.admin.post(`/api/v1/tickets/${ticket}/replies`, { body: 'Try a new cartridge' });
      clock.advance(60_000);
      const followUpId = `<split-${process.pid}-${++sequence}@customer.example>`;
      const followUp = await ingestRawMail(t.app.context, letter({ from: 'Anna <anna@customer.example>', subject: `Re: Two problems [#${ticket}]`, body: 'Also, my invoice is wrong', messageId: followUpId }), source);
      expect(followUp).toMatchObject({ result: 'appended', ticketId: ticket });
      const from = (await detail(ticket)).thread.find((i: any) => i.body.includes('invoice')).id;

      const split = await t.admin.post(`/api/v1/tickets/${ticket}/split`, { fromItemId: from });
      expect(split.status).toBe(201);
      const created = split.body.ticket.id;
      expect(split.body.ticket).toMatchObject({ status: 'open', contact: expect.objectContaining({ email: 'anna@customer.example' }), departmentId: support });
      expect(split.body.thread.filter((i: any) => i.kind === 'customer_message').map((i: any) => i.body.trim())).toEqual(['Also, my invoice is wrong']);
      expect(events(split.body, 'split_from')).toEqual([{ type: 'split_from', ticketId: ticket }]);
      const original = await detail(ticket);
      expect(original.ticket).toMatchObject({ status: 'answered', waitingSince: null });
      expect(events(original, 'split_into')).toEqual([{ type: 'split_into', ticketId: created }]);
      expect((await t.admin.get(`/api/v1/tickets/${ticket}/relations`)).body.links).toEqual([expect.objectContaining({ id: created })]);
      // Replies to the moved letter thread into the new ticket.
      const reply = await ingestRawMail(t.app.context, letter({ from: 'Anna <anna@customer.example>', subject: 'Re: invoice', body: 'Here is the number', inReplyTo: followUpId }), source);
      expect(reply).toMatchObject({ result: 'appended', ticketId: created });

      const first = original.thread.find((i: any) => i.kind === 'customer_message').id;
      const refused = await t.admin.post(`/api/v1/tickets/${ticket}/split`, { fromItemId: first });
      expect([refused.status, refused.body.error.code]).toEqual([422, 'ticket/split_invalid']);
    });
  });
});
