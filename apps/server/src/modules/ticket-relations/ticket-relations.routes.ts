import { api } from '@parley/protocol';
import type { Router } from 'express';
import type { AppContext } from '../../app-context.js';
import { mount } from '../../http/route.js';
import * as relations from './ticket-relations.service.js';
import { splitTicket } from './ticket-split.service.js';

export function registerTicketRelationRoutes(router: Router, app: AppContext): void {
  mount(router, app, api.ticketRelations, ({ scope, params }) => relations.ticketRelations(scope, params.id));
  mount(router, app, api.linkTicket, ({ scope, params, body }) => relations.linkTickets(scope, params.id, body.ticketId));
  mount(router, app, api.unlinkTicket, ({ scope, params }) => relations.unlinkTickets(scope, params.id, params.otherId));
  mount(router, app, api.mergeTickets, ({ scope, params, body }) => relations.mergeTickets(scope, params.id, body.ticketIds));
  mount(router, app, api.undoMerge, ({ scope, params }) => relations.undoMerge(scope, params.id, params.otherId));
  mount(router, app, api.splitTicket, ({ scope, params, body }) => splitTicket(scope, params.id, body.fromItemId));
}
