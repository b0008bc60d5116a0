import { api } from '@parley/protocol';
import type { Router } from 'express';
import type { AppContext } from '../../app-context.js';
import { mount } from '../../http/route.js';
import { countTickets, listTickets } from './ticket.repository.js';
import * as tickets from './ticket.service.js';
import { createCustomerTicket, createInternalTicket } from './ticket-creation.service.js';
import { claimToSolve } from './to-solve.service.js';
import { threadItemBody } from './thread-item-body.js';

export function registerTicketRoutes(router: Router, app: AppContext): void {
  // Before /tickets/:id, which would otherwise take "count" for an id.
  mount(router, app, api.countTickets, async ({ scope, query }) => ({ count: await countTickets(scope.em, scope.agent, query) }));
  mount(router, app, api.listTickets, async ({ scope, query }) => {
    const page = await listTickets(scope.em, scope.agent, query);
    return { items: await tickets.presentTickets(scope.em, page.tickets), nextCursor: page.nextCursor };
  });
  mount(router, app, api.createTicket, async ({ scope, body, res }) => {
    const { detail, created } = await createCustomerTicket(scope, body);
    // A replayed creation (same client id) answers 200 with the ticket the first request created.
    if (!created) res.locals.status = 200;
    return detail;
  });
  mount(router, app, api.createInternalTicket, async ({ scope, body }) => (await createInternalTicket(scope, body)).detail);
  mount(router, app, api.claimToSolve, ({ scope }) => claimToSolve(scope));
  mount(router, app, api.getTicket, ({ scope, params }) => tickets.getTicket(scope, params.id));
  mount(router, app, api.reply, async ({ scope, params, body }) => (await tickets.reply(scope, params.id, body)).item);
  mount(router, app, api.addInternalNote, async ({ scope, params, body }) => (await tickets.addInternalNote(scope, params.id, body)).item);
  mount(router, app, api.addCustomerMessage, async ({ scope, params, body }) => (await tickets.addCustomerMessageAsAgent(scope, params.id, body)).item);
  mount(router, app, api.editThreadItem, ({ scope, params }) => tickets.refuseThreadItemChange(scope, params.id, params.itemId, 'edit'));
  mount(router, app, api.deleteThreadItem, ({ scope, params }) => tickets.refuseThreadItemChange(scope, params.id, params.itemId, 'delete'));
  mount(router, app, api.threadItemBody, ({ scope, params }) => threadItemBody(scope, params.id, params.itemId));
  mount(router, app, api.retryEmail, ({ scope, params }) => tickets.retryEmail(scope, params.id, params.itemId));
  mount(router, app, api.editSubject, ({ scope, params, body }) => tickets.editSubject(scope, params.id, body.subject));
  mount(router, app, api.assign, ({ scope, params, body }) => tickets.assignTicket(scope, params.id, body));
  mount(router, app, api.transfer, ({ scope, params, body }) => tickets.transferTicket(scope, params.id, body));
  mount(router, app, api.postpone, ({ scope, params, body }) => tickets.postponeTicket(scope, params.id, new Date(body.until)));
  mount(router, app, api.resolve, ({ scope, params }) => tickets.resolveTicket(scope, params.id));
  mount(router, app, api.reopen, ({ scope, params }) => tickets.reopenTicket(scope, params.id));
  mount(router, app, api.setCustomStatus, ({ scope, params, body }) => tickets.setCustomStatus(scope, params.id, body.customStatusId));
  mount(router, app, api.setPriority, ({ scope, params, body }) => tickets.setPriority(scope, params.id, body.priority));
  mount(router, app, api.setTags, ({ scope, params, body }) => tickets.setTags(scope, params.id, body.tags));
  mount(router, app, api.setCc, ({ scope, params, body }) => tickets.setCc(scope, params.id, body.cc));
}
