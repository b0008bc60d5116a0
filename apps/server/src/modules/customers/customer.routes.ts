import { api } from '@parley/protocol';
import type { Router } from 'express';
import type { AppContext } from '../../app-context.js';
import { bearerToken, mount } from '../../http/route.js';
import { addMessageAsCustomer, createTicketFromWebForm, customerTicket } from './customer.service.js';

export function registerCustomerRoutes(router: Router, app: AppContext): void {
  mount(router, app, api.publicCreateTicket, ({ scope, body, req }) => createTicketFromWebForm(scope, body, req.ip ?? 'unknown'));
  mount(router, app, api.publicGetTicket, ({ scope, params, req }) => customerTicket(scope, params.id, bearerToken(req)));
  mount(router, app, api.publicAddMessage, ({ scope, params, body, req }) => addMessageAsCustomer(scope, params.id, bearerToken(req), body));
}
