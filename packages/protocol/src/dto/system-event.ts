import { BASE_STATUSES, PRIORITIES, SATISFACTION_RATINGS, SLA_TARGETS, STATUS_CHANGE_REASONS, TICKET_FOLDERS } from '@parley/domain';
import { z } from 'zod';

const NullableId = z.number().int().nullable();

export const SystemEventDto = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('status_changed'),
    from: z.enum(BASE_STATUSES),
    to: z.enum(BASE_STATUSES),
    fromCustomStatusId: NullableId,
    toCustomStatusId: NullableId,
    reason: z.enum(STATUS_CHANGE_REASONS),
  }),
  z.object({ type: z.literal('postponed'), until: z.string() }),
  z.object({
    type: z.literal('assigned'),
    fromAgentId: NullableId,
    toAgentId: NullableId,
    fromDepartmentId: NullableId,
    toDepartmentId: NullableId,
  }),
  z.object({
    type: z.literal('transferred'),
    fromAgentId: NullableId,
    toAgentId: NullableId,
    fromDepartmentId: NullableId,
    toDepartmentId: NullableId,
    hasNote: z.boolean(),
  }),
  z.object({ type: z.literal('subject_changed'), from: z.string(), to: z.string() }),
  z.object({ type: z.literal('priority_changed'), from: z.enum(PRIORITIES), to: z.enum(PRIORITIES) }),
  z.object({ type: z.literal('tags_changed'), added: z.array(z.string()), removed: z.array(z.string()) }),
  z.object({ type: z.literal('chat_ended'), by: z.literal('visitor'), transcriptRequested: z.boolean() }),
  z.object({ type: z.literal('email_unverified'), email: z.string() }),
  z.object({ type: z.literal('linked'), ticketId: z.number().int() }),
  z.object({ type: z.literal('unlinked'), ticketId: z.number().int() }),
  z.object({ type: z.literal('merged_from'), ticketIds: z.array(z.number().int()) }),
  z.object({ type: z.literal('merged_into'), ticketId: z.number().int() }),
  z.object({ type: z.literal('merge_undone'), ticketId: z.number().int() }),
  z.object({ type: z.literal('split_into'), ticketId: z.number().int() }),
  z.object({ type: z.literal('split_from'), ticketId: z.number().int() }),
  z.object({ type: z.literal('contact_erased') }),
  z.object({ type: z.literal('folder_changed'), from: z.enum(TICKET_FOLDERS), to: z.enum(TICKET_FOLDERS), blocked: z.string().nullable() }),
  z.object({ type: z.literal('rule_applied'), rule: z.enum(['trigger', 'time_rule']), ruleId: z.number().int(), name: z.string() }),
  z.object({ type: z.literal('sla_alarm'), kind: z.enum(['warning', 'breach']), target: z.enum(SLA_TARGETS), dueAt: z.string() }),
  z.object({ type: z.literal('rated'), rating: z.enum(SATISFACTION_RATINGS), comment: z.string().nullable() }),
  z.object({
    type: z.literal('call_consulted'),
    callerAgentId: z.number().int(),
    consultedAgentIds: z.array(z.number().int()),
    outcome: z.enum(['completed', 'missed']),
    durationSeconds: z.number().int(),
  }),
]);
export type SystemEventDto = z.infer<typeof SystemEventDto>;
