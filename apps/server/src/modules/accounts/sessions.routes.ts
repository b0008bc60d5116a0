import { api } from '@parley/protocol';
import type { Router } from 'express';
import type { AppContext } from '../../app-context.js';
import { mount } from '../../http/route.js';
import { SESSION_COOKIE } from '../agents/auth.service.js';
import { endOwnSession, listOwnCredentials, signOutEverywhere } from './sessions.service.js';

export function registerSessionRoutes(router: Router, app: AppContext): void {
  mount(router, app, api.listSessions, ({ scope, auth }) => listOwnCredentials(scope, auth));
  mount(router, app, api.endSession, async ({ scope, auth, params, res }) => {
    await endOwnSession(scope, auth, params.id);
    // Ending the session in use is signing out.
    if (params.id === auth.sessionId) res.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });
  mount(router, app, api.signOutEverywhere, async ({ scope, auth }) => ({ ended: await signOutEverywhere(scope, auth) }));
}
