import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { AUDIT_ACTOR_KINDS, type AuditChanges } from '@parley/domain';

/**
 * One administrative change, written in the transaction that made it. Actor and target are plain columns,
 * not foreign keys, with their names copied: the log tells what happened even after the thing is gone.
 */
export const AuditEntry = defineEntity({
  name: 'AuditEntry',
  tableName: 'audit_entry',
  properties: {
    id: p.integer().primary().autoincrement(),
    occurredAt: p.datetime().index(),
    actorKind: p.enum([...AUDIT_ACTOR_KINDS]),
    actorAgentId: p.integer().nullable().index(),
    actorName: p.string().length(200).nullable(),
    actorApiTokenId: p.integer().nullable(),
    action: p.string().length(64).index(),
    targetType: p.string().length(32).index(),
    targetId: p.integer(),
    targetLabel: p.string().length(300),
    changes: p.json<AuditChanges>(),
    ip: p.string().length(64).nullable(),
    userAgent: p.string().length(500).nullable(),
  },
});
export type AuditEntry = InferEntity<typeof AuditEntry>;
