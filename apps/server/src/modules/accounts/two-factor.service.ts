import { randomInt } from 'node:crypto';
import {
  DomainError, ErrorCodes, formatRecoveryCode, mustEnrolTwoFactor, normalizeRecoveryCode, RECOVERY_CODE_COUNT, REQUIRE_TWO_FACTOR_SETTING, totpCodeOf,
} from '@parley/domain';
import type { DisableTwoFactorRequest, RecoveryCodes, TwoFactorEnrolment, TwoFactorStatus } from '@parley/protocol';
import type { AgentScope, AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { Agent, SystemSetting } from '../agents/agent.entity.js';
import { sha256, verifyPassword } from '../agents/secrets.js';
import { isSealed } from '../../crypto/sealed-value.js';
import { recordAudit } from '../audit-log/audit-recorder.js';
import { matchingStep, newTotpSecret, totpUri } from './totp.js';
import { RecoveryCode } from './two-factor.entity.js';

/** Whether an administrator requires two-factor sign-in of every agent. */
export async function isTwoFactorRequired(em: Em): Promise<boolean> {
  return (await em.findOne(SystemSetting, { key: REQUIRE_TWO_FACTOR_SETTING }))?.value === 'true';
}

export async function setTwoFactorRequired(em: Em, required: boolean): Promise<void> {
  await em.upsert(SystemSetting, { key: REQUIRE_TWO_FACTOR_SETTING, value: String(required) });
}

export async function twoFactorStatus(scope: AgentScope): Promise<TwoFactorStatus> {
  const agent = await scope.em.findOneOrFail(Agent, { id: scope.agent.agentId });
  const required = await isTwoFactorRequired(scope.em);
  const enabled = agent.totpEnabledAt != null;
  return {
    enabled,
    required,
    enrolmentRequired: mustEnrolTwoFactor({ twoFactorEnabled: enabled }, required),
    recoveryCodesLeft: enabled ? await scope.em.count(RecoveryCode, { agent: agent.id }) : 0,
  };
}

/** A fresh secret to scan; nothing changes for sign-in until a code from the app confirms it. */
export async function startEnrolment(scope: AgentScope): Promise<TwoFactorEnrolment> {
  const agent = await scope.em.findOneOrFail(Agent, { id: scope.agent.agentId });
  if (agent.totpEnabledAt) throw new DomainError(ErrorCodes.authTwoFactorEnabled, 'Two-factor sign-in is already on; turn it off first.');
  const secret = newTotpSecret();
  await scope.em.nativeUpdate(Agent, { id: agent.id }, { totpPendingSecret: scope.app.totpSeal.seal(agent.id, 'pending', secret) });
  return { secret, uri: totpUri(secret, agent.email) };
}

/** A code from the app proves it holds the secret: two-factor sign-in is on, and ten recovery codes are answered once. */
export async function confirmEnrolment(scope: AgentScope, code: string, ip: string): Promise<RecoveryCodes> {
  const { app } = scope;
  const agentId = scope.agent.agentId;
  await app.rateLimits.consumeSignIn(ip, `2fa:${agentId}`);
  const agent = await scope.em.findOneOrFail(Agent, { id: agentId });
  if (agent.totpEnabledAt) throw new DomainError(ErrorCodes.authTwoFactorEnabled, 'Two-factor sign-in is already on.');
  const digits = totpCodeOf(code);
  const pending = agent.totpPendingSecret ? app.totpSeal.open(agentId, 'pending', agent.totpPendingSecret) : null;
  const step = pending && digits ? matchingStep(pending, digits, app.clock.now()) : null;
  if (step === null || pending === null) throw wrongCode();
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await scope.em.transactional(async (tx) => {
    const em = tx as Em;
    const changed = await em.nativeUpdate(
      Agent,
      { id: agentId, totpPendingSecret: agent.totpPendingSecret, totpEnabledAt: null },
      { totpSecret: app.totpSeal.seal(agentId, 'active', pending), totpPendingSecret: null, totpEnabledAt: app.clock.now(), totpLastStep: step },
    );
    if (changed !== 1) throw new DomainError(ErrorCodes.authTwoFactorEnabled, 'Two-factor sign-in was turned on meanwhile.');
    await em.nativeDelete(RecoveryCode, { agent: agentId });
    for (const raw of codes) em.create(RecoveryCode, { agent: agentId, codeHash: sha256(raw) });
    await em.flush();
  });
  await app.rateLimits.rewardSignIn(ip, `2fa:${agentId}`);
  return { recoveryCodes: codes.map(formatRecoveryCode) };
}

/** Turning it off needs both factors, so a session left open somewhere is not enough. */
export async function disableTwoFactor(scope: AgentScope, input: DisableTwoFactorRequest, ip: string): Promise<void> {
  const agentId = scope.agent.agentId;
  await scope.app.rateLimits.consumeSignIn(ip, `2fa:${agentId}`);
  const agent = await scope.em.findOneOrFail(Agent, { id: agentId });
  if (!agent.totpEnabledAt) throw new DomainError(ErrorCodes.authTwoFactorNotEnabled, 'Two-factor sign-in is not on.');
  if (await isTwoFactorRequired(scope.em)) throw new DomainError(ErrorCodes.authTwoFactorRequired, 'An administrator requires two-factor sign-in.');
  if (!(await verifyPassword(agent.passwordHash, input.password))) throw new DomainError(ErrorCodes.authInvalidCredentials, 'The password is wrong.');
  if (!(await acceptSecondFactor(scope.app, scope.em, agentId, input.code))) throw wrongCode();
  await scope.em.transactional(async (tx) => {
    await tx.nativeUpdate(Agent, { id: agentId }, { totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null });
    await tx.nativeDelete(RecoveryCode, { agent: agentId });
  });
}

/** New recovery codes replace the old ones, in one transaction, after both factors are checked again. */
export async function regenerateRecoveryCodes(scope: AgentScope, input: DisableTwoFactorRequest, ip: string): Promise<RecoveryCodes> {
  const agentId = scope.agent.agentId;
  await scope.app.rateLimits.consumeSignIn(ip, `2fa:${agentId}`);
  const agent = await scope.em.findOneOrFail(Agent, { id: agentId });
  if (!agent.totpEnabledAt) throw new DomainError(ErrorCodes.authTwoFactorNotEnabled, 'Two-factor sign-in is not on.');
  if (!(await verifyPassword(agent.passwordHash, input.password))) throw new DomainError(ErrorCodes.authInvalidCredentials, 'The password is wrong.');
  if (!(await acceptSecondFactor(scope.app, scope.em, agentId, input.code))) throw wrongCode();
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await scope.em.fork().transactional(async (tx) => {
    const em = tx as Em;
    await em.nativeDelete(RecoveryCode, { agent: agentId });
    for (const raw of codes) em.create(RecoveryCode, { agent: agentId, codeHash: sha256(raw) });
    await recordAudit(scope, em, 'agent.recovery_codes_regenerated', { type: 'agent', id: agentId, label: agent.name }, {});
    await em.flush();
  });
  await scope.app.rateLimits.rewardSignIn(ip, `2fa:${agentId}`);
  return { recoveryCodes: codes.map(formatRecoveryCode) };
}

/**
 * Checks a code from the app (each 30-second step accepted once: a code seen by someone else cannot be
 * replayed) or a recovery code (deleted as it is used). True when accepted.
 */
export async function acceptSecondFactor(app: AppContext, em: Em, agentId: number, code: string): Promise<boolean> {
  const agent = await em.findOne(Agent, { id: agentId });
  if (!agent?.totpSecret) return false;
  const digits = totpCodeOf(code);
  if (digits) {
    const step = matchingStep(app.totpSeal.open(agentId, 'active', agent.totpSecret), digits, app.clock.now());
    if (step === null || (agent.totpLastStep != null && step <= agent.totpLastStep)) return false;
    // Conditional on the step read, so two requests with the same code cannot both pass.
    const changed = await em.nativeUpdate(Agent, { id: agentId, totpLastStep: agent.totpLastStep ?? null }, { totpLastStep: step });
    return changed === 1;
  }
  const deleted = await em.nativeDelete(RecoveryCode, { agent: agentId, codeHash: sha256(normalizeRecoveryCode(code)) });
  return deleted === 1;
}

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
/** Ten characters from an alphabet without look-alikes (about 50 bits): typed rarely, guessed never. */
function newRecoveryCode(): string {
  return Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}

function wrongCode(): DomainError {
  return new DomainError(ErrorCodes.authTwoFactorInvalid, 'The code is wrong or was already used.');
}

/**
 * Seals two-factor secrets an older version kept in plain text, once at start (each row conditional on the
 * value read, so two instances starting together seal each secret once).
 */
export async function sealPlaintextTotpSecrets(app: AppContext): Promise<number> {
  const em = app.orm.em.fork() as Em;
  const agents = await em.find(Agent, { $or: [{ totpSecret: { $ne: null } }, { totpPendingSecret: { $ne: null } }] }, { fields: ['id', 'totpSecret', 'totpPendingSecret'] });
  let sealed = 0;
  for (const agent of agents) {
    for (const [field, kind] of [['totpSecret', 'active'], ['totpPendingSecret', 'pending']] as const) {
      const stored = agent[field];
      if (!stored || isSealed(stored)) continue;
      sealed += await em.nativeUpdate(Agent, { id: agent.id, [field]: stored }, { [field]: app.totpSeal.seal(agent.id, kind, stored) });
    }
  }
  if (sealed > 0) app.logger.info({ sealed }, 'two-factor secrets sealed at rest');
  return sealed;
}
