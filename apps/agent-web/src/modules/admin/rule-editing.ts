import type { TriggerActionInput, TriggerConditionInput } from '@parley/protocol';

/**
 * What the rule editor offers: the condition fields and action types in the order the form lists them, and
 * a sensible first value for each, so that choosing a field or a type gives a condition or action the server
 * would accept once its blanks are filled. The shapes are the protocol's; nothing here re-declares them.
 */

export type ConditionField = TriggerConditionInput['field'];
export type ActionType = TriggerActionInput['type'];

export const CONDITION_FIELDS: readonly ConditionField[] = [
  'channel',
  'department',
  'agent',
  'status',
  'priority',
  'company',
  'tags',
  'subject',
  'message',
  'contact_email',
  'business_hours',
  'created_by',
] as const;

export const ACTION_TYPES: readonly ActionType[] = ['set_status', 'set_priority', 'set_department', 'set_agent', 'add_tags', 'remove_tags', 'add_note', 'email_customer', 'notify', 'stop'] as const;

/** The operators each field allows, first the default. */
export const OPERATORS: Record<ConditionField, readonly string[]> = {
  channel: ['is', 'is_not'],
  department: ['is', 'is_not'],
  agent: ['is', 'is_not'],
  status: ['is', 'is_not'],
  priority: ['is', 'is_not'],
  company: ['is', 'is_not'],
  tags: ['has_any', 'has_all', 'has_none'],
  subject: ['contains', 'not_contains'],
  message: ['contains', 'not_contains'],
  contact_email: ['is', 'domain_is'],
  business_hours: ['within', 'outside'],
  created_by: ['customer', 'agent'],
};

export function newCondition(field: ConditionField): TriggerConditionInput {
  switch (field) {
    case 'channel':
      return { field, op: 'is', values: ['email'] };
    case 'priority':
      return { field, op: 'is', values: ['high'] };
    case 'status':
      return { field, op: 'is', values: ['new'] };
    case 'department':
    case 'agent':
    case 'company':
      return { field, op: 'is', values: [null] };
    case 'tags':
      return { field, op: 'has_any', values: [] };
    case 'subject':
    case 'message':
      return { field, op: 'contains', value: '' };
    case 'contact_email':
      return { field, op: 'domain_is', value: '' };
    case 'business_hours':
      return { field, op: 'within' };
    case 'created_by':
      return { field, op: 'customer' };
  }
}

export function newAction(type: ActionType, firstDepartmentId: number | null): TriggerActionInput {
  switch (type) {
    case 'set_status':
      return { type, status: 'resolved' };
    case 'set_priority':
      return { type, priority: 'high' };
    case 'set_department':
      return { type, departmentId: firstDepartmentId ?? 0 };
    case 'set_agent':
      return { type, agentId: null };
    case 'add_tags':
    case 'remove_tags':
      return { type, tags: [] };
    case 'add_note':
      return { type, body: '' };
    case 'email_customer':
      return { type, subject: '', body: '' };
    case 'notify':
      return { type, assignee: true, ticketDepartment: false, agentIds: [], departmentIds: [], message: '', email: false };
    case 'stop':
      return { type };
  }
}

/** Tags as typed in one field, comma-separated, in the form the server keeps them. */
export function tagsFrom(text: string): string[] {
  return [...new Set(text.split(',').map((tag) => tag.trim().toLowerCase()).filter(Boolean))];
}

/** What a condition or action still lacks before it can be saved, as a message key; null when complete. */
export function conditionGap(condition: TriggerConditionInput): string | null {
  if ('values' in condition && condition.values.length === 0) return 'automation.admin.gaps.chooseValue';
  if ('value' in condition && condition.value.trim() === '') return 'automation.admin.gaps.typeText';
  return null;
}

export function actionGap(action: TriggerActionInput): string | null {
  switch (action.type) {
    case 'set_department':
      return action.departmentId > 0 ? null : 'automation.admin.gaps.chooseDepartment';
    case 'add_tags':
    case 'remove_tags':
      return action.tags.length > 0 ? null : 'automation.admin.gaps.typeTags';
    case 'add_note':
      return action.body.trim() ? null : 'automation.admin.gaps.typeText';
    case 'email_customer':
      return action.subject.trim() && action.body.trim() ? null : 'automation.admin.gaps.typeSubjectAndText';
    case 'notify':
      if (!action.message.trim()) return 'automation.admin.gaps.typeText';
      return action.assignee || action.ticketDepartment || (action.agentIds ?? []).length > 0 || (action.departmentIds ?? []).length > 0 ? null : 'automation.admin.gaps.chooseRecipients';
    default:
      return null;
  }
}
