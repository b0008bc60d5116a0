import type { TimeCondition } from './time-rule.js';
import type { TriggerAction, TriggerCondition, TriggerEvent } from './trigger.js';

/** Why a trigger or time rule cannot be saved: codes the console translates (`automation.problems.<code>`). */
export type AutomationRuleProblem =
  | { readonly code: 'no_event' }
  | { readonly code: 'no_effect' }
  | { readonly code: 'notify_nobody'; readonly action: number }
  | { readonly code: 'tag_added_and_removed'; readonly tag: string }
  | { readonly code: 'status_twice' }
  | { readonly code: 'message_without_message'; readonly condition: number };

/** The rule as the checks need it: a trigger has events, a time rule a time condition. */
export interface AutomationRuleShape {
  readonly events?: readonly TriggerEvent[];
  readonly time?: TimeCondition;
  readonly conditions: readonly TriggerCondition[];
  readonly actions: readonly TriggerAction[];
}

/** The events that carry a message text a `message` condition can look at. */
const EVENTS_WITH_MESSAGE: ReadonlySet<TriggerEvent> = new Set(['ticket_created', 'customer_message', 'agent_reply', 'internal_note', 'chat_started']);

/**
 * What a rule's shape cannot say about itself: a rule that does nothing, a notification to nobody, a tag both
 * added and removed, two status changes, a message condition where no event has a message (time rules and
 * triggers on status, SLA or assignment events alone would never see one).
 */
export function automationRuleProblems(rule: AutomationRuleShape): AutomationRuleProblem[] {
  const problems: AutomationRuleProblem[] = [];
  if (rule.events !== undefined && rule.events.length === 0) problems.push({ code: 'no_event' });
  if (!rule.actions.some((action) => action.type !== 'stop')) problems.push({ code: 'no_effect' });
  rule.actions.forEach((action, index) => {
    if (action.type === 'notify' && !action.assignee && !action.ticketDepartment && action.agentIds.length === 0 && action.departmentIds.length === 0) {
      problems.push({ code: 'notify_nobody', action: index });
    }
  });
  const added = new Set(rule.actions.flatMap((action) => (action.type === 'add_tags' ? action.tags : [])));
  for (const tag of new Set(rule.actions.flatMap((action) => (action.type === 'remove_tags' ? action.tags : [])))) {
    if (added.has(tag)) problems.push({ code: 'tag_added_and_removed', tag });
  }
  if (rule.actions.filter((action) => action.type === 'set_status').length > 1) problems.push({ code: 'status_twice' });
  const seesMessages = rule.events?.some((event) => EVENTS_WITH_MESSAGE.has(event)) ?? false;
  rule.conditions.forEach((condition, index) => {
    if (condition.field === 'message' && !seesMessages) problems.push({ code: 'message_without_message', condition: index });
  });
  return problems;
}
