import { type AgentPrincipal, DomainError, ErrorCodes, isInvitationPending } from '@parley/domain';
import type { SessionDto } from '@parley/protocol';
import type { AppContext, Scope } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { Agent, AgentDepartment, ApiToken, Session, SystemSetting } from './agent.entity.js';
import { principalByApiTokenHash, principalBySessionHash } from './principal.repository.js';
import { announceRevoked, revokeAgentCredentials } from './revocation.js';
import { presentAgent } from './agent.presenter.js';
import { dummyPasswordHash, hashPassword, newToken, sameSecret, sha256, verifyPassword } from './secrets.js';

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
}

/** The agent whose email and password these are (an active one, not still invited), or a refusal alike for every reason. */
export async function checkPassword(scope: Scope, input: { email: string; password: string }, client: SessionClient): Promise<Agent> {
  await scope.app.rateLimits.consumeSignIn(client.ip, input.email);
  const agent = await scope.em.findOne(Agent, { email: input.email });
  // An invited agent has no password until they accept: checked against the dummy hash, so it costs the same time.
  const usable = agent && !isInvitationPending(agent) ? agent.passwordHash : await dummyPasswordHash();
  const ok = await verifyPassword(usable, input.password);
  if (!agent || !ok || !agent.active || isInvitationPending(agent)) {
    throw new DomainError(ErrorCodes.authInvalidCredentials, 'The email or the password is wrong.');
  }
  await scope.app.rateLimits.rewardSignIn(input.email);
  return agent;
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
  return { token, session: { agent: presentAgent(agent, departments.map((d) => d.department)), csrfToken } };
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
  const found = await principalBySessionHash(em, sha256(token), now);
  if (!found) return null;
  const sessionStamps = sessionStampsByApp.get(app) ?? new Map<number, number>();
  sessionStampsByApp.set(app, sessionStamps);
  if (now.getTime() - (sessionStamps.get(found.sessionId) ?? 0) > 60_000) {
    // Forgetting every stamp now and then only costs one more write per session; the map never grows unbounded.
    if (sessionStamps.size > 10_000) sessionStamps.clear();
    sessionStamps.set(found.sessionId, now.getTime());
    await em.nativeUpdate(Session, { id: found.sessionId }, { lastSeenAt: now });
  }
  return { principal: found.principal, via: 'session', sessionId: found.sessionId, tokenId: null, csrfToken: found.csrfToken };
}

/** When each API token was last stamped by this process: "last used" is shown to people, so a minute's precision is plenty. */
const tokenStamps = new Map<number, number>();

export async function authenticateApiToken(app: AppContext, em: Em, token: string): Promise<Authenticated | null> {
  const found = await principalByApiTokenHash(em, sha256(token));
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
  return { agent: presentAgent(agent, [...auth.principal.departmentIds]), csrfToken: auth.csrfToken ?? '' };
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
  const deleted = await scope.em.nativeDelete(ApiToken, { id: tokenId, agent: agentId });
  if (deleted === 0) return false;
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
      tx.create(Agent, {
        email: app.config.admin!.email,
        name: app.config.admin!.name,
        passwordHash: await hashPassword(app.config.admin!.password),
        role: 'administrator',
        active: true,
        locale: 'en',
      });
      await tx.nativeDelete(SystemSetting, { key: SETUP_TOKEN_KEY });
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
    return em.create(Agent, { email: input.email, name: input.name, passwordHash, role: 'administrator', active: true, locale: input.locale ?? 'en' });
  });
  return openSession(scope.app, scope.em, agent, client);
}
