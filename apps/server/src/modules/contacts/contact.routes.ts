import { api } from '@parley/protocol';
import type { Router } from 'express';
import type { AppContext } from '../../app-context.js';
import { mount } from '../../http/route.js';
import * as directory from './directory.service.js';

export function registerContactRoutes(router: Router, app: AppContext): void {
  mount(router, app, api.listContacts, ({ scope, query }) => directory.listContacts(scope, query));
  mount(router, app, api.createContact, ({ scope, body }) => directory.createContact(scope, body));
  mount(router, app, api.getContact, ({ scope, params }) => directory.getContact(scope, params.id));
  mount(router, app, api.updateContact, ({ scope, params, body }) => directory.updateContact(scope, params.id, body));
  mount(router, app, api.listCompanies, ({ scope, query }) => directory.listCompanies(scope, query));
  mount(router, app, api.createCompany, ({ scope, body }) => directory.createCompany(scope, body));
  mount(router, app, api.getCompany, ({ scope, params }) => directory.getCompany(scope, params.id));
  mount(router, app, api.updateCompany, ({ scope, params, body }) => directory.updateCompany(scope, params.id, body));
}
