import { auditDiff, canAcceptInvitation, DomainError, ErrorCodes, invitationExpiresAt, isInvitationPending } from '@parley/domain';
import type { AcceptInvitationRequest, AgentInvitation, SessionDto } from '@parley/protocol';
import type { AgentScope, AppContext, Scope } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { notFound } from '../../http/http-error.js';
import { recordAudit } from '../audit-log/audit-recorder.js';
import { Agent } from './agent.entity.js';
import { departmentIdsByAgent } from './agent.repository.js';
import { presentAgent } from './agent.presenter.js';
import { openSession, type SessionClient } from './auth.service.js';
import { hashPassword, newToken, sha256 } from './secrets.js';

/**
 * The password of an invited agent until they accept: no argon2 hash looks like this, so no password
 * verifies against it (sign-in also checks against a dummy hash for them, so timing tells nothing).
 */
export const NO_PASSWORD = '!invited';

export interface IssuedInvitation {
  /** Stored on the agent: only the token's hash and when the link lapses. */
  readonly invitationTokenHash: string;
  readonly invitationExpiresAt: Date;
  /** Returned once to the administrator, never stored. */
  readonly url: string;
}

/** A fresh one-time link; the token itself leaves the server only in the URL returned to the administrator. */
export function issueInvitation(app: AppContext): IssuedInvitation {
  const token = newToken('invite_');
  return {
    invitationTokenHash: sha256(token),
    invitationExpiresAt: invitationExpiresAt(app.clock.now(), app.config.invitationTtlHours),
    url: `${app.config.publicUrl}/invite?token=${encodeURIComponent(token)}`,
  };
}

/** A new link for an agent who has not accepted yet; the previous link stops working at once. */
export async function reissueInvitation(scope: AgentScope, agentId: number): Promise<AgentInvitation> {
  const invitation = issueInvitation(scope.app);
  return scope.em.transactional(async (tx) => {
    const em = tx as Em;
    const agent = await em.findOne(Agent, { id: agentId });
    if (!agent) throw notFound('Agent');
    if (!isInvitationPending(agent)) {
      throw new DomainError(ErrorCodes.agentInvitationNotPending, 'This agent has already accepted their invitation.', { agentId });
    }
    if (!agent.active) throw new DomainError(ErrorCodes.agentInactive, 'The agent is deactivated.', { agentId });
    agent.invitationTokenHash = invitation.invitationTokenHash;
    const expiredAt = agent.invitationExpiresAt;
    agent.invitationExpiresAt = invitation.invitationExpiresAt;
    await recordAudit(scope, em, 'agent.invitation_reissued', { type: 'agent', id: agentId, label: agent.name }, auditDiff({ invitationExpiresAt: expiredAt }, { invitationExpiresAt: agent.invitationExpiresAt }));
    await em.flush();
    const departments = await departmentIdsByAgent(em, [agentId]);
    return { agent: presentAgent(agent, departments.get(agentId) ?? []), invitationUrl: invitation.url, invitationExpiresAt: invitation.invitationExpiresAt.toISOString() };
  });
}

/**
 * The invited agent chooses their password through the link, which then stops working, and is signed in.
 * An unknown, lapsed or used link, or one of a deactivated agent, is refused alike.
 */
export async function acceptInvitation(scope: Scope, input: AcceptInvitationRequest, client: SessionClient): Promise<{ token: string; session: SessionDto }> {
  const tokenHash = sha256(input.token);
  // Counted per address (and per link, which tells nothing: the tokens cannot be guessed).
  await scope.app.rateLimits.consumeSignIn(client.ip, `invitation:${tokenHash.slice(0, 16)}`);
  const passwordHash = await hashPassword(input.password);
  const now = scope.app.clock.now();
  const agent = await scope.em.transactional(async (tx) => {
    const em = tx as Em;
    const found = await em.findOne(Agent, { invitationTokenHash: tokenHash });
    if (!found || !canAcceptInvitation(found, now)) throw invalidInvitation();
    // Conditional on the token still being there, so two tabs accepting at once cannot both succeed.
    const changed = await em.nativeUpdate(
      Agent,
      { id: found.id, invitationTokenHash: tokenHash },
      {
        passwordHash,
        invitationTokenHash: null,
        invitationExpiresAt: null,
        updatedAt: now,
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.locale !== undefined ? { locale: input.locale } : {}),
      },
    );
    if (changed !== 1) throw invalidInvitation();
    return found.id;
  });
  const em = scope.em.fork() as Em;
  return openSession(scope.app, em, await em.findOneOrFail(Agent, { id: agent }), client);
}

function invalidInvitation(): DomainError {
  return new DomainError(ErrorCodes.authInvitationInvalid, 'The invitation link is invalid, expired or was already used.');
}
