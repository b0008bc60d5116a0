import type { BusinessCalendar } from '../business-hours/calendar.js';
import type { BaseStatus } from '../ticket/status.js';
import { nextAlarmAt, nextDueAt, type SlaClock, slaClocks, type StatusSpan, statusSpansAfter } from './sla-clock.js';
import { policyFor, type SlaPolicy, type SlaTarget, type SlaTicketFacts } from './sla-policy.js';

/**
 * What the clocks need that the ticket's own columns do not say, kept with it: whether the customer opened
 * it, and the spans it spent in statuses that stop or pause the resolution clock.
 */
export interface SlaHistory {
  readonly openedByCustomer: boolean;
  readonly spans: readonly StatusSpan[];
}

/** A ticket's service-level columns as stored (ms since the epoch), so lists sort and sweeps find by index. */
export interface SlaSchedule {
  readonly policyId: number | null;
  readonly history: SlaHistory;
  readonly dueAt: Readonly<Record<SlaTarget, number | null>>;
  /** The soonest due time of a clock still counting (breached ones included). */
  readonly nextDueAt: number | null;
  /** When the alarm sweep must next look at the ticket. */
  readonly nextAlarmAt: number | null;
}

/** The ticket as the schedule reads it: the policy's facts plus its times (ms) and status. */
export interface SlaTicket extends SlaTicketFacts {
  readonly status: BaseStatus;
  readonly createdAt: number;
  readonly firstAgentReplyAt: number | null;
  readonly waitingSince: number | null;
}

const NO_DUE: Readonly<Record<SlaTarget, number | null>> = { first_response: null, next_response: null, resolution: null, chat_answer: null };

/**
 * The history after a write: a new ticket starts one (opened by the customer unless an agent wrote first),
 * and a status change closes or opens a span, as the clocks count them.
 */
export function slaHistoryAfter(previous: SlaHistory | null, change: { readonly from: BaseStatus | null; readonly to: BaseStatus; readonly at: number; readonly openedByCustomer: boolean }): SlaHistory {
  const history = previous ?? { openedByCustomer: change.openedByCustomer, spans: [] };
  if (change.from === change.to && previous) return history;
  const spans = change.from === null && change.to !== 'answered' && change.to !== 'postponed' && change.to !== 'resolved' ? history.spans : statusSpansAfter(history.spans, change.to, change.at);
  return { openedByCustomer: history.openedByCustomer, spans };
}

/**
 * A ticket's schedule under the first policy that covers it. `alarmsFrom`: alarms due before this instant
 * have already been looked at by the sweep (the stored next alarm time, or now), so they are not pending.
 */
export function slaSchedule(input: {
  readonly ticket: SlaTicket;
  readonly history: SlaHistory;
  readonly policies: readonly SlaPolicy[];
  readonly calendar: BusinessCalendar;
  readonly alarmsFrom: number;
}): SlaSchedule {
  const { ticket, history } = input;
  const policy = policyFor(input.policies, ticket);
  if (!policy) return { policyId: null, history, dueAt: NO_DUE, nextDueAt: null, nextAlarmAt: null };
  const clocks = clocksOf(ticket, history, policy, input.calendar);
  const dueAt = { ...NO_DUE };
  for (const clock of clocks) dueAt[clock.target] = clock.dueAt;
  return {
    policyId: policy.id,
    history,
    dueAt,
    nextDueAt: nextDueAt(clocks),
    nextAlarmAt: pendingAlarmAt(clocks, input.alarmsFrom),
  };
}

export function clocksOf(ticket: SlaTicket, history: SlaHistory, policy: SlaPolicy, calendar: BusinessCalendar): SlaClock[] {
  return slaClocks(
    {
      channel: ticket.channel,
      createdAt: ticket.createdAt,
      openedByCustomer: history.openedByCustomer,
      firstAgentReplyAt: ticket.firstAgentReplyAt,
      waitingSince: ticket.waitingSince,
      statusSpans: history.spans,
    },
    policy,
    calendar,
  );
}

/** The earliest alarm at or after `from`; earlier ones were the sweep's to record (its unique key keeps them once). */
function pendingAlarmAt(clocks: readonly SlaClock[], from: number): number | null {
  const at = nextAlarmAt(
    clocks.map((clock) => ({
      ...clock,
      warnAt: clock.warnAt !== null && clock.warnAt >= from ? clock.warnAt : null,
      dueAt: clock.dueAt !== null && clock.dueAt >= from ? clock.dueAt : null,
    })),
    [],
  );
  return at;
}
