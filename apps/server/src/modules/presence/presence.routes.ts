import { api } from '@parley/protocol';
import type { Router } from 'express';
import type { AppContext } from '../../app-context.js';
import { mount } from '../../http/route.js';
import { listAgentPresence } from './presence.service.js';

export function registerPresenceRoutes(router: Router, app: AppContext): void {
  mount(router, app, api.listAgentPresence, async ({ scope }) => ({ items: await listAgentPresence(scope) }));
}
