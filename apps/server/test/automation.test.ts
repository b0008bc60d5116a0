import type { TriggerAction, TriggerEvent } from '@parley/domain';
import { TIME_RULE_PRESETS } from '@parley/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepTimeRules } from '../src/jobs/time-rules.job.js';
import { ingestRawMail } from '../src/modules/email/ingest-mail.js';
import { OutboxMail } from '../src/modules/mail/outbox-mail.entity.js';
import { TimeRule, TriggerRule } from '../src/modules/automation/automation.entity.js';
import { createTestApp, describeEachDatabase, MutableClock, type TestApp } from './helpers/create-test-app.js';
import { freePort, startSmtpReceiver } from './helpers/smtp-receiver.js';
import { connectAgent, recordEvents } from './helpers/sockets.js';

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Issue 12's triggers and time rules, as far as they are built: rules stored and cached, applied in the
 * event's transaction with the domain's loop guards, and the time-rule sweep on a clock the test moves.
 * (No admin API yet: the rules are written straight into their tables, as that API will.)
 */
describeEachDatabase('automation: triggers and time rules', (db) => {
  let t: TestApp;
  let clock: MutableClock;
  let support: number;
  let position = 0;

  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;

  beforeAll(async () => {
    clock = new MutableClock(new Date('2027-03-01T08:00:00Z'));
    const port = await freePort();
    smtp = await startSmtpReceiver(port);
    t = await createTestApp({ db, clock, env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Parley <help@parley.test>' } });
    support = await t.department('Support');
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  async function trigger(name: string, events: TriggerEvent[], actions: TriggerAction[]): Promise<number> {
    const em = t.app.orm.em.fork();
    const row = em.create(TriggerRule, { position: ++position, enabled: true, name, events, match: 'all', conditions: [], actions, updatedBy: null, updatedAt: clock.now() });
    await em.flush();
    await t.app.context.automation.load();
    return row.id;
  }

  async function disableAll(): Promise<void> {
    await t.app.orm.em.fork().nativeUpdate(TriggerRule, {}, { enabled: false, updatedAt: clock.now() });
    await t.app.context.automation.load();
  }

  const newTicket = async (subject: string) =>
    (await t.admin.post('/api/v1/tickets', { subject, message: 'Hello', channel: 'email', contact: { email: `${subject.replace(/\W/g, '')}@example.bg` }, departmentId: support })).body.ticket.id as number;

  describe('triggers', () => {
    it('act in the event\'s transaction, in a chain, and say in the thread which rule acted; the email goes through the outbox', async () => {
      await trigger('Escalate on reply', ['agent_reply'], [{ type: 'set_priority', priority: 'high' }]);
      await trigger('Tag escalated', ['priority_changed'], [
        { type: 'add_tags', tags: ['escalated'] },
        { type: 'email_customer', subject: 'We are on it', body: 'Your request {{ticket.number}} has priority.' },
      ]);
      const id = await newTicket('Chain');
      expect((await t.admin.post(`/api/v1/tickets/${id}/replies`, { body: 'Looking' })).status).toBe(201);
      const detail = (await t.admin.get(`/api/v1/tickets/${id}`)).body;
      expect(detail.ticket.priority).toBe('high');
      expect(detail.ticket.tags).toContain('escalated');
      const applied = detail.thread.filter((i: any) => i.systemEvent?.type === 'rule_applied').map((i: any) => i.systemEvent.name);
      expect(applied).toEqual(['Escalate on reply', 'Tag escalated']);
      expect(await t.app.orm.em.fork().count(OutboxMail, { ticketId: id })).toBeGreaterThanOrEqual(2);
      await disableAll();
    });

    it('never loop: a rule does not re-fire on its own change', async () => {
      await trigger('Self-feeding', ['tags_changed'], [{ type: 'add_tags', tags: ['again'] }]);
      const id = await newTicket('Loop');
      expect((await t.admin.put(`/api/v1/tickets/${id}/tags`, { tags: ['start'] })).status).toBe(200);
      const detail = (await t.admin.get(`/api/v1/tickets/${id}`)).body;
      expect(detail.ticket.tags.sort()).toEqual(['again', 'start']);
      expect(detail.thread.filter((i: any) => i.systemEvent?.type === 'rule_applied')).toHaveLength(1);
      await disableAll();
    });

    it('act on a filed letter, a new request and a reply to it alike, in the filing\'s transaction', async () => {
      await trigger('Tag mail', ['ticket_created', 'customer_message'], [{ type: 'add_tags', tags: ['by-mail'] }]);
      const letter = (subject: string, extra: string[] = []) =>
        Buffer.from([`From: Ilze <ilze@example.lv>`, 'To: help@parley.example', `Subject: ${subject}`, `Message-ID: <auto-${process.pid}-${subject.length}-${Date.now()}@example.lv>`, ...extra, 'Content-Type: text/plain; charset=utf-8', '', 'Sveiki!', ''].join('\r\n'));
      const source = { source: 'test', departmentId: support, ownAddresses: ['help@parley.example'] };
      const first = await ingestRawMail(t.app.context, letter('Rēķins'), source);
      if (first.result !== 'created') throw new Error(JSON.stringify(first));
      expect((await t.admin.get(`/api/v1/tickets/${first.ticketId}`)).body.ticket.tags).toEqual(['by-mail']);
      await t.admin.put(`/api/v1/tickets/${first.ticketId}/tags`, { tags: [] });
      const reply = await ingestRawMail(t.app.context, letter(`Re: Rēķins [#${first.ticketId}]`), source);
      expect(reply).toMatchObject({ result: 'appended', ticketId: first.ticketId });
      const detail = (await t.admin.get(`/api/v1/tickets/${first.ticketId}`)).body;
      expect(detail.ticket.tags).toEqual(['by-mail']);
      expect(detail.thread.filter((i: any) => i.systemEvent?.type === 'rule_applied')).toHaveLength(2);
      await disableAll();
    });

    it('cost nothing when no rule listens', async () => {
      const id = await newTicket('Quiet');
      await t.admin.post(`/api/v1/tickets/${id}/replies`, { body: 'No rules' });
      expect((await t.admin.get(`/api/v1/tickets/${id}`)).body.thread.some((i: any) => i.systemEvent?.type === 'rule_applied')).toBe(false);
    });
  });

  describe('time rules', () => {
    it('close an answered ticket after five quiet days, once per window, with the preset', async () => {
      const preset = TIME_RULE_PRESETS[0]!;
      const em = t.app.orm.em.fork();
      em.create(TimeRule, { position: 1, enabled: true, name: 'Close answered', time: preset.time, conditions: [...preset.conditions], actions: [{ type: 'set_status', status: 'resolved' }], updatedBy: null, updatedAt: clock.now() });
      await em.flush();
      const id = await newTicket('Quiet five days');
      await t.admin.post(`/api/v1/tickets/${id}/replies`, { body: 'Does this help?' });

      clock.advance(4 * 86_400_000);
      await sweepTimeRules(t.app.context);
      expect((await t.admin.get(`/api/v1/tickets/${id}`)).body.ticket.status).toBe('answered');

      clock.advance(86_400_000 + 60_000);
      const first = await sweepTimeRules(t.app.context);
      expect(first.acted).toBeGreaterThanOrEqual(1);
      expect((await t.admin.get(`/api/v1/tickets/${id}`)).body.ticket.status).toBe('resolved');
      const again = await sweepTimeRules(t.app.context);
      expect(again.acted).toBe(0);
      await em.nativeUpdate(TimeRule, {}, { enabled: false });
    });

    it('walk past tickets whose time holds but whose other conditions do not, so none holds back the rest', async () => {
      const em = t.app.orm.em.fork();
      const rule = em.create(TimeRule, { position: 9, enabled: true, name: 'VIP waits', time: { since: 'created', minutes: 60, businessHours: false }, conditions: [{ field: 'tags', op: 'has_any', values: ['vip'] }], actions: [{ type: 'set_priority', priority: 'urgent' }], updatedBy: null, updatedAt: clock.now() });
      await em.flush();
      const plain = [await newTicket('Plain one'), await newTicket('Plain two')];
      const vip = await newTicket('VIP');
      await t.admin.put(`/api/v1/tickets/${vip}/tags`, { tags: ['vip'] });
      clock.advance(2 * 3_600_000);
      // One candidate per sweep: the older plain tickets come first, and the walk moves on past them.
      for (let sweep = 0; sweep < 40 && (await t.admin.get(`/api/v1/tickets/${vip}`)).body.ticket.priority !== 'urgent'; sweep++) await sweepTimeRules(t.app.context, 1);
      expect((await t.admin.get(`/api/v1/tickets/${vip}`)).body.ticket.priority).toBe('urgent');
      for (const id of plain) expect((await t.admin.get(`/api/v1/tickets/${id}`)).body.ticket.priority).toBe('normal');
      await em.nativeUpdate(TimeRule, { id: rule.id }, { enabled: false });
    });

    it('raise a new unassigned ticket after 30 business minutes and tell the department, with the preset', async () => {
      const preset = TIME_RULE_PRESETS[1]!;
      const em = t.app.orm.em.fork();
      em.create(TimeRule, { position: 2, enabled: true, name: 'Escalate', time: preset.time, conditions: [...preset.conditions], actions: [...preset.actions], updatedBy: null, updatedAt: clock.now() });
      await em.flush();
      // Sofia business hours, Monday to Friday 9–17: a ticket filed at 16:50 local is 30 business minutes old at 9:20 next day.
      await t.admin.post('/api/v1/calendars', { name: 'Sofia', timeZone: 'Europe/Sofia', week: [...Array.from({ length: 5 }, () => [{ from: '09:00', to: '17:00' }]), [], []], isDefault: true });
      clock.set(new Date('2027-03-02T14:50:00Z'));
      const colleague = await t.agent({ name: 'Petar', departmentIds: [support] });
      const socket = await connectAgent(t.baseUrl, { http: colleague.http });
      const events = recordEvents(socket);
      const id = await newTicket('Escalate me');
      const notice = events.waitFor('ticket:rule_notice', (payload) => payload.ruleName === 'Escalate' && payload.ticketId === id, 10_000);
      clock.set(new Date('2027-03-03T07:10:00Z'));
      await sweepTimeRules(t.app.context);
      expect((await t.admin.get(`/api/v1/tickets/${id}`)).body.ticket.priority).toBe('normal');
      clock.set(new Date('2027-03-03T07:21:00Z'));
      await sweepTimeRules(t.app.context);
      const detail = (await t.admin.get(`/api/v1/tickets/${id}`)).body;
      expect(detail.ticket.priority).toBe('high');
      expect(detail.thread.filter((i: any) => i.systemEvent?.type === 'rule_applied').map((i: any) => i.systemEvent.name)).toEqual(['Escalate']);
      expect(await notice).toMatchObject({ ticketId: id, message: 'automation.preset.escalate_unassigned.message' });
      socket.disconnect();
      await em.nativeUpdate(TimeRule, {}, { enabled: false });
    });

    it('email the assignee when the resolution target is due within 24 hours, once per due time, with the preset', async () => {
      const preset = TIME_RULE_PRESETS[2]!;
      await t.admin.post('/api/v1/sla-policies', { name: 'Three days', targets: { resolution: { minutes: 3 * 24 * 60, businessHours: false } } });
      const em = t.app.orm.em.fork();
      em.create(TimeRule, { position: 3, enabled: true, name: 'Due soon', time: preset.time, conditions: [...preset.conditions], actions: [...preset.actions], updatedBy: null, updatedAt: clock.now() });
      await em.flush();
      const owner = await t.agent({ name: 'Marta', departmentIds: [support] });
      const id = await newTicket('Due in three days');
      await t.admin.post(`/api/v1/tickets/${id}/assign`, { agentId: owner.id });
      const due = new Date((await t.admin.get(`/api/v1/tickets/${id}`)).body.ticket.sla.dueAt.resolution).getTime();
      const dueSoonActions = async () => (await t.admin.get(`/api/v1/tickets/${id}`)).body.thread.filter((i: any) => i.systemEvent?.type === 'rule_applied').map((i: any) => i.systemEvent.name);
      clock.set(new Date(due - 25 * 3_600_000));
      await sweepTimeRules(t.app.context);
      expect(await dueSoonActions()).toEqual([]);
      clock.set(new Date(due - 23 * 3_600_000));
      await sweepTimeRules(t.app.context);
      await sweepTimeRules(t.app.context);
      expect(await dueSoonActions()).toEqual(['Due soon']);
      // The owner also gets an "assigned to you" letter (the admin assigned the ticket), sent whenever the
      // outbox gets to it: only the rule's letters count here.
      const ruleLetters = await t.app.orm.em.fork().find(OutboxMail, { purpose: 'rule_notice', ticketId: id });
      expect(ruleLetters.map((letter) => letter.recipient)).toEqual([owner.email]);
      const delivered = () => smtp.mails.filter((mail) => mail.to.includes(owner.email) && mail.raw.includes('Due soon'));
      await until(() => delivered().length > 0);
      expect(delivered()).toHaveLength(1);
    });
  });
});
