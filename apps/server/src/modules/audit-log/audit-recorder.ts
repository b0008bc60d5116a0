import { type AuditAction, type AuditChanges, type AuditTargetType, truncateText } from '@parley/domain';
import type { Scope } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { Agent } from '../agents/agent.entity.js';
import { AuditEntry } from './audit-entry.entity.js';

export interface AuditTarget {
  readonly type: AuditTargetType;
  readonly id: number;
  readonly label: string;
}

/**
 * Writes down one administrative change through `em`, the entity manager of the transaction making the change,
 * so the entry commits with it or not at all (it is flushed by the caller's next flush or commit). Who acted
 * comes from the scope: the agent (and their name now), the API token they used, or "system" when no one did.
 * An update that changed nothing leaves no entry.
 */
export async function recordAudit(scope: Scope, em: Em, action: AuditAction, target: AuditTarget, changes: AuditChanges): Promise<void> {
  if ((action.endsWith('.updated') || action.endsWith('_changed')) && Object.keys(changes).length === 0) return;
  const agentId = scope.agent?.agentId ?? null;
  const actor = agentId === null ? null : await em.findOne(Agent, { id: agentId });
  const apiTokenId = scope.origin?.apiTokenId ?? null;
  em.create(AuditEntry, {
    occurredAt: scope.app.clock.now(),
    actorKind: agentId === null ? 'system' : apiTokenId !== null ? 'api_token' : 'agent',
    actorAgentId: agentId,
    actorName: actor?.name ?? null,
    actorApiTokenId: apiTokenId,
    action,
    targetType: target.type,
    targetId: target.id,
    targetLabel: truncateText(target.label, 300, '…'),
    changes,
    ip: scope.origin?.ip?.slice(0, 64) ?? null,
    userAgent: scope.origin?.userAgent ?? null,
  });
}
