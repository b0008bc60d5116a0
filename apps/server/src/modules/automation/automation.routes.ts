import { api } from '@parley/protocol';
import type { Router } from 'express';
import type { AppContext } from '../../app-context.js';
import { mount } from '../../http/route.js';
import * as rules from './automation-admin.service.js';
import * as assignment from './auto-assignment-admin.service.js';

const ok = { ok: true as const };

export function registerAutomationRoutes(router: Router, app: AppContext): void {
  mount(router, app, api.listTriggers, async ({ scope }) => ({ items: await rules.listTriggers(scope) }));
  // Before /triggers/:id, which would take "order" and "preview" for ids.
  mount(router, app, api.reorderTriggers, async ({ scope, body }) => ({ items: await rules.reorderTriggers(scope, body) }));
  mount(router, app, api.previewTrigger, ({ scope, body }) => rules.previewTrigger(scope, body.ticketId, body.event, body.rule));
  mount(router, app, api.createTrigger, ({ scope, body }) => rules.createTrigger(scope, body));
  mount(router, app, api.updateTrigger, ({ scope, params, body }) => rules.updateTrigger(scope, params.id, body));
  mount(router, app, api.deleteTrigger, async ({ scope, params }) => {
    await rules.deleteTrigger(scope, params.id);
    return ok;
  });
  mount(router, app, api.listTimeRules, async ({ scope }) => ({ items: await rules.listTimeRules(scope) }));
  mount(router, app, api.reorderTimeRules, async ({ scope, body }) => ({ items: await rules.reorderTimeRules(scope, body) }));
  mount(router, app, api.previewTimeRule, ({ scope, body }) => rules.previewTimeRule(scope, body.ticketId, body.ruleId, body.rule));
  mount(router, app, api.createTimeRule, ({ scope, body }) => rules.createTimeRule(scope, body));
  mount(router, app, api.updateTimeRule, ({ scope, params, body }) => rules.updateTimeRule(scope, params.id, body));
  mount(router, app, api.deleteTimeRule, async ({ scope, params }) => {
    await rules.deleteTimeRule(scope, params.id);
    return ok;
  });
  mount(router, app, api.listAutoAssignment, async ({ scope }) => ({ items: await assignment.listAutoAssignment(scope) }));
  mount(router, app, api.setAutoAssignment, ({ scope, params, body }) => assignment.setAutoAssignment(scope, params.id, body));
}
