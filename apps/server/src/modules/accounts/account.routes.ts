import type { Router } from 'express';
import type { AppContext } from '../../app-context.js';
import { registerPasswordResetRoutes } from './password-reset.routes.js';
import { registerSessionRoutes } from './sessions.routes.js';

/** Account security: password reset, sessions, two-factor sign-in. */
export function registerAccountRoutes(router: Router, app: AppContext): void {
  registerPasswordResetRoutes(router, app);
  registerSessionRoutes(router, app);
}
