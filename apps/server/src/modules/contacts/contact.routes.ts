import { api } from '@parley/protocol';
import type { Router } from 'express';
import type { AppContext } from '../../app-context.js';
import { mount } from '../../http/route.js';
import * as companies from './company.service.js';
import * as contacts from './contact.service.js';
import * as privacy from './contact-privacy.service.js';

export function registerContactRoutes(router: Router, app: AppContext): void {
  mount(router, app, api.listContacts, ({ scope, query }) => contacts.listContacts(scope, query));
  mount(router, app, api.createContact, ({ scope, body }) => contacts.createContact(scope, body));
  mount(router, app, api.getContact, ({ scope, params }) => contacts.getContact(scope, params.id));
  mount(router, app, api.updateContact, ({ scope, params, body }) => contacts.updateContact(scope, params.id, body));
  mount(router, app, api.mergeContacts, ({ scope, params, body }) => privacy.mergeContacts(scope, params.id, body.contactIds));
  mount(router, app, api.exportContact, async ({ scope, params, res }) => {
    const exported = await privacy.exportContact(scope, params.id);
    res.set({ 'Content-Disposition': `attachment; filename="parley-contact-${params.id}.json"`, 'Cache-Control': 'no-store' });
    return exported;
  });
  mount(router, app, api.eraseContact, ({ scope, params }) => privacy.eraseContact(scope, params.id));
  mount(router, app, api.listCompanies, ({ scope, query }) => companies.listCompanies(scope, query));
  mount(router, app, api.createCompany, ({ scope, body }) => companies.createCompany(scope, body));
  mount(router, app, api.getCompany, ({ scope, params }) => companies.getCompany(scope, params.id));
  mount(router, app, api.updateCompany, ({ scope, params, body }) => companies.updateCompany(scope, params.id, body));
}
