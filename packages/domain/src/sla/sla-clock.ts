import { ALWAYS_OPEN, addBusinessTime, businessTimeBetween } from '../business-hours/business-time.js';
import type { BusinessCalendar } from '../business-hours/calendar.js';
import type { BaseStatus } from '../ticket/status.js';
import type { Channel } from '../ticket/ticket.js';
import type { SlaPolicy, SlaTarget, SlaTargetSetting } from './sla-policy.js';

/** A stretch of time the ticket spent in a status that stops or pauses the resolution clock. */
export interface StatusSpan {
  readonly status: Extract<BaseStatus, 'answered' | 'postponed' | 'resolved'>;
  readonly from: number;
  /** Null while the ticket is still in it. */
  readonly to: number | null;
}

/** What the clocks are derived from: the ticket's own times (ms since the epoch) and its status history. */
export interface SlaFacts {
  readonly channel: Channel;
  readonly createdAt: number;
  /** The customer opened it (a message, a chat, a form, a logged call); an agent's outgoing ticket is not. */
  readonly openedByCustomer: boolean;
  readonly firstAgentReplyAt: number | null;
  /** The oldest customer message not yet answered; null when the ball is in the customer's court. */
  readonly waitingSince: number | null;
  readonly statusSpans: readonly StatusSpan[];
}

export type SlaClockState = 'running' | 'paused' | 'met' | 'breached';

/**
 * One target's clock on one ticket. `runs` are the spans it counted in (the last may be open); the goal is
 * reached at `dueAt`, which is in the past for a breached clock and null while a paused or met clock has
 * not reached it. A met clock with a due time was met late.
 */
export interface SlaClock {
  readonly target: SlaTarget;
  readonly goalMs: number;
  readonly businessHours: boolean;
  readonly startedAt: number;
  readonly stoppedAt: number | null;
  readonly dueAt: number | null;
  readonly warnAt: number | null;
  readonly paused: boolean;
}

const MINUTE = 60_000;

/** The status spans after a status change at `at` (the open span closes; a pausing status opens one). */
export function statusSpansAfter(spans: readonly StatusSpan[], to: BaseStatus, at: number): StatusSpan[] {
  const closed = spans.map((span) => (span.to === null ? { ...span, to: at } : span));
  if (to === 'answered' || to === 'postponed' || to === 'resolved') closed.push({ status: to, from: at, to: null });
  return closed;
}

/**
 * The ticket's clocks under a policy, in the policy's target order. `calendar` is the department's business
 * calendar, used by targets counted in business hours.
 */
export function slaClocks(facts: SlaFacts, policy: SlaPolicy, calendar: BusinessCalendar): SlaClock[] {
  const clocks: SlaClock[] = [];
  const add = (target: SlaTarget, runs: readonly Run[], stoppedAt: number | null) => {
    const setting = policy.targets[target];
    if (setting && runs.length > 0) clocks.push(clockOf(target, setting, runs, stoppedAt, policy.warnAtPercent, calendar));
  };
  if (facts.openedByCustomer) add('first_response', [{ from: facts.createdAt, to: facts.firstAgentReplyAt }], facts.firstAgentReplyAt);
  const answeredBefore = facts.firstAgentReplyAt !== null || !facts.openedByCustomer;
  if (facts.waitingSince !== null && answeredBefore && (facts.firstAgentReplyAt === null || facts.waitingSince >= facts.firstAgentReplyAt)) {
    add('next_response', [{ from: facts.waitingSince, to: null }], null);
  }
  const resolution = resolutionRuns(facts, policy.pauseWhenAnswered);
  add('resolution', resolution.runs, resolution.stoppedAt);
  if (facts.channel === 'chat') add('chat_answer', [{ from: facts.createdAt, to: facts.firstAgentReplyAt }], facts.firstAgentReplyAt);
  return clocks;
}

interface Run {
  readonly from: number;
  readonly to: number | null;
}

function resolutionRuns(facts: SlaFacts, pauseWhenAnswered: boolean): { runs: Run[]; stoppedAt: number | null } {
  const runs: Run[] = [];
  let from: number | null = facts.createdAt;
  let stoppedAt: number | null = null;
  for (const span of facts.statusSpans) {
    if (span.status === 'answered' && !pauseWhenAnswered) continue;
    if (from !== null && span.from > from) runs.push({ from, to: span.from });
    from = span.to;
    stoppedAt = span.status === 'resolved' && span.to === null ? span.from : null;
  }
  if (from !== null) runs.push({ from, to: null });
  return { runs, stoppedAt };
}

function clockOf(target: SlaTarget, setting: SlaTargetSetting, runs: readonly Run[], stoppedAt: number | null, warnAtPercent: number, calendar: BusinessCalendar): SlaClock {
  const counting = setting.businessHours ? calendar : ALWAYS_OPEN;
  const goalMs = setting.minutes * MINUTE;
  const last = runs[runs.length - 1]!;
  return {
    target,
    goalMs,
    businessHours: setting.businessHours,
    startedAt: runs[0]!.from,
    stoppedAt,
    dueAt: reachedAt(counting, runs, goalMs),
    warnAt: stoppedAt === null ? reachedAt(counting, runs, Math.floor((goalMs * warnAtPercent) / 100)) : null,
    paused: stoppedAt === null && last.to !== null,
  };
}

/** The instant the counted time over `runs` reaches `amount`, or null if it does not within them. */
function reachedAt(calendar: BusinessCalendar, runs: readonly Run[], amount: number): number | null {
  let left = amount;
  for (const run of runs) {
    if (run.to === null) return addBusinessTime(calendar, run.from, left);
    const counted = calendar === ALWAYS_OPEN ? run.to - run.from : businessTimeBetween(calendar, run.from, run.to);
    if (counted >= left) return addBusinessTime(calendar, run.from, left);
    left -= counted;
  }
  return null;
}

/** Where a clock stands at an instant. */
export function clockState(clock: SlaClock, now: number): SlaClockState {
  if (clock.stoppedAt !== null) return clock.dueAt !== null && clock.dueAt < clock.stoppedAt ? 'breached' : 'met';
  if (clock.dueAt !== null && clock.dueAt <= now) return 'breached';
  return clock.paused ? 'paused' : 'running';
}

/**
 * The soonest due time among the clocks still counting (breached ones included: they are the most urgent),
 * stored on the ticket so lists sort and "To solve" picks by it with an index. Null when nothing counts.
 */
export function nextDueAt(clocks: readonly SlaClock[]): number | null {
  const due = clocks.filter((clock) => clock.stoppedAt === null && !clock.paused && clock.dueAt !== null).map((clock) => clock.dueAt!);
  return due.length > 0 ? Math.min(...due) : null;
}

/** A warning or a breach, recorded once per target and per start of its clock. */
export interface SlaAlarm {
  readonly kind: 'warning' | 'breach';
  readonly target: SlaTarget;
  readonly at: number;
  /** Identifies the alarm among those already recorded on the ticket. */
  readonly key: string;
}

function alarmsOf(clock: SlaClock): SlaAlarm[] {
  const alarms: SlaAlarm[] = [];
  const key = (kind: SlaAlarm['kind']) => `${clock.target}:${kind}:${clock.startedAt}`;
  // A warning matters only while the clock still counts; a breach is a breach even if met late since.
  if (clock.warnAt !== null && clock.stoppedAt === null) alarms.push({ kind: 'warning', target: clock.target, at: clock.warnAt, key: key('warning') });
  if (clock.dueAt !== null) alarms.push({ kind: 'breach', target: clock.target, at: clock.dueAt, key: key('breach') });
  return alarms;
}

/** The alarms that have come due by `now` and are not yet recorded, oldest first. */
export function dueAlarms(clocks: readonly SlaClock[], recorded: readonly string[], now: number): SlaAlarm[] {
  return clocks
    .flatMap(alarmsOf)
    .filter((alarm) => alarm.at <= now && !recorded.includes(alarm.key))
    .sort((a, b) => a.at - b.at);
}

/** When the scheduler must next look at the ticket: its earliest alarm not yet recorded, or null. */
export function nextAlarmAt(clocks: readonly SlaClock[], recorded: readonly string[]): number | null {
  const pending = clocks.flatMap(alarmsOf).filter((alarm) => !recorded.includes(alarm.key));
  return pending.length > 0 ? Math.min(...pending.map((alarm) => alarm.at)) : null;
}

/**
 * The targets a write met: clocks that were counting and not yet due before it (`before`, under the same
 * policy) and stopped by it (`after`: the same clock, from the same start, now stopped; a next response's
 * clock ends by going away once the customer is answered). A clock stopped after its due time was breached
 * instead (the breach is counted when the sweep records it).
 */
export function slaTargetsMet(before: readonly SlaClock[], after: readonly SlaClock[], at: number): SlaTarget[] {
  const met: SlaTarget[] = [];
  for (const clock of before) {
    if (clock.stoppedAt !== null || (clock.dueAt !== null && clock.dueAt <= at)) continue;
    const now = after.find((other) => other.target === clock.target && other.startedAt === clock.startedAt);
    if (now ? now.stoppedAt !== null && (now.dueAt === null || now.dueAt >= now.stoppedAt) : clock.target === 'next_response') met.push(clock.target);
  }
  return met;
}
