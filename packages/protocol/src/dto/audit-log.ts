import { AUDIT_ACTIONS, AUDIT_ACTOR_KINDS, AUDIT_TARGET_TYPES } from '@parley/domain';
import { z } from 'zod';
import { Cursor, IdParam, IsoDateTime, Limit } from '../common.js';

/** The audit log of administrative changes: one entry per committed change, read by administrators. */

export const AuditAction = z.enum(AUDIT_ACTIONS);
export const AuditTargetType = z.enum(AUDIT_TARGET_TYPES);
const AuditValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.union([z.string(), z.number()]))]);

export const AuditEntryDto = z.object({
  id: z.number().int(),
  occurredAt: z.string(),
  actor: z.object({
    kind: z.enum(AUDIT_ACTOR_KINDS),
    agentId: z.number().int().nullable(),
    name: z.string().nullable().describe('The actor\'s name when the change was made.'),
    apiTokenId: z.number().int().nullable(),
  }),
  action: AuditAction,
  target: z.object({ type: AuditTargetType, id: z.number().int(), label: z.string() }),
  changes: z.record(z.string(), z.object({ from: AuditValue, to: AuditValue })).describe('Changed fields, before → after; secrets appear only as "[redacted]".'),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
});
export type AuditEntryDto = z.infer<typeof AuditEntryDto>;

/** Filters shared by the list and the export: who, what kind of change or thing, and a time range. */
export const AuditLogFilter = z.strictObject({
  actorId: IdParam.optional(),
  action: AuditAction.optional(),
  targetType: AuditTargetType.optional(),
  from: IsoDateTime.optional().describe('Entries at or after this time.'),
  to: IsoDateTime.optional().describe('Entries before this time.'),
});
export type AuditLogFilter = z.output<typeof AuditLogFilter>;

export const AuditLogQuery = AuditLogFilter.extend({ cursor: Cursor.optional(), limit: Limit });
export type AuditLogQuery = z.output<typeof AuditLogQuery>;

export const AuditLogExportQuery = AuditLogFilter.extend({ format: z.enum(['csv']).default('csv') });
export type AuditLogExportQuery = z.output<typeof AuditLogExportQuery>;
