import { pipeline } from 'node:stream/promises';
import { api } from '@parley/protocol';
import type { Router } from 'express';
import type { AppContext } from '../../app-context.js';
import { mount, SENT } from '../../http/route.js';
import { emailHtmlForAgent, originalForAgent } from './email-view.service.js';
import { originalContentType } from './original-content-type.js';

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
    const disposition = `${download ? 'attachment' : 'inline'}; filename="ticket-${params.id}-message-${params.itemId}.eml"`;
    if (download) {
      res.set({ ...LOCKED_DOWN, 'Content-Type': 'message/rfc822', 'Content-Length': String(original.size), 'Content-Disposition': disposition });
      await pipeline(app.storage.openRead(original.storageKey), res);
      return SENT;
    }
    // To show it, the bytes must be read first: only they tell which charset label is true of them.
    const raw = await app.storage.read(original.storageKey);
    res.set({ ...LOCKED_DOWN, 'Content-Type': originalContentType(raw), 'Content-Length': String(raw.length), 'Content-Disposition': disposition });
    res.end(raw);
    return SENT;
  });
}
