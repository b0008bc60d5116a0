import { api } from '@parley/protocol';
import type { Router } from 'express';
import type { AppContext } from '../../app-context.js';
import { mount } from '../../http/route.js';
import * as sla from './sla-admin.service.js';

const ok = { ok: true as const };

export function registerServiceLevelRoutes(router: Router, app: AppContext): void {
  mount(router, app, api.listCalendars, async ({ scope }) => ({ items: await sla.listCalendars(scope) }));
  mount(router, app, api.createCalendar, ({ scope, body }) => sla.createCalendar(scope, body));
  mount(router, app, api.updateCalendar, ({ scope, params, body }) => sla.updateCalendar(scope, params.id, body));
  mount(router, app, api.deleteCalendar, async ({ scope, params }) => {
    await sla.deleteCalendar(scope, params.id);
    return ok;
  });
  mount(router, app, api.listSlaPolicies, async ({ scope }) => ({ items: await sla.listSlaPolicies(scope) }));
  // Before /sla-policies/:id, which would take "order" and "preview" for ids.
  mount(router, app, api.reorderSlaPolicies, async ({ scope, body }) => ({ items: await sla.reorderSlaPolicies(scope, body) }));
  mount(router, app, api.previewSlaPolicies, ({ scope, body }) => sla.previewSlaPolicies(scope, body.ticketId));
  mount(router, app, api.createSlaPolicy, ({ scope, body }) => sla.createSlaPolicy(scope, body));
  mount(router, app, api.updateSlaPolicy, ({ scope, params, body }) => sla.updateSlaPolicy(scope, params.id, body));
  mount(router, app, api.deleteSlaPolicy, async ({ scope, params }) => {
    await sla.deleteSlaPolicy(scope, params.id);
    return ok;
  });
}
