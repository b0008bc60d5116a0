import type { ApiTokenDto, SessionInfoDto } from '@parley/protocol';
import type { Scope } from '../../app-context.js';
import { notFound } from '../../http/http-error.js';
import { ApiToken, Session } from '../agents/agent.entity.js';
import type { Authenticated } from '../agents/auth.service.js';
import { announceRevoked } from '../agents/revocation.js';

/** The agent's own credentials, so they can spot a session they do not recognise and end it. */
export async function listOwnCredentials(scope: Scope, auth: Authenticated): Promise<{ sessions: SessionInfoDto[]; apiTokens: ApiTokenDto[] }> {
  const agentId = auth.principal.agentId;
  const [sessions, tokens] = await Promise.all([
    scope.em.find(Session, { agent: agentId, expiresAt: { $gt: scope.app.clock.now() } }, { orderBy: { id: 'desc' } }),
    scope.em.find(ApiToken, { agent: agentId }, { orderBy: { id: 'asc' } }),
  ]);
  return {
    sessions: sessions.map((s) => ({
      id: s.id,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt?.toISOString() ?? null,
      ipAddress: s.ipAddress ?? null,
      userAgent: s.userAgent ?? null,
      current: s.id === auth.sessionId,
    })),
    apiTokens: tokens.map((t) => ({ id: t.id, name: t.name, createdAt: t.createdAt.toISOString(), lastUsedAt: t.lastUsedAt?.toISOString() ?? null })),
  };
}

/** Ends one of the agent's own sessions (another agent's session is "not found", never ended). */
export async function endOwnSession(scope: Scope, auth: Authenticated, sessionId: number): Promise<void> {
  const agentId = auth.principal.agentId;
  const deleted = await scope.em.nativeDelete(Session, { id: sessionId, agent: agentId });
  if (deleted === 0) throw notFound('Session');
  announceRevoked(scope.app, agentId, { kind: 'session', sessionId });
}

/**
 * Ends every session of the agent but the one asking; each ended session's connections close on every
 * instance, as when it signs out. API tokens are left alone: they are listed, and revoked one by one.
 */
export async function signOutEverywhere(scope: Scope, auth: Authenticated): Promise<number> {
  const agentId = auth.principal.agentId;
  const others = await scope.em.find(Session, { agent: agentId, ...(auth.sessionId !== null ? { id: { $ne: auth.sessionId } } : {}) }, { fields: ['id'] });
  if (others.length === 0) return 0;
  const ids = others.map((s) => s.id);
  await scope.em.nativeDelete(Session, { id: { $in: ids }, agent: agentId });
  for (const sessionId of ids) announceRevoked(scope.app, agentId, { kind: 'session', sessionId });
  return ids.length;
}
