import { ALWAYS_OPEN, addBusinessTime } from '../business-hours/business-time.js';
import type { BusinessCalendar } from '../business-hours/calendar.js';
import type { SlaTarget } from '../sla/sla-policy.js';
import { explainTrigger, type TriggerAction, type TriggerCondition, type TriggerTicket } from './trigger.js';

/**
 * The time a time rule waits for. Each counts from an anchor on the ticket: the condition starts to hold
 * `minutes` after it (or, for sla_due_within, that long before a target's due time).
 */
export type TimeCondition =
  | { readonly since: 'last_customer_message' | 'last_agent_reply' | 'created' | 'status_changed'; readonly minutes: number; readonly businessHours: boolean }
  | { readonly since: 'sla_due_within'; readonly target: SlaTarget; readonly minutes: number };

/** A rule the scheduler applies: when the time condition and the other conditions hold, do the actions once. */
export interface TimeRule {
  readonly id: number;
  readonly name: string;
  readonly enabled: boolean;
  readonly time: TimeCondition;
  readonly conditions: readonly TriggerCondition[];
  readonly actions: readonly TriggerAction[];
}

/** The anchors a ticket offers the time conditions (ms since the epoch). */
export interface TimeRuleAnchors {
  readonly createdAt: number;
  readonly lastCustomerMessageAt: number | null;
  readonly lastAgentReplyAt: number | null;
  readonly statusChangedAt: number;
  /** Due times of the ticket's SLA clocks still counting. */
  readonly slaDueAt: Partial<Record<SlaTarget, number>>;
}

/**
 * When a rule's time condition starts to hold on a ticket, and the key of that window. A rule acts at most
 * once per key: the key is the anchor, so when the condition stops holding and holds again (a new customer
 * message, another status change, a new due time) the rule may act again. Null when there is no anchor.
 */
export function timeRuleWindow(time: TimeCondition, anchors: TimeRuleAnchors, calendar: BusinessCalendar): { readonly holdsFrom: number; readonly key: string } | null {
  const anchor = timeRuleAnchor(time, anchors);
  if (anchor === null) return null;
  if (time.since === 'sla_due_within') return { holdsFrom: anchor - time.minutes * 60_000, key: `${time.target}:${anchor}` };
  const holdsFrom = addBusinessTime(time.businessHours ? calendar : ALWAYS_OPEN, anchor, time.minutes * 60_000);
  return holdsFrom === null ? null : { holdsFrom, key: `${time.since}:${anchor}` };
}

/** The instant a rule's time condition counts from on a ticket (a target's due time for sla_due_within), or null. */
export function timeRuleAnchor(time: TimeCondition, anchors: TimeRuleAnchors): number | null {
  switch (time.since) {
    case 'sla_due_within':
      return anchors.slaDueAt[time.target] ?? null;
    case 'last_customer_message':
      return anchors.lastCustomerMessageAt;
    case 'last_agent_reply':
      return anchors.lastAgentReplyAt;
    case 'created':
      return anchors.createdAt;
    case 'status_changed':
      return anchors.statusChangedAt;
  }
}

/**
 * Whether a time rule acts on a ticket now: its window (null without an anchor), whether the time condition
 * holds, each other condition, and the verdict (internal tickets never). The sweep, under its lock, and the
 * administrators' preview both ask this.
 */
export function explainTimeRule(
  rule: Pick<TimeRule, 'time' | 'conditions'>,
  ticket: TriggerTicket,
  anchors: TimeRuleAnchors,
  calendar: BusinessCalendar,
  now: number,
  withinBusinessHours: boolean,
): { readonly window: { readonly holdsFrom: number; readonly key: string } | null; readonly timeHolds: boolean; readonly conditions: readonly boolean[]; readonly holds: boolean } {
  const window = timeRuleWindow(rule.time, anchors, calendar);
  const timeHolds = window !== null && window.holdsFrom <= now;
  const context = { event: 'ticket_created' as const, ticket, message: null, withinBusinessHours, firedInChain: [], depth: 0, firingsLastHour: 0 };
  // Conditions all hold (a time rule has no "any of"); it listens to no event, only to time.
  const explained = explainTrigger({ id: 0, name: '', enabled: true, events: [], match: 'all', conditions: rule.conditions, actions: [] }, context);
  return { window, timeHolds, conditions: explained.conditions, holds: timeHolds && explained.holds && !ticket.internal };
}

/**
 * The three rules every desk starts with (LiveAgent's own examples), editable presets: names and texts are
 * translation keys the console fills in the administrator's language when the preset is chosen.
 */
export const TIME_RULE_PRESETS: readonly Omit<TimeRule, 'id' | 'enabled'>[] = [
  {
    name: 'automation.preset.close_answered.name',
    time: { since: 'last_customer_message', minutes: 5 * 24 * 60, businessHours: false },
    conditions: [{ field: 'status', op: 'is', values: ['answered'] }],
    actions: [
      { type: 'set_status', status: 'resolved' },
      { type: 'email_customer', subject: 'automation.preset.close_answered.subject', body: 'automation.preset.close_answered.body' },
    ],
  },
  {
    name: 'automation.preset.escalate_unassigned.name',
    time: { since: 'created', minutes: 30, businessHours: true },
    conditions: [
      { field: 'status', op: 'is', values: ['new'] },
      { field: 'agent', op: 'is', values: [null] },
    ],
    actions: [
      { type: 'set_priority', priority: 'high' },
      { type: 'notify', assignee: false, ticketDepartment: true, agentIds: [], departmentIds: [], message: 'automation.preset.escalate_unassigned.message', email: false },
    ],
  },
  {
    name: 'automation.preset.resolution_due_soon.name',
    time: { since: 'sla_due_within', target: 'resolution', minutes: 24 * 60 },
    conditions: [{ field: 'status', op: 'is_not', values: ['resolved'] }],
    actions: [{ type: 'notify', assignee: true, ticketDepartment: false, agentIds: [], departmentIds: [], message: 'automation.preset.resolution_due_soon.message', email: true }],
  },
];
