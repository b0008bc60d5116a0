import { api } from '@parley/protocol';
import type { Router } from 'express';
import type { AppContext } from '../../app-context.js';
import { mount } from '../../http/route.js';
import * as views from './saved-view.service.js';

export function registerSavedViewRoutes(router: Router, app: AppContext): void {
  mount(router, app, api.listSavedViews, async ({ scope }) => ({ items: await views.listSavedViews(scope) }));
  mount(router, app, api.createSavedView, ({ scope, body }) => views.createSavedView(scope, body));
  mount(router, app, api.updateSavedView, ({ scope, params, body }) => views.updateSavedView(scope, params.id, body));
  mount(router, app, api.deleteSavedView, async ({ scope, params }) => {
    await views.deleteSavedView(scope, params.id);
    return { ok: true as const };
  });
}
