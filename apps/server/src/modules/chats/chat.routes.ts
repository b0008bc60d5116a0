import { pipeline } from 'node:stream/promises';
import { api } from '@parley/protocol';
import type { Router } from 'express';
import type { AppContext } from '../../app-context.js';
import { bearerToken, mount, SENT } from '../../http/route.js';
import { downloadHeaders } from '../attachments/attachment.service.js';
import { attachmentForVisitor, issueVisitor } from './chat.service.js';
import { ticketVisitorContext } from './visitor-context.service.js';
import { uploadVisitorAttachment } from './visitor-upload.service.js';

export function registerChatRoutes(router: Router, app: AppContext): void {
  mount(router, app, api.issueVisitor, ({ scope, body, req }) => issueVisitor(scope.app, scope.em, body, req.ip ?? 'unknown'));
  mount(router, app, api.ticketVisitorContext, ({ scope, params }) => ticketVisitorContext(scope, params.id));
  mount(router, app, api.visitorUploadAttachment, ({ scope, req }) => uploadVisitorAttachment(app, scope.em, bearerToken(req), req));
  mount(router, app, api.visitorDownloadAttachment, async ({ scope, params, req, res }) => {
    const attachment = await attachmentForVisitor(app, scope.em, bearerToken(req), params.attachmentId);
    res.set(downloadHeaders(attachment));
    await pipeline(app.storage.openRead(attachment.storageKey), res);
    return SENT;
  });
}
