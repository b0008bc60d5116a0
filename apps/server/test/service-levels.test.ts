import { afterAll, beforeAll, expect, it } from 'vitest';
import { sweepSlaAlarms } from '../src/jobs/sla-alarms.job.js';
import { ingestRawMail } from '../src/modules/email/ingest-mail.js';
import { BusinessCalendarRecord, DepartmentCalendar, SlaPolicyRecord, TicketSlaAlarm } from '../src/modules/sla/sla.entity.js';
import { Ticket } from '../src/modules/tickets/ticket.entity.js';
import { createTestApp, describeEachDatabase, MutableClock, type TestApp } from './helpers/create-test-app.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Issue 12's service levels: a policy covers tickets as they are written, whichever path writes them (the
 * row writer of new tickets and filed letters, the unit of work of agents' changes); due times move with the
 * events; warnings and breaches are recorded once each, even with two instances sweeping the same database.
 */
describeEachDatabase('service levels', (db) => {
  let t: TestApp;
  let second: TestApp;
  let clock: MutableClock;
  let support: number;
  let billing: number;
  const start = new Date('2027-03-01T08:00:00Z'); // Monday 10:00 in Sofia

  beforeAll(async () => {
    clock = new MutableClock(start);
    t = await createTestApp({ db, clock, env: { JOB_INTERVAL_MS: '0' } });
    // Several instances share PostgreSQL; SQLite is one instance's own file, so there two sweeps race in one.
    second = db === 'postgresql' ? await createTestApp({ db, clock, sameDatabaseAs: t, env: { JOB_INTERVAL_MS: '0' } }) : t;
    support = await t.department('Support');
    billing = await t.department('Billing');
    const em = t.app.orm.em.fork();
    // Billing works 09:00–17:00 on weekdays in Sofia; the rest of the desk is always open.
    const sofia = em.create(BusinessCalendarRecord, {
      name: 'Sofia office',
      timeZone: 'Europe/Sofia',
      week: [...Array.from({ length: 5 }, () => [{ from: '09:00', to: '17:00' }]), [], []],
      holidays: [],
      isDefault: false,
      updatedBy: null,
      updatedAt: clock.now(),
    });
    await em.flush();
    em.create(DepartmentCalendar, { department: billing, calendar: sofia.id });
    em.create(SlaPolicyRecord, {
      position: 1,
      name: 'Urgent',
      enabled: true,
      conditions: { departmentIds: [], channels: [], priorities: ['urgent'], tags: [], companyIds: [] },
      targets: { first_response: { minutes: 15, businessHours: false } },
      pauseWhenAnswered: false,
      warnAtPercent: 80,
      updatedBy: null,
      updatedAt: clock.now(),
    });
    em.create(SlaPolicyRecord, {
      position: 2,
      name: 'Standard',
      enabled: true,
      conditions: { departmentIds: [], channels: [], priorities: [], tags: [], companyIds: [] },
      targets: { first_response: { minutes: 60, businessHours: true }, next_response: { minutes: 30, businessHours: false }, resolution: { minutes: 8 * 60, businessHours: true } },
      pauseWhenAnswered: true,
      warnAtPercent: 50,
      updatedBy: null,
      updatedAt: clock.now(),
    });
    await em.flush();
    await t.app.context.serviceLevels.load();
    await second.app.context.serviceLevels.refresh();
  });
  afterAll(async () => {
    if (second !== t) await second?.close();
    await t?.close();
  });

  const stored = (id: number) => t.app.orm.em.fork().findOneOrFail(Ticket, { id }, { refresh: true });
  const at = (ms: number) => new Date(start.getTime() + ms);

  it('covers a new ticket with the first matching policy and stores each due time, in the department’s business hours', async () => {
    const created = await t.admin.post('/api/v1/tickets', { subject: 'Invoice twice', message: 'I was charged twice', channel: 'email', contact: { email: 'ivan@example.bg' }, departmentId: billing });
    expect(created.status).toBe(201);
    const ticket = await stored(created.body.ticket.id);
    expect(ticket.slaPolicyId).not.toBeNull();
    // Created Monday 10:00 Sofia (08:00 UTC): one business hour later is 11:00 Sofia.
    expect(ticket.slaFirstResponseDueAt).toEqual(at(HOUR));
    // 8 business hours from Monday 10:00 are 7 that day and 1 on Tuesday: Tuesday 10:00 Sofia.
    expect(ticket.slaResolutionDueAt).toEqual(at(24 * HOUR));
    expect(ticket.slaNextDueAt).toEqual(at(HOUR));
    expect(ticket.slaNextAlarmAt).toEqual(at(30 * MINUTE));

    const urgent = await t.admin.post('/api/v1/tickets', { subject: 'Down', message: 'Nothing works', channel: 'email', priority: 'urgent', contact: { email: 'urgent@example.bg' }, departmentId: support });
    const urgentTicket = await stored(urgent.body.ticket.id);
    expect(urgentTicket.slaFirstResponseDueAt).toEqual(at(15 * MINUTE));
    expect(urgentTicket.slaResolutionDueAt).toBeNull();
  });

  it('moves the due times with each event: a reply meets the first response, a customer letter starts the next one', async () => {
    const source = { source: 'test', departmentId: support, ownAddresses: ['help@parley.example'] };
    const letter = (subject: string, extra: string[] = []) =>
      Buffer.from([`From: Maria <maria@example.gr>`, 'To: help@parley.example', `Subject: ${subject}`, `Message-ID: <sla-${db}-${subject.length}-${Date.now()}@example.gr>`, ...extra, 'Content-Type: text/plain; charset=utf-8', '', 'Καλημέρα', ''].join('\r\n'));
    const filed = await ingestRawMail(t.app.context, letter('Εκτυπωτής'), source);
    if (filed.result !== 'created') throw new Error(JSON.stringify(filed));
    const id = filed.ticketId;
    expect((await stored(id)).slaFirstResponseDueAt).toEqual(at(HOUR));

    clock.set(at(20 * MINUTE));
    expect((await t.admin.post(`/api/v1/tickets/${id}/replies`, { body: 'Looking into it' })).status).toBe(201);
    const replied = await stored(id);
    expect(replied.status).toBe('answered');
    expect(replied.slaFirstResponseDueAt).toBeNull();
    // Answered pauses resolution under this policy: nothing is due while the customer has the ball.
    expect(replied.slaResolutionDueAt).toBeNull();
    expect(replied.slaNextDueAt).toBeNull();

    clock.set(at(2 * HOUR));
    const answer = await ingestRawMail(t.app.context, letter(`Re: Εκτυπωτής [#${id}]`), source);
    expect(answer.result).toBe('appended');
    const reopened = await stored(id);
    expect(reopened.slaNextResponseDueAt).toEqual(at(2 * HOUR + 30 * MINUTE));
    // 20 minutes of resolution time were used before the pause.
    expect(reopened.slaResolutionDueAt).toEqual(at(2 * HOUR + 8 * HOUR - 20 * MINUTE));
    expect(reopened.slaNextDueAt).toEqual(at(2 * HOUR + 30 * MINUTE));

    clock.set(at(2 * HOUR + 5 * MINUTE));
    expect((await t.admin.put(`/api/v1/tickets/${id}/priority`, { priority: 'urgent' })).status).toBe(200);
    // Urgent has only a first-response target, met long ago: the ticket now has nothing due.
    const urgent = await stored(id);
    expect(urgent.slaNextDueAt).toBeNull();
    clock.set(start);
  });

  it('records a warning and a breach once each, with two sweeps racing (two instances on PostgreSQL), and shows them in the thread', async () => {
    clock.set(start);
    const created = await t.admin.post('/api/v1/tickets', { subject: 'Waiting', message: 'Anyone?', channel: 'email', priority: 'urgent', contact: { email: 'waiting@example.lv' }, departmentId: support });
    const id = created.body.ticket.id as number;
    clock.set(at(13 * MINUTE)); // past 80 % of 15 minutes
    await Promise.all([sweepSlaAlarms(t.app.context), sweepSlaAlarms(second.app.context)]);
    clock.set(at(16 * MINUTE));
    await Promise.all([sweepSlaAlarms(t.app.context), sweepSlaAlarms(second.app.context)]);
    await Promise.all([sweepSlaAlarms(t.app.context), sweepSlaAlarms(second.app.context)]);
    const alarms = await t.app.orm.em.fork().find(TicketSlaAlarm, { ticket: id }, { orderBy: { id: 'asc' } });
    expect(alarms.map((a) => `${a.target}:${a.kind}`)).toEqual(['first_response:warning', 'first_response:breach']);
    const thread = (await t.admin.get(`/api/v1/tickets/${id}`)).body.thread as { systemEvent: { type: string; kind?: string } | null }[];
    expect(thread.filter((i) => i.systemEvent?.type === 'sla_alarm').map((i) => i.systemEvent!.kind)).toEqual(['warning', 'breach']);
    // Nothing more to watch on this ticket until something moves its clocks.
    expect((await stored(id)).slaNextAlarmAt).toBeNull();
    clock.set(start);
  });

  it('sorts the list by the soonest due time and gives "To solve" the most urgent promise first', async () => {
    clock.set(start);
    const queue = await t.department('Queue');
    const make = async (subject: string, priority: string) =>
      (await t.admin.post('/api/v1/tickets', { subject, message: 'Please help', channel: 'email', priority, contact: { email: `${subject}@example.ru` }, departmentId: queue })).body.ticket.id as number;
    const relaxed = await make('relaxed', 'normal'); // first response due in 60 minutes
    clock.set(at(5 * MINUTE));
    const urgent = await make('urgent', 'urgent'); // due 15 minutes after it came: the soonest
    const list = await t.admin.get(`/api/v1/tickets?departmentId=${queue}&sort=sla`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { id: number }) => i.id)).toEqual([urgent, relaxed]);
    expect(list.body.items[0].sla).toMatchObject({ nextDueAt: at(20 * MINUTE).toISOString(), dueAt: { first_response: at(20 * MINUTE).toISOString() } });

    const agent = await t.agent({ name: 'Olga', departmentIds: [queue] });
    const claimed = await agent.http.post('/api/v1/tickets/to-solve', {});
    expect(claimed.status).toBe(200);
    expect(claimed.body.ticket.id).toBe(urgent);
    clock.set(start);
  });
});
