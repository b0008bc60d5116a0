import type { FilterQuery } from '@mikro-orm/core';
import { type AuditAction, type AuditActorKind, type AuditTargetType, csvRow } from '@parley/domain';
import type { AuditEntryDto, AuditLogFilter, AuditLogQuery } from '@parley/protocol';
import type { Scope } from '../../app-context.js';
import { beforeIdCursor, pageById } from '../../db/list-filters.js';
import type { Em } from '../../db/orm.js';
import { AuditEntry } from './audit-entry.entity.js';

export function presentAuditEntry(e: AuditEntry): AuditEntryDto {
  return {
    id: e.id,
    occurredAt: e.occurredAt.toISOString(),
    actor: { kind: e.actorKind as AuditActorKind, agentId: e.actorAgentId ?? null, name: e.actorName ?? null, apiTokenId: e.actorApiTokenId ?? null },
    action: e.action as AuditAction,
    target: { type: e.targetType as AuditTargetType, id: e.targetId, label: e.targetLabel },
    changes: e.changes,
    ip: e.ip ?? null,
    userAgent: e.userAgent ?? null,
  };
}

function filterOf(filter: AuditLogFilter): FilterQuery<AuditEntry>[] {
  const and: FilterQuery<AuditEntry>[] = [];
  if (filter.actorId !== undefined) and.push({ actorAgentId: filter.actorId });
  if (filter.action !== undefined) and.push({ action: filter.action });
  if (filter.targetType !== undefined) and.push({ targetType: filter.targetType });
  if (filter.from !== undefined) and.push({ occurredAt: { $gte: new Date(filter.from) } });
  if (filter.to !== undefined) and.push({ occurredAt: { $lt: new Date(filter.to) } });
  return and;
}

/** A page of the log, newest first; the cursor is the last id seen. */
export async function listAuditLog(scope: Scope, query: AuditLogQuery): Promise<{ items: AuditEntryDto[]; nextCursor: string | null }> {
  const and = filterOf(query);
  const before = beforeIdCursor(query.cursor);
  if (before) and.push(before);
  const rows = await scope.em.find(AuditEntry, { $and: and }, { orderBy: { id: 'desc' }, limit: query.limit + 1 });
  const page = pageById(rows, query.limit);
  return { items: page.rows.map(presentAuditEntry), nextCursor: page.nextCursor };
}

export const CSV_HEADER = ['id', 'occurred_at', 'actor_kind', 'actor_agent_id', 'actor_name', 'actor_api_token_id', 'action', 'target_type', 'target_id', 'target_label', 'changes', 'ip', 'user_agent'];
const EXPORT_BATCH = 500;

/**
 * The filtered log as CSV lines, read in batches of ids going down, so an export of any length holds one
 * batch in memory (the identity map is cleared between batches) and a slow download only pauses the reads.
 */
export async function* auditLogCsv(em: Em, filter: AuditLogFilter): AsyncGenerator<string> {
  yield csvRow(CSV_HEADER);
  let below: number | null = null;
  for (;;) {
    const and = filterOf(filter);
    if (below !== null) and.push({ id: { $lt: below } });
    const rows: AuditEntry[] = await em.find(AuditEntry, { $and: and }, { orderBy: { id: 'desc' }, limit: EXPORT_BATCH });
    if (rows.length === 0) return;
    yield rows
      .map((e) =>
        csvRow([
          e.id,
          e.occurredAt.toISOString(),
          e.actorKind,
          e.actorAgentId ?? null,
          e.actorName ?? null,
          e.actorApiTokenId ?? null,
          e.action,
          e.targetType,
          e.targetId,
          e.targetLabel,
          JSON.stringify(e.changes),
          e.ip ?? null,
          e.userAgent ?? null,
        ]),
      )
      .join('');
    below = rows[rows.length - 1]!.id;
    em.clear();
    if (rows.length < EXPORT_BATCH) return;
  }
}
