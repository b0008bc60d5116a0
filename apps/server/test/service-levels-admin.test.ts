import { afterAll, beforeAll, expect, it } from 'vitest';
import { refreshSchedules } from '../src/modules/sla/schedule-refresh.js';
import { Ticket } from '../src/modules/tickets/ticket.entity.js';
import { createTestApp, describeEachDatabase, MutableClock, type TestApp } from './helpers/create-test-app.js';

const MINUTE = 60_000;
const weekdays = (from: string, to: string) => [...Array.from({ length: 5 }, () => [{ from, to }]), [], []];

/** Issue 12's administration of calendars and policies: validated, administrators only, audited, and tickets follow. */
describeEachDatabase('service levels: administration', (db) => {
  let t: TestApp;
  let clock: MutableClock;
  let support: number;
  const start = new Date('2027-03-01T08:00:00Z');

  beforeAll(async () => {
    clock = new MutableClock(start);
    t = await createTestApp({ db, clock, env: { JOB_INTERVAL_MS: '0' } });
    support = await t.department('Support');
  });
  afterAll(() => t?.close());

  it('refuses a calendar with a fixed offset or overlapping hours, and a policy without a target, with clear codes', async () => {
    const bad = await t.admin.post('/api/v1/calendars', { name: 'Offset', timeZone: '+02:00', week: weekdays('09:00', '17:00') });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('calendar/invalid');
    const overlap = await t.admin.post('/api/v1/calendars', { name: 'Overlap', timeZone: 'Europe/Riga', week: [[{ from: '09:00', to: '13:00' }, { from: '12:00', to: '18:00' }], [], [], [], [], [], []] });
    expect(overlap.body.error.code).toBe('calendar/invalid');
    const noTarget = await t.admin.post('/api/v1/sla-policies', { name: 'Empty', targets: {} });
    expect(noTarget.status).toBe(400);
    expect(noTarget.body.error.code).toBe('sla/policy_invalid');
    const unknownField = await t.admin.post('/api/v1/sla-policies', { name: 'X', targets: { first_response: { minutes: 5, businessHours: false } }, colour: 'red' });
    expect(unknownField.status).toBe(400);
  });

  it('lets only administrators change them, records who changed what, and moves open tickets’ due times', async () => {
    const agent = await t.agent({ name: 'Dace', departmentIds: [support] });
    expect((await agent.http.post('/api/v1/sla-policies', { name: 'Mine', targets: { first_response: { minutes: 5, businessHours: false } } })).status).toBe(403);
    expect((await agent.http.get('/api/v1/sla-policies')).status).toBe(200);

    const ticket = (await t.admin.post('/api/v1/tickets', { subject: 'Before any policy', message: 'Hello', channel: 'email', contact: { email: 'before@example.lv' }, departmentId: support })).body.ticket;
    expect(ticket.sla).toBeNull();

    const calendar = await t.admin.post('/api/v1/calendars', { name: 'Rīga', timeZone: 'Europe/Riga', week: weekdays('09:00', '18:00'), holidays: [{ date: '2027-05-04', yearly: true, name: 'Neatkarības atjaunošanas diena' }], departmentIds: [support] });
    expect(calendar.status).toBe(201);
    expect(calendar.body).toMatchObject({ timeZone: 'Europe/Riga', departmentIds: [support] });
    const standard = await t.admin.post('/api/v1/sla-policies', { name: 'Standard', targets: { first_response: { minutes: 120, businessHours: true } } });
    const urgent = await t.admin.post('/api/v1/sla-policies', { name: 'Urgent', conditions: { priorities: ['urgent'] }, targets: { first_response: { minutes: 10, businessHours: false } } });
    expect([standard.status, urgent.status], JSON.stringify([standard.body, urgent.body])).toEqual([201, 201]);
    await refreshSchedules(t.app.context);
    // Created Monday 10:00 in Riga (UTC+2): two business hours later is 12:00 there.
    const covered = await t.app.orm.em.fork().findOneOrFail(Ticket, { id: ticket.id });
    expect(covered.slaFirstResponseDueAt).toEqual(new Date(start.getTime() + 120 * MINUTE));

    // Order decides: Urgent first, then an urgent ticket is Urgent's.
    const order = await t.admin.put('/api/v1/sla-policies/order', { ids: [urgent.body.id, standard.body.id] });
    expect(order.body.items.map((p: { name: string }) => p.name)).toEqual(['Urgent', 'Standard']);
    expect((await t.admin.put('/api/v1/sla-policies/order', { ids: [urgent.body.id] })).status).toBe(400);
    await t.admin.put(`/api/v1/tickets/${ticket.id}/priority`, { priority: 'urgent' });
    const preview = await t.admin.post('/api/v1/sla-policies/preview', { ticketId: ticket.id });
    expect(preview.body).toMatchObject({ policyName: 'Urgent', clocks: [{ target: 'first_response', state: 'running' }] });

    // Switching the policy off leaves the ticket to the next one.
    expect((await t.admin.patch(`/api/v1/sla-policies/${urgent.body.id}`, { enabled: false })).status).toBe(200);
    expect((await t.admin.post('/api/v1/sla-policies/preview', { ticketId: ticket.id })).body.policyName).toBe('Standard');

    const log = (await t.admin.get('/api/v1/audit-log')).body.items as { action: string }[];
    for (const action of ['business_calendar.created', 'sla_policy.created', 'sla_policy.reordered', 'sla_policy.updated']) expect(log.map((e) => e.action)).toContain(action);
  });
});
