import { pipeline } from 'node:stream/promises';
import { api } from '@parley/protocol';
import type { Router } from 'express';
import type { AppContext } from '../../app-context.js';
import { mount, SENT } from '../../http/route.js';
import { attachmentForAgent, downloadHeaders, uploadAttachment } from './attachment.service.js';

export function registerAttachmentRoutes(router: Router, app: AppContext): void {
  mount(router, app, api.uploadAttachment, ({ scope, req }) => uploadAttachment(scope, req));
  mount(router, app, api.downloadAttachment, async ({ scope, params, res }) => {
    const attachment = await attachmentForAgent(scope, params.id);
    res.set(downloadHeaders(attachment));
    await pipeline(app.storage.openRead(attachment.storageKey), res);
    return SENT;
  });
}
