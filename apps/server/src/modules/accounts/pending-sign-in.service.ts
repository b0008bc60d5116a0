import { canCompletePendingSignIn, DomainError, ErrorCodes, PENDING_SIGN_IN_TTL_MS } from '@parley/domain';
import type { CompleteTwoFactorSignInRequest, SessionDto, TwoFactorChallenge } from '@parley/protocol';
import type { Scope } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { Agent } from '../agents/agent.entity.js';
import { openSession, type SessionClient } from '../agents/auth.service.js';
import { newToken, sha256 } from '../agents/secrets.js';
import { acceptSecondFactor } from './two-factor.service.js';
import { PendingSignIn } from './two-factor.entity.js';

export type SignInOutcome = { readonly kind: 'session'; readonly token: string; readonly session: SessionDto } | { readonly kind: 'challenge'; readonly challenge: TwoFactorChallenge };

/**
 * After a right password (or a used reset link): a session at once, or, for an agent with two-factor
 * sign-in, only a short-lived pending token that the code turns into a session.
 */
export async function beginSession(scope: Scope, agent: Agent, client: SessionClient): Promise<SignInOutcome> {
  if (!agent.totpEnabledAt) return { kind: 'session', ...(await openSession(scope.app, scope.em, agent, client)) };
  const token = newToken('pending_');
  const now = scope.app.clock.now();
  const expiresAt = new Date(now.getTime() + PENDING_SIGN_IN_TTL_MS);
  // Lapsed ones of this agent go as a new one comes, so the table never grows.
  await scope.em.nativeDelete(PendingSignIn, { agent: agent.id, expiresAt: { $lte: now } });
  scope.em.create(PendingSignIn, { tokenHash: sha256(token), agent: agent.id, attempts: 0, expiresAt, createdAt: now });
  await scope.em.flush();
  return { kind: 'challenge', challenge: { twoFactorRequired: true, pendingToken: token, expiresAt: expiresAt.toISOString() } };
}

/** The code after the password. Wrong codes are counted on the pending sign-in and per account; too many end it. */
export async function completeTwoFactorSignIn(scope: Scope, input: CompleteTwoFactorSignInRequest, client: SessionClient): Promise<{ token: string; session: SessionDto }> {
  const { app, em } = scope;
  const now = app.clock.now();
  const pending = await em.findOne(PendingSignIn, { tokenHash: sha256(input.pendingToken) });
  if (!pending) throw pendingInvalid();
  if (!canCompletePendingSignIn(pending, now)) {
    await em.nativeDelete(PendingSignIn, { id: pending.id });
    throw pendingInvalid();
  }
  await app.rateLimits.consumeSignIn(client.ip, `2fa:${pending.agent}`);
  // Counted before the check, conditional on the count read, so parallel guesses each use up an attempt.
  const counted = await em.nativeUpdate(PendingSignIn, { id: pending.id, attempts: pending.attempts }, { attempts: pending.attempts + 1 });
  if (counted !== 1) throw pendingInvalid();
  const agent = await em.findOne(Agent, { id: pending.agent });
  if (!agent?.active || !(await acceptSecondFactor(app, em as Em, agent.id, input.code))) {
    throw new DomainError(ErrorCodes.authTwoFactorInvalid, 'The code is wrong or was already used.');
  }
  if ((await em.nativeDelete(PendingSignIn, { id: pending.id })) !== 1) throw pendingInvalid();
  await app.rateLimits.rewardSignIn(client.ip, `2fa:${agent.id}`);
  return openSession(app, em as Em, agent, client);
}

function pendingInvalid(): DomainError {
  return new DomainError(ErrorCodes.authTwoFactorPendingInvalid, 'The sign-in took too long or had too many wrong codes; sign in again.');
}
