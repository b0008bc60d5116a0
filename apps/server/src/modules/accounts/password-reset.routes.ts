import { api } from '@parley/protocol';
import type { Router } from 'express';
import type { AppContext } from '../../app-context.js';
import { mount } from '../../http/route.js';
import { clientIp, sessionClient } from '../agents/auth.routes.js';
import { beginSession } from './pending-sign-in.service.js';
import { issuePasswordReset, requestPasswordReset, resetPassword } from './password-reset.service.js';
import { signedIn } from './sign-in.routes.js';

export function registerPasswordResetRoutes(router: Router, app: AppContext): void {
  mount(router, app, api.requestPasswordReset, async ({ scope, body, req }) => {
    const { emailDelivery } = await requestPasswordReset(scope, body.email, clientIp(req));
    return { accepted: true as const, emailDelivery };
  });
  mount(router, app, api.resetPassword, async ({ scope, body, req, res }) => {
    const agent = await resetPassword(scope, body, sessionClient(req));
    return signedIn(app, res, await beginSession(scope, agent, sessionClient(req)));
  });
  mount(router, app, api.issuePasswordReset, ({ scope, params }) => issuePasswordReset(scope, params.id));
}
