import { type AgentPrincipal, auditDiff, DomainError, ErrorCodes, isInvitationPending } from '@parley/domain';
import type { SessionDto } from '@parley/protocol';
import type { AppContext, Scope } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { Agent, AgentDepartment, ApiToken, Session, SystemSetting } from './agent.entity.js';
import { recordAudit } from '../audit-log/audit-recorder.js';
import { agentSnapshot, apiTokenSnapshot } from '../audit-log/audit-snapshots.js';
import { principalByApiTokenHash, principalBySessionHash } from './principal.repository.js';
import { announceRevoked, revokeAgentCredentials } from './revocation.js';
import { presentAgent } from './agent.presenter.js';
import { dummyPasswordHash, hashPassword, newToken, sameSecret, sha256, verifyPassword } from './secrets.js';
import { canSendMail, departmentsWithoutSender } from '../mail/sender.js';

export const SESSION_COOKIE = 'parley_session';
const SETUP_TOKEN_KEY = 'setup_token_hash';

/** Where a session was opened from, shown to its agent in their list of sessions. */
export interface SessionClient {
  readonly ip: string;
  readonly userAgent: string | null;
}

export interface Authenticated {
  readonly principal: AgentPrincipal;
  readonly via: 'session' | 'token';
  readonly sessionId: number | null;
  readonly tokenId: number | null;
  readonly csrfToken: string | null;
  /**
   * An administrator requires two-factor sign-in and this session's agent has not turned it on: until they
   * do, the session reaches only its own account's session endpoints, and no socket.
   */
  readonly mustEnrolTwoFactor?: boolean;
}

/**
 * The agent whose email and password these are (an active one, not still invited), or a refusal alike for every
 * reason. `deviceCookie` is the browser's known-device cookie, if any: when it is this account's, the
 * account-wide limit does not apply (the per-address ones still do). Answers a fresh known-device value too.
 */
export async function checkPassword(
  scope: Scope,
  input: { email: string; password: string },
  client: SessionClient,
  deviceCookie: string | null = null,
): Promise<{ agent: Agent; knownDevice: string }> {
  const agent = await scope.em.findOne(Agent, { email: input.email });
  const knownDevice = !!agent && scope.app.knownDevices.isKnown(deviceCookie, agent.id, scope.app.clock.now());
  await scope.app.rateLimits.consumeSignIn(client.ip, input.email, { knownDevice });
  // An invited agent has no password until they accept: checked against the dummy hash, so it costs the same time.
  const usable = agent && !isInvitationPending(agent) ? agent.passwordHash : await dummyPasswordHash();
  const ok = await verifyPassword(usable, input.password);
  if (!agent || !ok || !agent.active || isInvitationPending(agent)) {
    throw new DomainError(ErrorCodes.authInvalidCredentials, 'The email or the password is wrong.');
  }
  await scope.app.rateLimits.rewardSignIn(client.ip, input.email, { knownDevice });
  return { agent, knownDevice: scope.app.knownDevices.issue(agent.id, scope.app.clock.now()) };
}

/** A new session for the agent: its token goes into the cookie, its hash into the database. */
export async function openSession(app: AppContext, em: Em, agent: Agent, client: SessionClient): Promise<{ token: string; session: SessionDto }> {
  const token = newToken('');
  const csrfToken = newToken('');
  const now = app.clock.now();
  em.create(Session, {
    tokenHash: sha256(token),
    csrfToken,
    agent: agent.id,
    createdAt: now,
    expiresAt: new Date(now.getTime() + app.config.sessionTtlMs),
    lastSeenAt: now,
    ipAddress: client.ip.slice(0, 64),
    userAgent: client.userAgent?.slice(0, 500) ?? null,
  });
  await em.flush();
  const departments = await em.find(AgentDepartment, { agent: agent.id });
  const outgoingEmail = await canSendMail(em, app.config.mail?.from ?? null);
  const departmentsWithoutOutgoingEmail = await departmentsWithoutSender(em, app.config.mail?.from ?? null);
  return { token, session: { agent: presentAgent(agent, departments.map((d) => d.department)), csrfToken, outgoingEmail, departmentsWithoutOutgoingEmail } };
}

/** Ends the session, and with it every connection it opened. */
export async function signOut(scope: Scope, auth: Authenticated): Promise<void> {
  if (auth.sessionId === null) return;
  await scope.em.nativeDelete(Session, { id: auth.sessionId });
  announceRevoked(scope.app, auth.principal.agentId, { kind: 'session', sessionId: auth.sessionId });
}

/**
 * When each session was last stamped ("last seen" in the agent's list: a minute's precision), per app, so
 * two installations in one process (tests) never share stamps for their equal ids.
 */
const sessionStampsByApp = new WeakMap<AppContext, Map<number, number>>();

export async function authenticateSession(app: AppContext, em: Em, token: string): Promise<Authenticated | null> {
  const now = app.clock.now();
  const tokenHash = sha256(token);
  const found = await app.credentials.proofOf(`session:${tokenHash}`, async () => {
    const checked = await principalBySessionHash(em, tokenHash, now);
    return checked && { proof: checked, expiresAt: checked.expiresAt };
  });
  if (!found) return null;
  const sessionStamps = sessionStampsByApp.get(app) ?? new Map<number, number>();
  sessionStampsByApp.set(app, sessionStamps);
  if (now.getTime() - (sessionStamps.get(found.sessionId) ?? 0) > 60_000) {
    // Forgetting every stamp now and then only costs one more write per session; the map never grows unbounded.
    if (sessionStamps.size > 10_000) sessionStamps.clear();
    sessionStamps.set(found.sessionId, now.getTime());
    await em.nativeUpdate(Session, { id: found.sessionId }, { lastSeenAt: now });
  }
  return { principal: found.principal, via: 'session', sessionId: found.sessionId, tokenId: null, csrfToken: found.csrfToken, mustEnrolTwoFactor: found.mustEnrolTwoFactor };
}

/** When each API token was last stamped by this process: "last used" is shown to people, so a minute's precision is plenty. */
const tokenStamps = new Map<number, number>();

export async function authenticateApiToken(app: AppContext, em: Em, token: string): Promise<Authenticated | null> {
  const tokenHash = sha256(token);
  const found = await app.credentials.proofOf(`token:${tokenHash}`, async () => {
    const checked = await principalByApiTokenHash(em, tokenHash);
    return checked && { proof: checked, expiresAt: null };
  });
  if (!found) return null;
  const now = app.clock.now();
  if (now.getTime() - (tokenStamps.get(found.tokenId) ?? 0) > 60_000) {
    tokenStamps.set(found.tokenId, now.getTime());
    await em.nativeUpdate(ApiToken, { id: found.tokenId }, { lastUsedAt: now });
  }
  return { principal: found.principal, via: 'token', sessionId: null, tokenId: found.tokenId, csrfToken: null };
}

export function checkCsrf(auth: Authenticated, header: string | undefined): void {
  if (auth.via !== 'session') return;
  if (!header || !auth.csrfToken || !sameSecret(header, auth.csrfToken)) {
    throw new DomainError(ErrorCodes.authCsrf, 'Missing or wrong X-CSRF-Token header.');
  }
}

export async function currentSession(scope: Scope, auth: Authenticated): Promise<SessionDto> {
  const agent = await scope.em.findOneOrFail(Agent, { id: auth.principal.agentId });
  const outgoingEmail = await canSendMail(scope.em, scope.app.config.mail?.from ?? null);
  const departmentsWithoutOutgoingEmail = await departmentsWithoutSender(scope.em, scope.app.config.mail?.from ?? null);
  return { agent: presentAgent(agent, [...auth.principal.departmentIds]), csrfToken: auth.csrfToken ?? '', outgoingEmail, departmentsWithoutOutgoingEmail };
}

/**
 * A changed password locks out whoever knew the old one: every other session and every API token of the
 * agent ends, with the connections they opened. The session that made the change stays (the console keeps
 * working) but gets a new token, returned for the cookie, so a copy of the old cookie is worth nothing.
 */
export async function changePassword(
  scope: Scope,
  auth: Authenticated,
  input: { currentPassword: string; newPassword: string },
): Promise<{ sessionToken: string | null }> {
  const agent = await scope.em.findOneOrFail(Agent, { id: auth.principal.agentId });
  if (!(await verifyPassword(agent.passwordHash, input.currentPassword))) {
    throw new DomainError(ErrorCodes.authInvalidCredentials, 'The current password is wrong.');
  }
  agent.passwordHash = await hashPassword(input.newPassword);
  const sessionToken = auth.sessionId !== null ? newToken('') : null;
  await scope.em.transactional(async (em) => {
    em.persist(agent);
    await revokeAgentCredentials(em as Em, agent.id, auth.sessionId);
    if (auth.sessionId !== null && sessionToken !== null) await em.nativeUpdate(Session, { id: auth.sessionId }, { tokenHash: sha256(sessionToken) });
  });
  announceRevoked(scope.app, agent.id, { kind: 'all', exceptSessionId: auth.sessionId });
  return { sessionToken };
}

/** Revokes one of the agent's own API tokens, ending the connections opened with it. */
export async function revokeApiToken(scope: Scope, agentId: number, tokenId: number): Promise<boolean> {
  const deleted = await scope.em.transactional(async (tx) => {
    const row = await tx.findOne(ApiToken, { id: tokenId, agent: agentId });
    if (!row) return false;
    await recordAudit(scope, tx as Em, 'api_token.revoked', { type: 'api_token', id: tokenId, label: row.name }, auditDiff(apiTokenSnapshot(row), null));
    tx.remove(row);
    return true;
  });
  if (!deleted) return false;
  tokenStamps.delete(tokenId);
  announceRevoked(scope.app, agentId, { kind: 'api_token', tokenId });
  return true;
}

/**
 * The first start. With PARLEY_ADMIN_EMAIL/PASSWORD the first administrator is created; without them a
 * one-time setup token is made (only its hash is stored) and returned for the start-up message.
 * There is never a default password.
 */
export async function ensureFirstAdministrator(app: AppContext): Promise<{ setupToken: string | null; created: boolean }> {
  const em = app.orm.em.fork() as Em;
  if ((await em.count(Agent, {})) > 0) return { setupToken: null, created: false };
  if (app.config.admin) {
    await em.transactional(async (tx) => {
      const agent = tx.create(Agent, {
        email: app.config.admin!.email,
        name: app.config.admin!.name,
        passwordHash: await hashPassword(app.config.admin!.password),
        role: 'administrator',
        active: true,
        locale: 'en',
      });
      await tx.nativeDelete(SystemSetting, { key: SETUP_TOKEN_KEY });
      await tx.flush();
      // Made by Parley itself from its configuration: the log's first entry, by "system".
      await recordAudit({ app, em: tx as Em, agent: null }, tx as Em, 'agent.created', { type: 'agent', id: agent.id, label: agent.name }, auditDiff(null, agentSnapshot(agent, [])));
    });
    return { setupToken: null, created: true };
  }
  const setupToken = newToken('setup_');
  await em.upsert(SystemSetting, { key: SETUP_TOKEN_KEY, value: sha256(setupToken) });
  return { setupToken, created: false };
}

export async function completeSetup(
  scope: Scope,
  input: { token: string; name: string; email: string; password: string; locale?: string | undefined },
  client: SessionClient,
): Promise<{ token: string; session: SessionDto }> {
  await scope.app.rateLimits.consumeSignIn(client.ip, 'setup');
  const passwordHash = await hashPassword(input.password);
  const agent = await scope.em.transactional(async (em) => {
    const stored = await em.findOne(SystemSetting, { key: SETUP_TOKEN_KEY });
    if (!stored || !sameSecret(stored.value, sha256(input.token)) || (await em.count(Agent, {})) > 0) {
      throw new DomainError(ErrorCodes.authSetupTokenInvalid, 'The setup link is invalid or was already used.');
    }
    em.remove(stored);
    const created = em.create(Agent, { email: input.email, name: input.name, passwordHash, role: 'administrator', active: true, locale: input.locale ?? 'en' });
    await em.flush();
    // Nobody is signed in yet: the system adds the first administrator, from the address that held the link.
    await recordAudit(scope, em as Em, 'agent.created', { type: 'agent', id: created.id, label: created.name }, auditDiff(null, agentSnapshot(created, [])));
    return created;
  });
  return openSession(scope.app, scope.em, agent, client);
}
