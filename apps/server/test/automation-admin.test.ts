import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, describeEachDatabase, MutableClock, type TestApp } from './helpers/create-test-app.js';

/** Issue 12's administration of triggers and time rules: validated, administrators only, audited, ordered, previewed. */
describeEachDatabase('automation: administration', (db) => {
  let t: TestApp;
  let clock: MutableClock;
  let support: number;

  beforeAll(async () => {
    clock = new MutableClock(new Date('2027-03-01T08:00:00Z'));
    t = await createTestApp({ db, clock });
    support = await t.department('Support');
  });
  afterAll(() => t?.close());

  const note = (body: string) => ({ type: 'add_note', body });

  describe('triggers', () => {
    it('refuse a rule that cannot work, with the domain\'s reasons, and one naming what does not exist', async () => {
      const nothing = await t.admin.post('/api/v1/triggers', { name: 'Stop only', events: ['ticket_created'], actions: [{ type: 'stop' }] });
      expect(nothing.status).toBe(400);
      expect(nothing.body.error.code).toBe('automation/rule_invalid');
      expect(nothing.body.error.details.problems).toEqual([{ code: 'no_effect' }]);
      const noEvents = await t.admin.post('/api/v1/triggers', { name: 'Deaf', events: [], actions: [note('x')] });
      expect(noEvents.status).toBe(400);
      const badCondition = await t.admin.post('/api/v1/triggers', { name: 'Bad', events: ['ticket_created'], conditions: [{ field: 'colour', op: 'is', values: ['red'] }], actions: [note('x')] });
      expect(badCondition.status).toBe(400);
      const ghost = await t.admin.post('/api/v1/triggers', { name: 'Ghost', events: ['ticket_created'], actions: [{ type: 'set_department', departmentId: 999_999 }] });
      expect(ghost.status).toBe(404);
      expect((await t.admin.get('/api/v1/triggers')).body.items).toEqual([]);
    });

    it('are administrators\' to change, are kept in order, audited, and act at once after a change', async () => {
      const agent = await t.agent({ name: 'Inga', departmentIds: [support] });
      const body = { name: 'Refund note', events: ['ticket_created'], conditions: [{ field: 'subject', op: 'contains', value: 'refund' }], actions: [note('Check the payment first.')] };
      expect((await agent.http.post('/api/v1/triggers', body)).status).toBe(403);
      expect((await agent.http.get('/api/v1/triggers')).status).toBe(403);

      const first = await t.admin.post('/api/v1/triggers', body);
      expect(first.status).toBe(201);
      const second = await t.admin.post('/api/v1/triggers', { name: 'VIP tag', events: ['ticket_created'], conditions: [{ field: 'contact_email', op: 'domain_is', value: 'vip.lv' }], actions: [{ type: 'add_tags', tags: ['vip'] }] });
      expect(second.body.position).toBe(first.body.position + 1);

      const created = await t.admin.post('/api/v1/tickets', { subject: 'Refund please', message: 'Charged twice', channel: 'email', contact: { email: 'boss@vip.lv' }, departmentId: support });
      const detail = (await t.admin.get(`/api/v1/tickets/${created.body.ticket.id}`)).body;
      expect(detail.ticket.tags).toEqual(['vip']);
      expect(detail.thread.filter((i: any) => i.systemEvent?.type === 'rule_applied').map((i: any) => i.systemEvent.name)).toEqual(['Refund note', 'VIP tag']);
      expect(detail.thread.some((i: any) => i.kind === 'internal_note' && i.body === 'Check the payment first.')).toBe(true);

      const reordered = await t.admin.put('/api/v1/triggers/order', { ids: [second.body.id, first.body.id] });
      expect(reordered.body.items.map((r: any) => r.name)).toEqual(['VIP tag', 'Refund note']);
      expect((await t.admin.put('/api/v1/triggers/order', { ids: [second.body.id] })).status).toBe(400);

      const off = await t.admin.patch(`/api/v1/triggers/${first.body.id}`, { enabled: false });
      expect(off.body.enabled).toBe(false);
      const quiet = await t.admin.post('/api/v1/tickets', { subject: 'Refund again', message: 'x', channel: 'email', contact: { email: 'a@example.lv' }, departmentId: support });
      expect((await t.admin.get(`/api/v1/tickets/${quiet.body.ticket.id}`)).body.thread.some((i: any) => i.systemEvent?.type === 'rule_applied')).toBe(false);

      expect((await t.admin.delete(`/api/v1/triggers/${second.body.id}`)).status).toBe(200);
      expect((await t.admin.delete(`/api/v1/triggers/${second.body.id}`)).status).toBe(404);
      const log = (await t.admin.get('/api/v1/audit-log?limit=50')).body.items.filter((e: any) => e.target.type === 'trigger');
      expect(log.map((e: any) => e.action).sort()).toEqual(['trigger.created', 'trigger.created', 'trigger.deleted', 'trigger.reordered', 'trigger.updated']);
      expect(log.every((e: any) => e.actor.agentId !== null)).toBe(true);
    });

    it('preview against a ticket: which conditions hold and what it would do, changing nothing', async () => {
      const created = await t.admin.post('/api/v1/tickets', { subject: 'Printer jam', message: 'Help', channel: 'web_form', contact: { email: 'ilze@example.lv' }, departmentId: support, priority: 'high' });
      const id = created.body.ticket.id;
      const rule = {
        name: 'Urgent printers',
        events: ['customer_message'],
        match: 'all',
        conditions: [
          { field: 'priority', op: 'is', values: ['high'] },
          { field: 'subject', op: 'contains', value: 'printer' },
          { field: 'channel', op: 'is', values: ['email'] },
        ],
        actions: [{ type: 'set_priority', priority: 'urgent' }, { type: 'stop' }],
      };
      const preview = await t.admin.post('/api/v1/triggers/preview', { ticketId: id, event: 'customer_message', rule });
      expect(preview.status).toBe(200);
      expect(preview.body).toMatchObject({ listens: true, conditions: [true, true, false], holds: false, wouldDo: [] });
      const any = await t.admin.post('/api/v1/triggers/preview', { ticketId: id, event: 'customer_message', rule: { ...rule, match: 'any' } });
      expect(any.body).toMatchObject({ holds: true, wouldDo: [{ type: 'set_priority', priority: 'urgent' }] });
      const otherEvent = await t.admin.post('/api/v1/triggers/preview', { ticketId: id, event: 'agent_reply', rule: { ...rule, match: 'any' } });
      expect(otherEvent.body).toMatchObject({ listens: false, wouldDo: [] });
      expect((await t.admin.get(`/api/v1/tickets/${id}`)).body.ticket.priority).toBe('high');
      expect((await t.admin.post('/api/v1/triggers/preview', { ticketId: 987_654, event: 'agent_reply', rule })).status).toBe(404);
    });
  });

  describe('time rules', () => {
    it('are saved from a preset, previewed with their window, and say when they already acted', async () => {
      const rule = {
        name: 'Close answered',
        time: { since: 'last_customer_message', minutes: 5 * 24 * 60, businessHours: false },
        conditions: [{ field: 'status', op: 'is', values: ['answered'] }],
        actions: [{ type: 'set_status', status: 'resolved' }],
      };
      const saved = await t.admin.post('/api/v1/time-rules', rule);
      expect(saved.status).toBe(201);
      const messageOnTimeRule = await t.admin.post('/api/v1/time-rules', { ...rule, conditions: [{ field: 'message', op: 'contains', value: 'x' }] });
      expect(messageOnTimeRule.body.error.details.problems).toEqual([{ code: 'message_without_message', condition: 0 }]);

      const created = await t.admin.post('/api/v1/tickets', { subject: 'Quiet', message: 'Hi', channel: 'email', contact: { email: 'quiet@example.lv' }, departmentId: support });
      const id = created.body.ticket.id;
      await t.admin.post(`/api/v1/tickets/${id}/replies`, { body: 'Done?' });
      const early = await t.admin.post('/api/v1/time-rules/preview', { ticketId: id, ruleId: saved.body.id, rule });
      expect(early.body).toMatchObject({ listens: false, conditions: [true], holds: true, alreadyActed: false, wouldDo: [] });
      expect(new Date(early.body.holdsFrom).getTime()).toBe(clock.now().getTime() + 5 * 86_400_000);

      clock.advance(5 * 86_400_000 + 1000);
      const due = await t.admin.post('/api/v1/time-rules/preview', { ticketId: id, ruleId: saved.body.id, rule });
      expect(due.body).toMatchObject({ listens: true, holds: true, wouldDo: [{ type: 'set_status', status: 'resolved' }] });
      expect((await t.admin.get('/api/v1/time-rules')).body.items.map((r: any) => r.name)).toEqual(['Close answered']);
      const renamed = await t.admin.patch(`/api/v1/time-rules/${saved.body.id}`, { name: 'Close quiet answered' });
      expect(renamed.body.name).toBe('Close quiet answered');
      expect((await t.admin.delete(`/api/v1/time-rules/${saved.body.id}`)).status).toBe(200);
    });
  });

  describe('auto-assignment', () => {
    it('is set per department by administrators and audited', async () => {
      const agent = await t.agent({ name: 'Jānis', departmentIds: [support] });
      expect((await agent.http.put(`/api/v1/departments/${support}/auto-assignment`, { mode: 'round_robin' })).status).toBe(403);
      const set = await t.admin.put(`/api/v1/departments/${support}/auto-assignment`, { mode: 'least_loaded', maxOpenTickets: 3 });
      expect(set.body).toEqual({ departmentId: support, mode: 'least_loaded', maxOpenTickets: 3 });
      expect((await t.admin.put('/api/v1/departments/999999/auto-assignment', { mode: 'round_robin' })).status).toBe(404);
      expect((await t.admin.put(`/api/v1/departments/${support}/auto-assignment`, { mode: 'sideways' })).status).toBe(400);
      expect((await t.admin.get('/api/v1/auto-assignment')).body.items).toEqual([{ departmentId: support, mode: 'least_loaded', maxOpenTickets: 3 }]);
      await t.admin.put(`/api/v1/departments/${support}/auto-assignment`, { mode: 'off', maxOpenTickets: 3 });
      const log = (await t.admin.get('/api/v1/audit-log?limit=50')).body.items.filter((e: any) => e.action === 'auto_assignment.changed');
      expect(log).toHaveLength(2);
    });
  });
});
