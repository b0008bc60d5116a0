import type { BaseStatus } from '../ticket/status.js';
import type { Channel, Priority } from '../ticket/ticket.js';

/** The ticket events a trigger can listen to. */
export const TRIGGER_EVENTS = [
  'ticket_created',
  'customer_message',
  'agent_reply',
  'internal_note',
  'status_changed',
  'assigned',
  'transferred',
  'tags_changed',
  'priority_changed',
  'chat_started',
  'chat_missed',
  'sla_warning',
  'sla_breach',
] as const;
export type TriggerEvent = (typeof TRIGGER_EVENTS)[number];

/**
 * One condition over the ticket and the event. Lists hold any of the accepted values; `null` in a department
 * or agent list stands for "none" (no department, unassigned). A status value is a base status or
 * `custom:<id>` for a custom status. Text is compared case-insensitively.
 */
export type TriggerCondition =
  | { readonly field: 'channel'; readonly op: 'is' | 'is_not'; readonly values: readonly Channel[] }
  | { readonly field: 'department'; readonly op: 'is' | 'is_not'; readonly values: readonly (number | null)[] }
  | { readonly field: 'agent'; readonly op: 'is' | 'is_not'; readonly values: readonly (number | null)[] }
  | { readonly field: 'status'; readonly op: 'is' | 'is_not'; readonly values: readonly string[] }
  | { readonly field: 'priority'; readonly op: 'is' | 'is_not'; readonly values: readonly Priority[] }
  | { readonly field: 'company'; readonly op: 'is' | 'is_not'; readonly values: readonly (number | null)[] }
  | { readonly field: 'tags'; readonly op: 'has_any' | 'has_all' | 'has_none'; readonly values: readonly string[] }
  | { readonly field: 'subject' | 'message'; readonly op: 'contains' | 'not_contains'; readonly value: string }
  | { readonly field: 'contact_email'; readonly op: 'is' | 'domain_is'; readonly value: string }
  | { readonly field: 'business_hours'; readonly op: 'within' | 'outside' }
  | { readonly field: 'created_by'; readonly op: 'agent' | 'customer' };

export type TriggerAction =
  | { readonly type: 'set_status'; readonly status: Exclude<BaseStatus, 'new' | 'postponed'>; readonly customStatusId?: number | undefined }
  | { readonly type: 'set_priority'; readonly priority: Priority }
  | { readonly type: 'set_department'; readonly departmentId: number }
  | { readonly type: 'set_agent'; readonly agentId: number | null }
  | { readonly type: 'add_tags'; readonly tags: readonly string[] }
  | { readonly type: 'remove_tags'; readonly tags: readonly string[] }
  | { readonly type: 'add_note'; readonly body: string }
  | { readonly type: 'email_customer'; readonly subject: string; readonly body: string }
  | {
      readonly type: 'notify';
      /** The ticket's agent and the agents of the ticket's department, as they are when the rule acts. */
      readonly assignee: boolean;
      readonly ticketDepartment: boolean;
      readonly agentIds: readonly number[];
      readonly departmentIds: readonly number[];
      readonly message: string;
      /** Also by email, besides the console. */
      readonly email: boolean;
    }
  | { readonly type: 'stop' };

export interface Trigger {
  readonly id: number;
  readonly name: string;
  readonly enabled: boolean;
  readonly events: readonly TriggerEvent[];
  readonly match: 'all' | 'any';
  readonly conditions: readonly TriggerCondition[];
  readonly actions: readonly TriggerAction[];
}

/** The ticket as triggers see it. */
export interface TriggerTicket {
  readonly channel: Channel;
  readonly departmentId: number | null;
  readonly assignedAgentId: number | null;
  readonly status: BaseStatus;
  readonly customStatusId: number | null;
  readonly priority: Priority;
  readonly companyId: number | null;
  readonly tags: readonly string[];
  readonly subject: string;
  readonly contactEmail: string | null;
  readonly createdByAgent: boolean;
  readonly internal: boolean;
}

/** One event on one ticket, and where it sits in a chain of rule actions. */
export interface TriggerContext {
  readonly event: TriggerEvent;
  readonly ticket: TriggerTicket;
  /** The text of the message the event is about (customer message, reply, note), if any. */
  readonly message: string | null;
  readonly withinBusinessHours: boolean;
  /** Rules that already acted in this chain: none acts twice on its own consequences. */
  readonly firedInChain: readonly number[];
  /** How many rule actions led to this event (0 for an event people or customers caused). */
  readonly depth: number;
  /** How many times rules acted on this ticket in the last hour. */
  readonly firingsLastHour: number;
}

/** A chain of rules acting on each other's changes stops this deep. */
export const TRIGGER_MAX_DEPTH = 5;
/** More rule actions on one ticket per hour are refused: a loop through people or mail is cut here. */
export const TRIGGER_MAX_FIRINGS_PER_HOUR = 30;

export interface TriggerFiring {
  readonly triggerId: number;
  readonly actions: readonly TriggerAction[];
}

export interface TriggerPlan {
  readonly firings: readonly TriggerFiring[];
  /** Why rules that matched did not act (the loop guards), for the log and the preview. */
  readonly held: 'depth' | 'rate' | null;
}

/**
 * The rules that act on an event, in order: every enabled rule listening to the event whose conditions hold,
 * except rules already acting in this chain, until one says stop. The caller applies the actions in the
 * event's own transaction and feeds the events they cause back in with `depth + 1` and the chain extended.
 */
export function planTriggers(triggers: readonly Trigger[], context: TriggerContext): TriggerPlan {
  if (context.ticket.internal) return { firings: [], held: null };
  const candidates = triggers.filter((trigger) => trigger.enabled && trigger.events.includes(context.event) && !context.firedInChain.includes(trigger.id));
  const text = lowered(context);
  const firings: TriggerFiring[] = [];
  for (const trigger of candidates) {
    if (!triggerHolds(trigger, context, text)) continue;
    if (context.depth >= TRIGGER_MAX_DEPTH) return { firings, held: 'depth' };
    if (context.firingsLastHour + firings.length >= TRIGGER_MAX_FIRINGS_PER_HOUR) return { firings, held: 'rate' };
    const stop = trigger.actions.some((action) => action.type === 'stop');
    firings.push({ triggerId: trigger.id, actions: trigger.actions.filter((action) => action.type !== 'stop') });
    if (stop) break;
  }
  return { firings, held: null };
}

/** Each condition of a rule and whether it holds on this event: the administrators' "test against ticket #N". */
export function explainTrigger(trigger: Trigger, context: TriggerContext): { readonly listens: boolean; readonly conditions: readonly boolean[]; readonly holds: boolean } {
  const text = lowered(context);
  const conditions = trigger.conditions.map((condition) => conditionHolds(condition, context, text));
  return { listens: trigger.events.includes(context.event), conditions, holds: combine(trigger.match, conditions) };
}

interface LoweredText {
  readonly subject: string;
  readonly message: string;
}

function lowered(context: TriggerContext): LoweredText {
  return { subject: context.ticket.subject.toLocaleLowerCase(), message: (context.message ?? '').toLocaleLowerCase() };
}

function triggerHolds(trigger: Trigger, context: TriggerContext, text: LoweredText): boolean {
  if (trigger.match === 'all') return trigger.conditions.every((condition) => conditionHolds(condition, context, text));
  return trigger.conditions.length === 0 || trigger.conditions.some((condition) => conditionHolds(condition, context, text));
}

function combine(match: Trigger['match'], results: readonly boolean[]): boolean {
  return match === 'all' ? results.every(Boolean) : results.length === 0 || results.some(Boolean);
}

function conditionHolds(condition: TriggerCondition, context: TriggerContext, text: LoweredText): boolean {
  const { ticket } = context;
  const among = <T>(values: readonly T[], value: T, op: 'is' | 'is_not') => values.includes(value) === (op === 'is');
  switch (condition.field) {
    case 'channel':
      return among(condition.values, ticket.channel, condition.op);
    case 'department':
      return among(condition.values, ticket.departmentId, condition.op);
    case 'agent':
      return among(condition.values, ticket.assignedAgentId, condition.op);
    case 'priority':
      return among(condition.values, ticket.priority, condition.op);
    case 'company':
      return among(condition.values, ticket.companyId, condition.op);
    case 'status': {
      const matches = condition.values.includes(ticket.status) || (ticket.customStatusId !== null && condition.values.includes(`custom:${ticket.customStatusId}`));
      return matches === (condition.op === 'is');
    }
    case 'tags': {
      const has = (tag: string) => ticket.tags.includes(tag);
      if (condition.op === 'has_any') return condition.values.some(has);
      if (condition.op === 'has_all') return condition.values.every(has);
      return !condition.values.some(has);
    }
    case 'subject':
    case 'message': {
      const haystack = condition.field === 'subject' ? text.subject : text.message;
      return haystack.includes(condition.value.toLocaleLowerCase()) === (condition.op === 'contains');
    }
    case 'contact_email': {
      const email = ticket.contactEmail?.toLowerCase() ?? null;
      if (email === null) return false;
      const wanted = condition.value.toLowerCase().replace(/^@/, '');
      return condition.op === 'is' ? email === wanted : email.slice(email.lastIndexOf('@') + 1) === wanted;
    }
    case 'business_hours':
      return context.withinBusinessHours === (condition.op === 'within');
    case 'created_by':
      return ticket.createdByAgent === (condition.op === 'agent');
  }
}
