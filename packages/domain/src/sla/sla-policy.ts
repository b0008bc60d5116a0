import type { Channel, Priority } from '../ticket/ticket.js';

/**
 * What a service-level policy promises, each target separately:
 * - first_response: from a customer-opened ticket's creation to the first agent reply;
 * - next_response: from each customer message after that (the oldest unanswered one) to the agent's answer;
 * - resolution: from creation to resolved, paused while postponed (and while answered, if the policy says);
 * - chat_answer: a live chat, from the visitor's start to the first agent message.
 */
/** A ticket whose soonest SLA target is due within this time is "at risk" in the department overview. */
export const SLA_AT_RISK_MS = 60 * 60_000;

export const SLA_TARGETS = ['first_response', 'next_response', 'resolution', 'chat_answer'] as const;
export type SlaTarget = (typeof SLA_TARGETS)[number];

export interface SlaTargetSetting {
  /** The time allowed, in minutes. */
  readonly minutes: number;
  /** Counted in the department's business hours, or around the clock. */
  readonly businessHours: boolean;
}

/** Which tickets a policy covers; an empty list means any value. All the lists given must match. */
export interface SlaConditions {
  readonly departmentIds: readonly number[];
  readonly channels: readonly Channel[];
  readonly priorities: readonly Priority[];
  /** The ticket carries at least one of these tags. */
  readonly tags: readonly string[];
  readonly companyIds: readonly number[];
}

export interface SlaPolicy {
  readonly id: number;
  readonly name: string;
  readonly enabled: boolean;
  readonly conditions: SlaConditions;
  readonly targets: Partial<Record<SlaTarget, SlaTargetSetting>>;
  /** Whether Answered (waiting for the customer) pauses the resolution clock, as Postponed always does. */
  readonly pauseWhenAnswered: boolean;
  /** Warn when this share of a target's time has passed, in per cent (1–99). */
  readonly warnAtPercent: number;
}

/** What a policy's conditions look at. */
export interface SlaTicketFacts {
  readonly internal: boolean;
  readonly departmentId: number | null;
  readonly channel: Channel;
  readonly priority: Priority;
  readonly tags: readonly string[];
  readonly companyId: number | null;
}

/** A year: the longest target anyone sets, and short enough that due times stay far from overflow. */
export const SLA_TARGET_MAX_MINUTES = 366 * 24 * 60;

/**
 * The policy that covers a ticket: the first enabled one, in the administrators' order, whose conditions all
 * hold. Internal tickets make no promise to a customer and have none.
 */
export function policyFor(policies: readonly SlaPolicy[], ticket: SlaTicketFacts): SlaPolicy | null {
  if (ticket.internal) return null;
  return policies.find((policy) => policy.enabled && conditionsHold(policy.conditions, ticket)) ?? null;
}

export function conditionsHold(conditions: SlaConditions, ticket: SlaTicketFacts): boolean {
  const within = <T>(allowed: readonly T[], value: T | null) => allowed.length === 0 || (value !== null && allowed.includes(value));
  return (
    within(conditions.departmentIds, ticket.departmentId) &&
    within(conditions.channels, ticket.channel) &&
    within(conditions.priorities, ticket.priority) &&
    within(conditions.companyIds, ticket.companyId) &&
    (conditions.tags.length === 0 || ticket.tags.some((tag) => conditions.tags.includes(tag)))
  );
}

export type SlaPolicyProblem =
  | { readonly code: 'sla/name_required' }
  | { readonly code: 'sla/no_target' }
  | { readonly code: 'sla/bad_target_time'; readonly target: SlaTarget; readonly minutes: number }
  | { readonly code: 'sla/bad_warning_share'; readonly percent: number };

/** Everything wrong with a policy as an administrator wrote it; empty when it can be saved. */
export function slaPolicyProblems(policy: Pick<SlaPolicy, 'name' | 'targets' | 'warnAtPercent'>): SlaPolicyProblem[] {
  const problems: SlaPolicyProblem[] = [];
  if (policy.name.trim() === '') problems.push({ code: 'sla/name_required' });
  const targets = Object.entries(policy.targets) as [SlaTarget, SlaTargetSetting | undefined][];
  if (!targets.some(([, setting]) => setting)) problems.push({ code: 'sla/no_target' });
  for (const [target, setting] of targets) {
    if (!setting) continue;
    if (!Number.isInteger(setting.minutes) || setting.minutes < 1 || setting.minutes > SLA_TARGET_MAX_MINUTES) {
      problems.push({ code: 'sla/bad_target_time', target, minutes: setting.minutes });
    }
  }
  if (!Number.isInteger(policy.warnAtPercent) || policy.warnAtPercent < 1 || policy.warnAtPercent > 99) {
    problems.push({ code: 'sla/bad_warning_share', percent: policy.warnAtPercent });
  }
  return problems;
}
