import { api } from '@parley/protocol';
import type { Router } from 'express';
import type { AppContext } from '../../app-context.js';
import { mount } from '../../http/route.js';
import { clientIp, sessionClient, setSessionCookie } from '../agents/auth.routes.js';
import { issuePasswordReset, requestPasswordReset, resetPassword } from './password-reset.service.js';

export function registerPasswordResetRoutes(router: Router, app: AppContext): void {
  mount(router, app, api.requestPasswordReset, async ({ scope, body, req }) => {
    await requestPasswordReset(scope, body.email, clientIp(req));
    return { accepted: true as const };
  });
  mount(router, app, api.resetPassword, async ({ scope, body, req, res }) => {
    const reset = await resetPassword(scope, body, sessionClient(req));
    const { token, session } = await reset.open();
    setSessionCookie(app, res, token);
    return session;
  });
  mount(router, app, api.issuePasswordReset, ({ scope, params }) => issuePasswordReset(scope, params.id));
}
