import { api } from '@parley/protocol';
import type { Router } from 'express';
import type { AppContext } from '../../app-context.js';
import { mount } from '../../http/route.js';
import * as widgets from './widget.service.js';

/** How long a browser (and any cache between) may keep a widget's public settings: the online flag is at most this stale. */
const CONFIG_MAX_AGE_S = 15;

export function registerWidgetRoutes(router: Router, app: AppContext): void {
  mount(router, app, api.listWidgets, async ({ scope }) => ({ items: await widgets.listWidgets(scope) }));
  mount(router, app, api.createWidget, ({ scope, body }) => widgets.createWidget(scope, body));
  mount(router, app, api.updateWidget, ({ scope, params, body }) => widgets.updateWidget(scope, params.id, body));
  mount(router, app, api.deleteWidget, async ({ scope, params }) => {
    await widgets.deleteWidget(scope, params.id);
    return { ok: true as const };
  });
  // The loader reads the config from the host page's origin: a credential-less GET anyone may make.
  mount(router, app, api.widgetDefaultConfig, async ({ scope, query, req, res }) => {
    res.set('Access-Control-Allow-Origin', '*');
    await app.rateLimits.consumeWidgetConfig(req.ip ?? 'unknown');
    const config = await widgets.widgetConfig(scope, null, query.department);
    res.set('Cache-Control', `public, max-age=${CONFIG_MAX_AGE_S}`);
    return config;
  });
  mount(router, app, api.widgetConfig, async ({ scope, params, req, res }) => {
    res.set('Access-Control-Allow-Origin', '*');
    await app.rateLimits.consumeWidgetConfig(req.ip ?? 'unknown');
    const config = await widgets.widgetConfig(scope, params.key);
    res.set('Cache-Control', `public, max-age=${CONFIG_MAX_AGE_S}`);
    return config;
  });
  mount(router, app, api.widgetOfflineMessage, ({ scope, body, req }) => widgets.leaveOfflineMessage(scope, body, req.ip ?? 'unknown'));
}
