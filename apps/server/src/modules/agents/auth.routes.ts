import { api } from '@parley/protocol';
import type { Request, Response, Router } from 'express';
import type { AppContext } from '../../app-context.js';
import { notFound } from '../../http/http-error.js';
import { mount } from '../../http/route.js';
import * as auth from './auth.service.js';
import { auditDiff } from '@parley/domain';
import type { Em } from '../../db/orm.js';
import { recordAudit } from '../audit-log/audit-recorder.js';
import { apiTokenSnapshot } from '../audit-log/audit-snapshots.js';
import { ApiToken } from './agent.entity.js';
import { acceptInvitation } from './invitation.service.js';
import { KNOWN_DEVICE_COOKIE, KNOWN_DEVICE_TTL_MS } from './known-devices.js';
import { newToken, sha256 } from './secrets.js';

export function setSessionCookie(app: AppContext, res: Response, token: string): void {
  res.cookie(auth.SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: app.config.cookieSecure,
    path: '/',
    maxAge: app.config.sessionTtlMs,
  });
}

/** Marks this browser as one the account signed in from: signed, httpOnly, long-lived, for the sign-in path only. */
export function setKnownDeviceCookie(app: AppContext, res: Response, value: string): void {
  res.cookie(KNOWN_DEVICE_COOKIE, value, { httpOnly: true, sameSite: 'strict', secure: app.config.cookieSecure, path: '/api/v1/auth', maxAge: KNOWN_DEVICE_TTL_MS });
}

export const clientIp = (req: Request): string => req.ip ?? 'unknown';
export const sessionClient = (req: Request): auth.SessionClient => ({ ip: clientIp(req), userAgent: req.get('user-agent') ?? null });

export function registerAuthRoutes(router: Router, app: AppContext): void {
  mount(router, app, api.setup, async ({ scope, body, req, res }) => {
    const { token, session } = await auth.completeSetup(scope, body, sessionClient(req));
    setSessionCookie(app, res, token);
    return session;
  });
  mount(router, app, api.acceptInvitation, async ({ scope, body, req, res }) => {
    const { token, session } = await acceptInvitation(scope, body, sessionClient(req));
    setSessionCookie(app, res, token);
    return session;
  });
  mount(router, app, api.signOut, async ({ scope, auth: who, res }) => {
    await auth.signOut(scope, who);
    res.clearCookie(auth.SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });
  mount(router, app, api.session, ({ scope, auth: who }) => auth.currentSession(scope, who));
  mount(router, app, api.changePassword, async ({ scope, auth: who, body, res }) => {
    const { sessionToken } = await auth.changePassword(scope, who, body);
    if (sessionToken !== null) setSessionCookie(app, res, sessionToken);
    return { ok: true as const };
  });
  mount(router, app, api.listApiTokens, async ({ scope }) => {
    const rows = await scope.em.find(ApiToken, { agent: scope.agent.agentId }, { orderBy: { id: 'asc' } });
    return {
      items: rows.map((t) => ({ id: t.id, name: t.name, createdAt: t.createdAt.toISOString(), lastUsedAt: t.lastUsedAt?.toISOString() ?? null })),
    };
  });
  mount(router, app, api.createApiToken, async ({ scope, body }) => {
    const token = newToken('prl_');
    return scope.em.transactional(async (tx) => {
      const em = tx as Em;
      const row = em.create(ApiToken, { name: body.name, tokenHash: sha256(token), agent: scope.agent.agentId, lastUsedAt: null });
      await em.flush();
      await recordAudit(scope, em, 'api_token.created', { type: 'api_token', id: row.id, label: row.name }, auditDiff(null, apiTokenSnapshot(row)));
      return { id: row.id, name: row.name, token };
    });
  });
  mount(router, app, api.revokeApiToken, async ({ scope, params }) => {
    if (!(await auth.revokeApiToken(scope, scope.agent.agentId, params.id))) throw notFound('API token');
    return { ok: true as const };
  });
}
