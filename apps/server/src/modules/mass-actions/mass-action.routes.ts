import { api } from '@parley/protocol';
import type { Router } from 'express';
import type { AppContext } from '../../app-context.js';
import { mount } from '../../http/route.js';
import { matchingTicketIds, runMassAction } from './mass-action.service.js';

/** Mounted before the ticket routes: /tickets/ids would otherwise be taken for a ticket's id. */
export function registerMassActionRoutes(router: Router, app: AppContext): void {
  mount(router, app, api.ticketIds, ({ scope, query }) => matchingTicketIds(scope, query));
  mount(router, app, api.massAction, ({ scope, body }) => runMassAction(scope, body.ticketIds, body.action));
}
