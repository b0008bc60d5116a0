import { describe, expect, it } from 'vitest';
import { ALWAYS_OPEN } from '../business-hours/business-time.js';
import type { SlaPolicy } from './sla-policy.js';
import { type SlaTicket, slaHistoryAfter, slaSchedule } from './sla-schedule.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const t0 = Date.parse('2027-03-01T08:00:00Z');

const standard: SlaPolicy = {
  id: 7,
  name: 'Standard',
  enabled: true,
  conditions: { departmentIds: [], channels: [], priorities: [], tags: [], companyIds: [] },
  targets: { first_response: { minutes: 60, businessHours: false }, next_response: { minutes: 30, businessHours: false }, resolution: { minutes: 8 * 60, businessHours: false } },
  pauseWhenAnswered: true,
  warnAtPercent: 50,
};
const urgentOnly: SlaPolicy = { ...standard, id: 3, name: 'Urgent', conditions: { ...standard.conditions, priorities: ['urgent'] }, targets: { first_response: { minutes: 10, businessHours: false } } };

function ticket(overrides: Partial<SlaTicket> = {}): SlaTicket {
  return { internal: false, departmentId: 1, channel: 'email', priority: 'normal', tags: [], companyId: null, status: 'new', createdAt: t0, firstAgentReplyAt: null, waitingSince: t0, ...overrides };
}
const opened = slaHistoryAfter(null, { from: null, to: 'new', at: t0, openedByCustomer: true });

describe('a ticket’s stored service-level schedule', () => {
  it('takes the first policy that covers the ticket, in order, and none for internal tickets', () => {
    const schedule = (t: SlaTicket) => slaSchedule({ ticket: t, history: opened, policies: [urgentOnly, standard], calendar: ALWAYS_OPEN, alarmsFrom: t0 });
    expect(schedule(ticket()).policyId).toBe(7);
    expect(schedule(ticket({ priority: 'urgent' })).policyId).toBe(3);
    expect(schedule(ticket({ priority: 'urgent' })).dueAt.first_response).toBe(t0 + 10 * MINUTE);
    const internal = schedule(ticket({ internal: true }));
    expect(internal).toMatchObject({ policyId: null, nextDueAt: null, nextAlarmAt: null });
  });

  it('stores each target’s due time, the soonest as next due, and the first warning as the next alarm', () => {
    const s = slaSchedule({ ticket: ticket(), history: opened, policies: [standard], calendar: ALWAYS_OPEN, alarmsFrom: t0 });
    expect(s.dueAt).toEqual({ first_response: t0 + HOUR, next_response: null, resolution: t0 + 8 * HOUR, chat_answer: null });
    expect(s.nextDueAt).toBe(t0 + HOUR);
    expect(s.nextAlarmAt).toBe(t0 + 30 * MINUTE);
    // Once the sweep has looked past the warning, the breach is next.
    expect(slaSchedule({ ticket: ticket(), history: opened, policies: [standard], calendar: ALWAYS_OPEN, alarmsFrom: t0 + 31 * MINUTE }).nextAlarmAt).toBe(t0 + HOUR);
  });

  it('moves with the events: a reply meets the first response, Answered pauses resolution, a customer message starts next response', () => {
    const replied = t0 + 20 * MINUTE;
    const answered = slaHistoryAfter(opened, { from: 'new', to: 'answered', at: replied, openedByCustomer: true });
    const afterReply = slaSchedule({ ticket: ticket({ status: 'answered', firstAgentReplyAt: replied, waitingSince: null }), history: answered, policies: [standard], calendar: ALWAYS_OPEN, alarmsFrom: replied });
    expect(afterReply.dueAt.first_response).toBeNull();
    expect(afterReply.dueAt.resolution).toBeNull();
    expect(afterReply.nextDueAt).toBeNull();
    expect(afterReply.nextAlarmAt).toBeNull();

    const wrote = t0 + 2 * HOUR;
    const reopened = slaHistoryAfter(answered, { from: 'answered', to: 'open', at: wrote, openedByCustomer: true });
    const afterMessage = slaSchedule({ ticket: ticket({ status: 'open', firstAgentReplyAt: replied, waitingSince: wrote }), history: reopened, policies: [standard], calendar: ALWAYS_OPEN, alarmsFrom: wrote });
    expect(afterMessage.dueAt.next_response).toBe(wrote + 30 * MINUTE);
    // Resolution counted 20 minutes before the pause, so 7 h 40 min remain from the customer's message.
    expect(afterMessage.dueAt.resolution).toBe(wrote + 8 * HOUR - 20 * MINUTE);
    expect(afterMessage.nextDueAt).toBe(wrote + 30 * MINUTE);
  });

  it('keeps the history when the status does not change, and an agent-opened ticket has no first-response clock', () => {
    expect(slaHistoryAfter(opened, { from: 'new', to: 'new', at: t0 + HOUR, openedByCustomer: true })).toBe(opened);
    const byAgent = slaHistoryAfter(null, { from: null, to: 'answered', at: t0, openedByCustomer: false });
    expect(byAgent).toEqual({ openedByCustomer: false, spans: [{ status: 'answered', from: t0, to: null }] });
    const s = slaSchedule({ ticket: ticket({ status: 'answered', waitingSince: null }), history: byAgent, policies: [standard], calendar: ALWAYS_OPEN, alarmsFrom: t0 });
    expect(s.dueAt.first_response).toBeNull();
  });
});
