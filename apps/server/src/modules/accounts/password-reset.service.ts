import { canUsePasswordReset, DomainError, ErrorCodes, mayResetPassword, passwordResetExpiresAt, passwordResetMail } from '@parley/domain';
import type { PasswordResetLink, ResetPasswordRequest } from '@parley/protocol';
import type { AgentScope, AppContext, Scope } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { notFound } from '../../http/http-error.js';
import { Agent } from '../agents/agent.entity.js';
import type { SessionClient } from '../agents/auth.service.js';
import { announceRevoked, revokeAgentCredentials } from '../agents/revocation.js';
import { hashPassword, newToken, sha256 } from '../agents/secrets.js';
import { internalSenderFor } from '../mail/sender.js';

interface IssuedReset {
  readonly tokenHash: string;
  readonly expiresAt: Date;
  /** Leaves the server only in the letter or in the administrator's answer; never stored. */
  readonly url: string;
}

function issueReset(app: AppContext): IssuedReset {
  const token = newToken('reset_');
  return { tokenHash: sha256(token), expiresAt: passwordResetExpiresAt(app.clock.now()), url: `${app.config.publicUrl}/reset-password?token=${encodeURIComponent(token)}` };
}

/**
 * Someone asks for a reset link for an address. The answer never depends on whether the address has an
 * account: the rate limit counts any address, and the lookup and the letter happen after the answer, so
 * neither its content nor its timing tells.
 */
/**
 * Answers at once, the same for every address (whether it has an account is never told), saying only whether
 * this help desk can send email at all, so nobody waits for a letter that cannot come.
 */
export async function requestPasswordReset(scope: Scope, email: string, ip: string): Promise<{ emailDelivery: 'available' | 'unavailable' }> {
  await scope.app.rateLimits.consumePasswordReset(ip, email);
  const { app } = scope;
  const canSend = (await internalSenderFor(scope.em, null, app.config.mail?.from ?? null)) !== null;
  if (canSend) void mailResetLink(app, email).catch((error: unknown) => app.logger.error({ err: error }, 'password reset letter failed'));
  return { emailDelivery: canSend ? 'available' : 'unavailable' };
}

async function mailResetLink(app: AppContext, email: string): Promise<void> {
  const em = app.orm.em.fork() as Em;
  // Without outgoing mail a queued letter would wait forever; the page says so, and an administrator can
  // still hand out a link.
  const sender = await internalSenderFor(em, null, app.config.mail?.from ?? null);
  if (!sender) return;
  const agent = await em.findOne(Agent, { email });
  if (!agent || !mayResetPassword(agent)) return;
  const reset = issueReset(app);
  await em.transactional(async (tx) => {
    // A new link replaces the previous one, so only the latest letter works.
    await tx.nativeUpdate(Agent, { id: agent.id }, { passwordResetTokenHash: reset.tokenHash, passwordResetExpiresAt: reset.expiresAt });
    const mail = passwordResetMail(agent.locale, { name: agent.name, url: reset.url });
    app.outbox.queue(tx as Em, { recipient: agent.email, subject: mail.subject, text: mail.text, purpose: 'password_reset', ticketId: null, mailboxId: sender.mailboxId });
  });
  app.outbox.kick();
}

/** An administrator makes a link to hand over (an agent whose mail does not arrive, or without SMTP at all). */
export async function issuePasswordReset(scope: AgentScope, agentId: number): Promise<PasswordResetLink> {
  const agent = await scope.em.findOne(Agent, { id: agentId });
  if (!agent) throw notFound('Agent');
  if (!agent.active) throw new DomainError(ErrorCodes.agentInactive, 'The agent is deactivated.', { agentId });
  if (!mayResetPassword(agent)) {
    throw new DomainError(ErrorCodes.agentInvitationPending, 'This agent has not accepted their invitation yet; issue a new invitation instead.', { agentId });
  }
  const reset = issueReset(scope.app);
  await scope.em.nativeUpdate(Agent, { id: agentId }, { passwordResetTokenHash: reset.tokenHash, passwordResetExpiresAt: reset.expiresAt });
  return { url: reset.url, expiresAt: reset.expiresAt.toISOString() };
}

/**
 * The new password through the link, which then stops working. Whoever knew the old password is locked out
 * as on a password change: every session and API token of the agent ends, with their connections; the
 * caller then signs this browser in (through the second factor when the agent has one). An unknown, lapsed or used link is refused alike.
 */
export async function resetPassword(scope: Scope, input: ResetPasswordRequest, client: SessionClient): Promise<Agent> {
  const tokenHash = sha256(input.token);
  await scope.app.rateLimits.consumeSignIn(client.ip, `reset:${tokenHash.slice(0, 16)}`);
  const passwordHash = await hashPassword(input.password);
  const now = scope.app.clock.now();
  const agentId = await scope.em.transactional(async (tx) => {
    const em = tx as Em;
    const found = await em.findOne(Agent, { passwordResetTokenHash: tokenHash });
    if (!found || !canUsePasswordReset(found, now)) throw invalidReset();
    // Conditional on the token still being there, so two tabs using one link cannot both succeed.
    const changed = await em.nativeUpdate(
      Agent,
      { id: found.id, passwordResetTokenHash: tokenHash },
      { passwordHash, passwordResetTokenHash: null, passwordResetExpiresAt: null, updatedAt: now },
    );
    if (changed !== 1) throw invalidReset();
    await revokeAgentCredentials(em, found.id, null);
    return found.id;
  });
  announceRevoked(scope.app, agentId, { kind: 'all', exceptSessionId: null });
  return scope.em.fork().findOneOrFail(Agent, { id: agentId });
}

function invalidReset(): DomainError {
  return new DomainError(ErrorCodes.authResetInvalid, 'The password reset link is invalid, expired or was already used.');
}
