import { buildOpenApiDocument } from '@parley/protocol';
import express, { type Router } from 'express';
import type { AppContext } from '../app-context.js';
import { registerAttachmentRoutes } from '../modules/attachments/attachment.routes.js';
import { registerAuthRoutes } from '../modules/agents/auth.routes.js';
import { registerAccountRoutes } from '../modules/accounts/account.routes.js';
import { registerChatRoutes } from '../modules/chats/chat.routes.js';
import { registerContactRoutes } from '../modules/contacts/contact.routes.js';
import { registerEmailViewRoutes } from '../modules/email-view/email-view.routes.js';
import { registerCustomerRoutes } from '../modules/customers/customer.routes.js';
import { registerNoteRoutes } from '../modules/notes/note.routes.js';
import { registerOrganisationRoutes } from '../modules/organisation/organisation.routes.js';
import { registerServiceLevelRoutes } from '../modules/sla/sla.routes.js';
import { registerAutomationRoutes } from '../modules/automation/automation.routes.js';
import { registerReplyTemplateRoutes } from '../modules/reply-templates/reply-template.routes.js';
import { registerPresenceRoutes } from '../modules/presence/presence.routes.js';
import { registerSavedViewRoutes } from '../modules/saved-views/saved-view.routes.js';
import { registerTeamChatRoutes } from '../modules/team-chat/team-chat.routes.js';
import { registerTicketRoutes } from '../modules/tickets/ticket.routes.js';
import { registerTicketRelationRoutes } from '../modules/ticket-relations/ticket-relations.routes.js';
import { registerSpamRoutes } from '../modules/spam/spam.routes.js';
import { registerMassActionRoutes } from '../modules/mass-actions/mass-action.routes.js';
import { registerSearchRoutes } from '../modules/search/search.routes.js';
import { registerWidgetRoutes } from '../modules/widgets/widget.routes.js';
import { registerMailboxRoutes } from '../modules/mailboxes/mailbox.routes.js';
import { registerWebhookRoutes } from '../modules/webhooks/webhook.routes.js';
import { registerSatisfactionRoutes } from '../modules/satisfaction/satisfaction.routes.js';
import { registerStatisticsRoutes } from '../modules/statistics/statistics.routes.js';
import { registerAuditLogRoutes } from '../modules/audit-log/audit-log.routes.js';
import { registerKnowledgeBaseRoutes } from '../modules/knowledge-base/knowledge-base.routes.js';
import { mountApiDocs } from './api-docs.js';
import { notFoundHandler } from './error-handler.js';
import { verifyUtf8Body } from './storable-input.js';

export const API_VERSION = '0.1.0';

/** /api/v1 and the API's own documentation. Every route comes from the protocol registry through mount(). */
export function createApiRouter(app: AppContext): Router {
  const router = express.Router();
  const v1 = express.Router();
  v1.use(express.json({ limit: app.config.limits.jsonBytes, strict: true, type: ['application/json', 'application/*+json'], verify: verifyUtf8Body }));
  registerAuthRoutes(v1, app);
  registerAccountRoutes(v1, app);
  registerMassActionRoutes(v1, app);
  registerSearchRoutes(v1, app);
  registerTicketRoutes(v1, app);
  registerTicketRelationRoutes(v1, app);
  registerSpamRoutes(v1, app);
  registerEmailViewRoutes(v1, app);
  registerSavedViewRoutes(v1, app);
  registerAttachmentRoutes(v1, app);
  registerContactRoutes(v1, app);
  registerNoteRoutes(v1, app);
  registerPresenceRoutes(v1, app);
  registerOrganisationRoutes(v1, app);
  registerServiceLevelRoutes(v1, app);
  registerAutomationRoutes(v1, app);
  registerReplyTemplateRoutes(v1, app);
  registerTeamChatRoutes(v1, app);
  registerCustomerRoutes(v1, app);
  registerChatRoutes(v1, app);
  registerWidgetRoutes(v1, app);
  registerMailboxRoutes(v1, app);
  registerWebhookRoutes(v1, app);
  registerStatisticsRoutes(v1, app);
  registerSatisfactionRoutes(v1, app);
  registerAuditLogRoutes(v1, app);
  registerKnowledgeBaseRoutes(v1, app);
  v1.use(notFoundHandler);
  router.use('/v1', v1);

  const openApi = JSON.stringify(buildOpenApiDocument({ version: API_VERSION, serverUrl: app.config.publicUrl }));
  router.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(openApi);
  });
  mountApiDocs(router);
  router.use(notFoundHandler);
  return router;
}
