import { api } from '@parley/protocol';
import type { Router } from 'express';
import type { AppContext } from '../../app-context.js';
import { pipeline } from 'node:stream/promises';
import { bearerToken, mount, SENT } from '../../http/route.js';
import { downloadHeaders } from '../attachments/attachment.service.js';
import { addMessageAsCustomer, attachmentForCustomer, createTicketFromWebForm, customerTicket } from './customer.service.js';

export function registerCustomerRoutes(router: Router, app: AppContext): void {
  mount(router, app, api.publicCreateTicket, ({ scope, body, req }) => createTicketFromWebForm(scope, body, req.ip ?? 'unknown'));
  mount(router, app, api.publicGetTicket, ({ scope, params, req }) => customerTicket(scope, params.id, { token: bearerToken(req) }));
  mount(router, app, api.publicDownloadAttachment, async ({ scope, params, req, res }) => {
    const attachment = await attachmentForCustomer(scope, params.id, { token: bearerToken(req) }, params.attachmentId);
    res.set(downloadHeaders(attachment));
    await pipeline(app.storage.openRead(attachment.storageKey), res);
    return SENT;
  });
  mount(router, app, api.publicAddMessage, ({ scope, params, body, req }) => addMessageAsCustomer(scope, params.id, { token: bearerToken(req) }, body));
}
