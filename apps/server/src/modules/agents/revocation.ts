import type { RevokedCredentials } from '@parley/domain';
import type { AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { ApiToken, Session } from './agent.entity.js';

/**
 * Deletes every session of the agent (but `keepSessionId`) and every API token: for a changed password and a
 * deactivation. Tokens are deleted, not suspended, so reactivating an agent brings none of them back.
 */
export async function revokeAgentCredentials(em: Em, agentId: number, keepSessionId: number | null): Promise<void> {
  await em.nativeDelete(Session, { agent: agentId, ...(keepSessionId !== null ? { id: { $ne: keepSessionId } } : {}) });
  await em.nativeDelete(ApiToken, { agent: agentId });
}

/** Tells every instance, once the revocation is committed, to end the connections those credentials opened. */
export function announceRevoked(app: AppContext, agentId: number, revoked: RevokedCredentials): void {
  void app.events.publish('agent.credentials_revoked', { agentId, revoked });
}
