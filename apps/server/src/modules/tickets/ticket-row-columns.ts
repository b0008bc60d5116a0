import { threadItemSearchText } from '@parley/domain';
import type { Sql } from '../../db/sql.js';
import type { SlaColumns } from '../sla/sla-on-write.js';
import type { ThreadItem, Ticket } from './ticket.entity.js';

/**
 * How ticket and thread item rows map to columns, for the query-builder paths (ticket-rows.ts, the chat
 * batch, the ticket loads): which fields a patch writes and their columns, how each is bound on PostgreSQL,
 * the service-level columns, and rows read back shaped as the entities map them.
 */

/** Whether a ticket field's value written by a patch is the one it already holds. */
export function sameValue(held: unknown, value: unknown): boolean {
  if (held instanceof Date || value instanceof Date) return held instanceof Date && value instanceof Date && held.getTime() === value.getTime();
  if (typeof held === 'object' && held !== null && typeof value === 'object' && value !== null) return JSON.stringify(held) === JSON.stringify(value);
  return (held ?? null) === (value ?? null);
}

export const NO_SLA: SlaColumns = {
  slaPolicyId: null,
  slaHistory: null,
  slaFirstResponseDueAt: null,
  slaNextResponseDueAt: null,
  slaResolutionDueAt: null,
  slaChatAnswerDueAt: null,
  slaNextDueAt: null,
  slaNextAlarmAt: null,
};

/** The service-level columns: field, column, and the column's type (how it is bound; PostgreSQL's name for it). */
export const SLA_COLUMNS = [
  ['slaPolicyId', 'sla_policy_id', 'integer'],
  ['slaHistory', 'sla_history', 'jsonb'],
  ['slaFirstResponseDueAt', 'sla_first_response_due_at', 'timestamptz'],
  ['slaNextResponseDueAt', 'sla_next_response_due_at', 'timestamptz'],
  ['slaResolutionDueAt', 'sla_resolution_due_at', 'timestamptz'],
  ['slaChatAnswerDueAt', 'sla_chat_answer_due_at', 'timestamptz'],
  ['slaNextDueAt', 'sla_next_due_at', 'timestamptz'],
  ['slaNextAlarmAt', 'sla_next_alarm_at', 'timestamptz'],
] as const satisfies readonly (readonly [keyof SlaColumns, string, 'integer' | 'jsonb' | 'timestamptz'])[];

/** The service-level columns as bound values (all null when no schedule is kept). */
export function slaValues({ values: v }: Sql, sla: SlaColumns | null): Record<string, unknown> {
  const bound = (type: (typeof SLA_COLUMNS)[number][2], value: unknown) =>
    type === 'jsonb' ? v.jsonOrNull((value ?? null) as never) : type === 'timestamptz' ? v.dateOrNull(value as Date | null | undefined) : (value ?? null);
  return Object.fromEntries(SLA_COLUMNS.map(([field, column, type]) => [column, bound(type, sla?.[field])]));
}

/** PostgreSQL's type of each ticket column a patch writes (anything else is text). */
export const PG_COLUMN_TYPE: Record<string, string> = {
  custom_status_id: 'integer',
  department_id: 'integer',
  assigned_agent_id: 'integer',
  cc: 'jsonb',
  last_customer_message_at: 'timestamptz',
  last_agent_reply_at: 'timestamptz',
  first_agent_reply_at: 'timestamptz',
  resolved_at: 'timestamptz',
  folder_changed_at: 'timestamptz',
  postponed_until: 'timestamptz',
  waiting_since: 'timestamptz',
  status_changed_at: 'timestamptz',
  updated_at: 'timestamptz',
  ...Object.fromEntries(SLA_COLUMNS.map(([, column, type]) => [column, type])),
};

/** The ticket fields a rule's patch (or filing a letter, or a visitor's message) may write, and their columns. */
export const COLUMN = {
  status: 'status',
  customStatusId: 'custom_status_id',
  priority: 'priority',
  departmentId: 'department_id',
  assignedAgentId: 'assigned_agent_id',
  lastCustomerMessageAt: 'last_customer_message_at',
  lastAgentReplyAt: 'last_agent_reply_at',
  firstAgentReplyAt: 'first_agent_reply_at',
  resolvedAt: 'resolved_at',
  folder: 'folder',
  folderChangedAt: 'folder_changed_at',
  postponedUntil: 'postponed_until',
  waitingSince: 'waiting_since',
  statusChangedAt: 'status_changed_at',
  cc: 'cc',
  updatedAt: 'updated_at',
} as const satisfies Partial<Record<keyof Ticket, string>>;

/** A ticket row read with the query builder, shaped as the entity maps it. */
export function ticketFromRow({ values: v }: Sql, r: Record<string, unknown>): Ticket {
  return {
    id: Number(r.id),
    subject: String(r.subject),
    status: r.status,
    customStatusId: v.readIntOrNull(r.custom_status_id),
    internal: v.readBool(r.internal),
    channel: r.channel,
    priority: r.priority,
    departmentId: v.readIntOrNull(r.department_id),
    assignedAgentId: v.readIntOrNull(r.assigned_agent_id),
    contactId: v.readIntOrNull(r.contact_id),
    createdByAgentId: v.readIntOrNull(r.created_by_agent_id),
    tags: v.readJson<string[]>(r.tags),
    cc: v.readJson<string[]>(r.cc),
    clientId: (r.client_id as string | null) ?? null,
    customerTokenHash: (r.customer_token_hash as string | null) ?? null,
    createdAt: v.readDate(r.created_at),
    updatedAt: v.readDate(r.updated_at),
    firstAgentReplyAt: v.readDateOrNull(r.first_agent_reply_at),
    lastCustomerMessageAt: v.readDateOrNull(r.last_customer_message_at),
    lastAgentReplyAt: v.readDateOrNull(r.last_agent_reply_at),
    resolvedAt: v.readDateOrNull(r.resolved_at),
    postponedUntil: v.readDateOrNull(r.postponed_until),
    waitingSince: v.readDateOrNull(r.waiting_since),
    mergedIntoId: v.readIntOrNull(r.merged_into_id),
    folder: (r.folder as Ticket['folder'] | undefined) ?? 'inbox',
    folderChangedAt: v.readDateOrNull(r.folder_changed_at),
    statusChangedAt: v.readDateOrNull(r.status_changed_at),
    slaPolicyId: v.readIntOrNull(r.sla_policy_id),
    slaHistory: v.readJsonOrNull(r.sla_history),
    slaFirstResponseDueAt: v.readDateOrNull(r.sla_first_response_due_at),
    slaNextResponseDueAt: v.readDateOrNull(r.sla_next_response_due_at),
    slaResolutionDueAt: v.readDateOrNull(r.sla_resolution_due_at),
    slaChatAnswerDueAt: v.readDateOrNull(r.sla_chat_answer_due_at),
    slaNextDueAt: v.readDateOrNull(r.sla_next_due_at),
    slaNextAlarmAt: v.readDateOrNull(r.sla_next_alarm_at),
  } as Ticket;
}

/** A new thread item's row: everything it does not say is empty; its search text comes from its body. */
export function threadRow(
  ticketId: number,
  at: Date,
  item: Partial<Omit<ThreadItem, 'id' | 'ticket' | 'createdAt' | 'searchText'>> & Pick<ThreadItem, 'kind'>,
  attachmentNames: readonly string[] = [],
): Omit<ThreadItem, 'id'> {
  const row = {
    ticket: ticketId,
    body: '',
    authorAgent: null,
    authorContact: null,
    systemEvent: null,
    recipientsTo: null,
    recipientsCc: null,
    clientId: null,
    ...item,
    createdAt: at,
  };
  return { ...row, searchText: threadItemSearchText(row, attachmentNames) };
}
