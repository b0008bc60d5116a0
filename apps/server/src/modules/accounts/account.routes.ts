import type { Router } from 'express';
import type { AppContext } from '../../app-context.js';
import { registerPasswordResetRoutes } from './password-reset.routes.js';
import { registerSessionRoutes } from './sessions.routes.js';
import { registerSignInRoutes } from './sign-in.routes.js';
import { registerTwoFactorRoutes } from './two-factor.routes.js';

/** Account security: password reset, sessions, two-factor sign-in. */
export function registerAccountRoutes(router: Router, app: AppContext): void {
  registerSignInRoutes(router, app);
  registerPasswordResetRoutes(router, app);
  registerTwoFactorRoutes(router, app);
  registerSessionRoutes(router, app);
}
