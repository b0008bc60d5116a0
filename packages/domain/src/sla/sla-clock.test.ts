import { describe, expect, it } from 'vitest';
import type { BusinessCalendar } from '../business-hours/calendar.js';
import { clockState, dueAlarms, nextAlarmAt, nextDueAt, type SlaClock, type SlaFacts, slaClocks, slaTargetsMet, statusSpansAfter } from './sla-clock.js';
import { conditionsHold, policyFor, type SlaPolicy, slaPolicyProblems, type SlaTicketFacts } from './sla-policy.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const utc = (iso: string) => Date.parse(iso);

// Sofia, Monday to Friday 09:00–17:00; in January Sofia is UTC+2, so 07:00–15:00 UTC.
const sofia: BusinessCalendar = {
  timeZone: 'Europe/Sofia',
  week: [...Array.from({ length: 5 }, () => [{ from: '09:00', to: '17:00' }]), [], []],
  holidays: [],
};

const anyTicket = { departmentIds: [], channels: [], priorities: [], tags: [], companyIds: [] };

function policy(overrides: Partial<SlaPolicy> = {}): SlaPolicy {
  return {
    id: 1,
    name: 'Standard',
    enabled: true,
    conditions: anyTicket,
    targets: {
      first_response: { minutes: 4 * 60, businessHours: true },
      next_response: { minutes: 60, businessHours: false },
      resolution: { minutes: 16 * 60, businessHours: true },
      chat_answer: { minutes: 2, businessHours: false },
    },
    pauseWhenAnswered: false,
    warnAtPercent: 80,
    ...overrides,
  };
}

// Monday 4 January 2027, 16:00 in Sofia.
const created = utc('2027-01-04T14:00:00Z');

function facts(overrides: Partial<SlaFacts> = {}): SlaFacts {
  return { channel: 'email', createdAt: created, openedByCustomer: true, firstAgentReplyAt: null, waitingSince: created, statusSpans: [], ...overrides };
}

const clock = (clocks: ReturnType<typeof slaClocks>, target: string) => clocks.find((c) => c.target === target);

describe('the clocks of a ticket', () => {
  it('first response in business hours: 4 hours from Monday 16:00 is Tuesday 12:00, warned at 80 % (Tuesday 11:12)', () => {
    const first = clock(slaClocks(facts(), policy(), sofia), 'first_response')!;
    expect(first.dueAt).toBe(utc('2027-01-05T10:00:00Z'));
    expect(first.warnAt).toBe(utc('2027-01-05T09:12:00Z'));
    expect(clockState(first, utc('2027-01-05T09:00:00Z'))).toBe('running');
    expect(clockState(first, utc('2027-01-05T10:00:00Z'))).toBe('breached');
  });

  it('is met by the first agent reply, or met late', () => {
    const onTime = clock(slaClocks(facts({ firstAgentReplyAt: utc('2027-01-05T08:00:00Z'), waitingSince: null }), policy(), sofia), 'first_response')!;
    expect(clockState(onTime, utc('2027-02-01T00:00:00Z'))).toBe('met');
    expect(onTime.dueAt).toBeNull();
    const late = clock(slaClocks(facts({ firstAgentReplyAt: utc('2027-01-05T11:00:00Z'), waitingSince: null }), policy(), sofia), 'first_response')!;
    expect(clockState(late, utc('2027-02-01T00:00:00Z'))).toBe('breached');
  });

  it('an agent-opened ticket has no first response; the customer\u2019s answer starts the next response clock (calendar hours)', () => {
    const answer = utc('2027-01-09T10:00:00Z'); // a Saturday: calendar hours still count
    const clocks = slaClocks(facts({ openedByCustomer: false, firstAgentReplyAt: created, waitingSince: answer }), policy(), sofia);
    expect(clock(clocks, 'first_response')).toBeUndefined();
    expect(clock(clocks, 'next_response')!.dueAt).toBe(answer + HOUR);
  });

  it('next response runs only for a customer message after the first reply, and not while the first response runs', () => {
    expect(clock(slaClocks(facts(), policy(), sofia), 'next_response')).toBeUndefined();
    const reply = utc('2027-01-05T08:00:00Z');
    expect(clock(slaClocks(facts({ firstAgentReplyAt: reply, waitingSince: null }), policy(), sofia), 'next_response')).toBeUndefined();
    expect(clock(slaClocks(facts({ firstAgentReplyAt: reply, waitingSince: reply + HOUR }), policy(), sofia), 'next_response')!.dueAt).toBe(reply + 2 * HOUR);
  });

  it('resolution pauses while postponed, and while answered only when the policy says so', () => {
    // Business hours: Monday 16:00–17:00 counts 1 h; postponed Tuesday 09:00–Thursday 09:00; 15 h left from Thursday 09:00:
    // Thursday 8 h, Friday 7 h → Friday 16:00 (14:00 UTC).
    let spans = statusSpansAfter([], 'postponed', utc('2027-01-05T07:00:00Z'));
    spans = statusSpansAfter(spans, 'open', utc('2027-01-07T07:00:00Z'));
    const resolution = clock(slaClocks(facts({ statusSpans: spans }), policy(), sofia), 'resolution')!;
    expect(resolution.dueAt).toBe(utc('2027-01-08T14:00:00Z'));

    const answered = statusSpansAfter([], 'answered', utc('2027-01-05T07:00:00Z'));
    const counting = clock(slaClocks(facts({ statusSpans: answered }), policy(), sofia), 'resolution')!;
    expect(counting.paused).toBe(false);
    expect(counting.dueAt).toBe(utc('2027-01-06T14:00:00Z')); // 16 business hours from Monday 16:00: 1 + 8 + 7, Wednesday 16:00
    const paused = clock(slaClocks(facts({ statusSpans: answered }), policy({ pauseWhenAnswered: true }), sofia), 'resolution')!;
    expect(paused.paused).toBe(true);
    expect(paused.dueAt).toBeNull();
    expect(clockState(paused, utc('2027-03-01T00:00:00Z'))).toBe('paused');
  });

  it('resolved stops the resolution clock; reopening resumes it with the time already used', () => {
    let spans = statusSpansAfter([], 'resolved', utc('2027-01-04T14:30:00Z')); // after 30 min
    const stopped = clock(slaClocks(facts({ statusSpans: spans }), policy(), sofia), 'resolution')!;
    expect(stopped.stoppedAt).toBe(utc('2027-01-04T14:30:00Z'));
    expect(clockState(stopped, utc('2027-06-01T00:00:00Z'))).toBe('met');
    spans = statusSpansAfter(spans, 'open', utc('2027-01-11T07:00:00Z')); // reopened next Monday 09:00
    const resumed = clock(slaClocks(facts({ statusSpans: spans }), policy(), sofia), 'resolution')!;
    expect(resumed.stoppedAt).toBeNull();
    // 15 h 30 min left from Monday 09:00: Monday 8 h, Tuesday 7 h 30 → Tuesday 16:30 (14:30 UTC).
    expect(resumed.dueAt).toBe(utc('2027-01-12T14:30:00Z'));
  });

  it('a paused clock that had already run out stays breached', () => {
    const spans = statusSpansAfter([], 'postponed', utc('2027-01-08T07:00:00Z')); // after 1 + 8 + 8 + 8 business hours
    const resolution = clock(slaClocks(facts({ statusSpans: spans }), policy(), sofia), 'resolution')!;
    expect(resolution.dueAt).toBe(utc('2027-01-06T14:00:00Z'));
    expect(clockState(resolution, utc('2027-01-09T00:00:00Z'))).toBe('breached');
  });

  it('a chat has its own clock until an agent answers', () => {
    const chat = clock(slaClocks(facts({ channel: 'chat' }), policy(), sofia), 'chat_answer')!;
    expect(chat.dueAt).toBe(created + 2 * MINUTE);
    expect(clock(slaClocks(facts({ channel: 'email' }), policy(), sofia), 'chat_answer')).toBeUndefined();
  });

  it('targets the policy does not set have no clock', () => {
    expect(slaClocks(facts(), policy({ targets: { resolution: { minutes: 60, businessHours: false } } }), sofia).map((c) => c.target)).toEqual(['resolution']);
  });
});

describe('what the ticket stores and the scheduler records', () => {
  it('the next due time is the soonest clock still counting, breached ones included', () => {
    const clocks = slaClocks(facts(), policy(), sofia);
    expect(nextDueAt(clocks)).toBe(utc('2027-01-05T10:00:00Z'));
    const answered = slaClocks(facts({ firstAgentReplyAt: utc('2027-01-05T08:00:00Z'), waitingSince: null, statusSpans: statusSpansAfter([], 'resolved', utc('2027-01-05T08:00:00Z')) }), policy(), sofia);
    expect(nextDueAt(answered)).toBeNull();
  });

  it('each warning and breach comes due once: recorded alarms are not due again, and the next alarm moves on', () => {
    const clocks = slaClocks(facts(), policy({ targets: { first_response: { minutes: 4 * 60, businessHours: true } } }), sofia);
    expect(nextAlarmAt(clocks, [])).toBe(utc('2027-01-05T09:12:00Z'));
    expect(dueAlarms(clocks, [], utc('2027-01-05T09:00:00Z'))).toEqual([]);
    const warning = dueAlarms(clocks, [], utc('2027-01-05T09:30:00Z'));
    expect(warning.map((alarm) => alarm.kind)).toEqual(['warning']);
    const recorded = warning.map((alarm) => alarm.key);
    expect(dueAlarms(clocks, recorded, utc('2027-01-05T09:30:00Z'))).toEqual([]);
    expect(nextAlarmAt(clocks, recorded)).toBe(utc('2027-01-05T10:00:00Z'));
    const breach = dueAlarms(clocks, recorded, utc('2027-01-05T12:00:00Z'));
    expect(breach.map((alarm) => alarm.kind)).toEqual(['breach']);
    expect(nextAlarmAt(clocks, [...recorded, breach[0]!.key])).toBeNull();
  });

  it('a new cycle of the next response clock can warn again', () => {
    const reply = utc('2027-01-05T08:00:00Z');
    const first = slaClocks(facts({ firstAgentReplyAt: reply, waitingSince: reply + HOUR }), policy(), sofia);
    const second = slaClocks(facts({ firstAgentReplyAt: reply, waitingSince: reply + 5 * HOUR }), policy(), sofia);
    const key = (clocks: typeof first) => dueAlarms(clocks, [], utc('2027-02-01T00:00:00Z')).find((a) => a.target === 'next_response' && a.kind === 'breach')!.key;
    expect(key(first)).not.toBe(key(second));
  });

  it('a clock met late still records its breach once; a warning after it was met is not news', () => {
    const late = slaClocks(facts({ firstAgentReplyAt: utc('2027-01-05T11:00:00Z'), waitingSince: null }), policy({ targets: { first_response: { minutes: 4 * 60, businessHours: true } } }), sofia);
    expect(dueAlarms(late, [], utc('2027-01-05T11:00:00Z')).map((a) => a.kind)).toEqual(['breach']);
  });
});

describe('which policy covers a ticket', () => {
  const ticket: SlaTicketFacts = { internal: false, departmentId: 3, channel: 'email', priority: 'high', tags: ['vip', 'billing'], companyId: 9 };

  it('the first enabled policy in order whose every condition holds', () => {
    const vip = policy({ id: 2, conditions: { ...anyTicket, tags: ['vip'] } });
    const off = policy({ id: 3, enabled: false });
    const chats = policy({ id: 4, conditions: { ...anyTicket, channels: ['chat'] } });
    expect(policyFor([off, chats, vip, policy({ id: 5 })], ticket)?.id).toBe(2);
    expect(policyFor([chats], ticket)).toBeNull();
    expect(policyFor([vip], { ...ticket, internal: true })).toBeNull();
  });

  it('each kind of condition', () => {
    expect(conditionsHold({ ...anyTicket, departmentIds: [3, 4] }, ticket)).toBe(true);
    expect(conditionsHold({ ...anyTicket, departmentIds: [4] }, ticket)).toBe(false);
    expect(conditionsHold({ ...anyTicket, departmentIds: [4] }, { ...ticket, departmentId: null })).toBe(false);
    expect(conditionsHold({ ...anyTicket, priorities: ['urgent'] }, ticket)).toBe(false);
    expect(conditionsHold({ ...anyTicket, priorities: ['urgent', 'high'] }, ticket)).toBe(true);
    expect(conditionsHold({ ...anyTicket, companyIds: [9] }, ticket)).toBe(true);
    expect(conditionsHold({ ...anyTicket, companyIds: [9] }, { ...ticket, companyId: null })).toBe(false);
    expect(conditionsHold({ ...anyTicket, tags: ['refund'] }, ticket)).toBe(false);
    expect(conditionsHold({ ...anyTicket, channels: ['email'], priorities: ['high'], tags: ['billing'] }, ticket)).toBe(true);
  });

  it('refuses a policy without a name, without targets, with impossible times or warning shares', () => {
    expect(slaPolicyProblems(policy())).toEqual([]);
    expect(slaPolicyProblems({ name: ' ', targets: {}, warnAtPercent: 100 }).map((p) => p.code)).toEqual(['sla/name_required', 'sla/no_target', 'sla/bad_warning_share']);
    expect(slaPolicyProblems({ name: 'x', targets: { resolution: { minutes: 0, businessHours: false }, first_response: { minutes: 1.5, businessHours: false } }, warnAtPercent: 80 }).map((p) => p.code)).toEqual([
      'sla/bad_target_time',
      'sla/bad_target_time',
    ]);
  });
});

describe('slaTargetsMet', () => {
  const clock = (over: Partial<SlaClock>): SlaClock => ({ target: 'first_response', goalMs: 3_600_000, businessHours: false, startedAt: 0, stoppedAt: null, dueAt: 3_600_000, warnAt: null, paused: false, ...over });

  it('meets a clock stopped before it was due, and not one already due or stopped', () => {
    expect(slaTargetsMet([clock({})], [clock({ stoppedAt: 600_000, dueAt: null })], 600_000)).toEqual(['first_response']);
    expect(slaTargetsMet([clock({})], [clock({ stoppedAt: 4_000_000 })], 4_000_000)).toEqual([]);
    expect(slaTargetsMet([clock({ stoppedAt: 10, dueAt: null })], [clock({ stoppedAt: 10, dueAt: null })], 600_000)).toEqual([]);
    expect(slaTargetsMet([clock({})], [clock({})], 600_000)).toEqual([]);
  });

  it('meets a next response whose clock went away when the customer was answered', () => {
    expect(slaTargetsMet([clock({ target: 'next_response' })], [], 600_000)).toEqual(['next_response']);
    expect(slaTargetsMet([clock({ target: 'resolution' })], [], 600_000)).toEqual([]);
  });
});
