import type { Router } from 'express';
import type { AppContext } from '../../app-context.js';

// PLACEHOLDER (lead): replaced by the module's real routes.
export function registerNoteRoutes(_router: Router, _app: AppContext): void {}
