import { pipeline } from 'node:stream/promises';
import { api } from '@parley/protocol';
import type { Router } from 'express';
import type { AppContext } from '../../app-context.js';
import { mount, SENT } from '../../http/route.js';
import { emailHtmlForAgent, originalForAgent } from './email-view.service.js';

/** Neither answer may ever run as a page of ours, even if opened directly in a tab. */
const LOCKED_DOWN = {
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; img-src 'self' data: https:; style-src 'unsafe-inline'; sandbox",
  'Cache-Control': 'private, no-store',
  'Referrer-Policy': 'no-referrer',
};

export function registerEmailViewRoutes(router: Router, app: AppContext): void {
  mount(router, app, api.emailHtml, async ({ scope, params, query, res }) => {
    const view = await emailHtmlForAgent(scope, params.id, params.itemId, query.images);
    res.set({
      ...LOCKED_DOWN,
      'Content-Type': 'text/html; charset=utf-8',
      'X-Parley-Blocked-Images': String(view.blockedImages),
      'X-Parley-Quoted': view.quoted ? '1' : '0',
    });
    res.send(view.html);
    return SENT;
  });
  mount(router, app, api.emailOriginal, async ({ scope, params, query, res }) => {
    const original = await originalForAgent(scope, params.id, params.itemId);
    const download = query.download === '1';
    res.set({
      ...LOCKED_DOWN,
      'Content-Type': download ? 'message/rfc822' : 'text/plain; charset=utf-8',
      'Content-Length': String(original.size),
      'Content-Disposition': `${download ? 'attachment' : 'inline'}; filename="ticket-${params.id}-message-${params.itemId}.eml"`,
    });
    await pipeline(app.storage.openRead(original.storageKey), res);
    return SENT;
  });
}
