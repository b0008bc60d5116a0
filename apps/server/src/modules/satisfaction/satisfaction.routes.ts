import { api } from '@parley/protocol';
import type { Router } from 'express';
import type { AppContext } from '../../app-context.js';
import { mount } from '../../http/route.js';
import { submitRating } from './rating.service.js';

export function registerSatisfactionRoutes(router: Router, app: AppContext): void {
  mount(router, app, api.submitRating, async ({ scope, body, req }) => {
    await app.rateLimits.consumePublicForm(req.ip ?? 'unknown');
    return submitRating(scope, body);
  });
  mount(router, app, api.getSatisfactionSettings, ({ scope }) => app.satisfactionSettings.readFresh(scope.em));
  mount(router, app, api.updateSatisfactionSettings, ({ scope, body }) =>
    app.satisfactionSettings.write(scope.em, Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined))),
  );
}
