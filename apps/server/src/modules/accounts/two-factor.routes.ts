import { api } from '@parley/protocol';
import type { Router } from 'express';
import type { AppContext } from '../../app-context.js';
import { mount } from '../../http/route.js';
import { clientIp } from '../agents/auth.routes.js';
import { confirmEnrolment, disableTwoFactor, isTwoFactorRequired, regenerateRecoveryCodes, setTwoFactorRequired, startEnrolment, twoFactorStatus } from './two-factor.service.js';

export function registerTwoFactorRoutes(router: Router, app: AppContext): void {
  mount(router, app, api.twoFactorStatus, ({ scope }) => twoFactorStatus(scope));
  mount(router, app, api.startTwoFactorEnrolment, ({ scope }) => startEnrolment(scope));
  mount(router, app, api.confirmTwoFactorEnrolment, ({ scope, body, req }) => confirmEnrolment(scope, body.code, clientIp(req)));
  mount(router, app, api.disableTwoFactor, async ({ scope, body, req }) => {
    await disableTwoFactor(scope, body, clientIp(req));
    return { ok: true as const };
  });
  mount(router, app, api.regenerateRecoveryCodes, ({ scope, body, req }) => regenerateRecoveryCodes(scope, body, clientIp(req)));
  mount(router, app, api.getSecuritySettings, async ({ scope }) => ({ requireTwoFactor: await isTwoFactorRequired(scope.em) }));
  mount(router, app, api.updateSecuritySettings, async ({ scope, body }) => {
    await setTwoFactorRequired(scope.em, body.requireTwoFactor);
    return { requireTwoFactor: body.requireTwoFactor };
  });
}
