import { api } from '@parley/protocol';
import type { Router } from 'express';
import type { AppContext } from '../../app-context.js';
import { mount } from '../../http/route.js';
import * as webhooks from './webhook.service.js';

export function registerWebhookRoutes(router: Router, app: AppContext): void {
  mount(router, app, api.listWebhooks, ({ scope }) => webhooks.listWebhooks(scope));
  mount(router, app, api.createWebhook, ({ scope, body }) => webhooks.createWebhook(scope, body));
  mount(router, app, api.updateWebhook, ({ scope, params, body }) => webhooks.updateWebhook(scope, params.id, body));
  mount(router, app, api.deleteWebhook, ({ scope, params }) => webhooks.deleteWebhook(scope, params.id));
  mount(router, app, api.rotateWebhookSecret, ({ scope, params }) => webhooks.rotateWebhookSecret(scope, params.id));
  mount(router, app, api.listWebhookDeliveries, ({ scope, params }) => webhooks.listWebhookDeliveries(scope, params.id));
  mount(router, app, api.resendWebhookDelivery, ({ scope, params }) => webhooks.resendWebhookDelivery(scope, params.id, params.deliveryId));
}
