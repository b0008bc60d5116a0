import { api } from '@parley/protocol';
import type { Router } from 'express';
import type { AppContext } from '../../app-context.js';
import { mount } from '../../http/route.js';
import { reissueInvitation } from '../agents/invitation.service.js';
import * as org from './organisation.service.js';

const ok = { ok: true as const };

export function registerOrganisationRoutes(router: Router, app: AppContext): void {
  mount(router, app, api.departmentOverview, ({ scope }) => org.departmentOverview(scope));
  mount(router, app, api.listDepartments, async ({ scope }) => ({ items: await org.listDepartments(scope) }));
  mount(router, app, api.createDepartment, ({ scope, body }) => org.createDepartment(scope, body.name));
  mount(router, app, api.updateDepartment, ({ scope, params, body }) => org.renameDepartment(scope, params.id, body.name));
  mount(router, app, api.listAgents, async ({ scope }) => ({ items: await org.listAgents(scope) }));
  mount(router, app, api.createAgent, ({ scope, body }) => org.createAgent(scope, body));
  mount(router, app, api.reissueInvitation, ({ scope, params }) => reissueInvitation(scope, params.id));
  mount(router, app, api.updateAgent, ({ scope, params, body }) => org.updateAgent(scope, params.id, body));
  mount(router, app, api.updateMe, ({ scope, body }) => org.updateMe(scope, body));
  mount(router, app, api.listCustomStatuses, async ({ scope }) => ({ items: await org.listCustomStatuses(scope) }));
  mount(router, app, api.createCustomStatus, ({ scope, body }) => org.createCustomStatus(scope, body));
  mount(router, app, api.updateCustomStatus, ({ scope, params, body }) => org.updateCustomStatus(scope, params.id, body));
  mount(router, app, api.deleteCustomStatus, async ({ scope, params }) => {
    await org.deleteCustomStatus(scope, params.id);
    return ok;
  });
  mount(router, app, api.listCannedResponses, ({ scope, query }) => org.listCannedResponses(scope, query));
  mount(router, app, api.createCannedResponse, ({ scope, body }) => org.createCannedResponse(scope, body));
  mount(router, app, api.updateCannedResponse, ({ scope, params, body }) => org.updateCannedResponse(scope, params.id, body));
  mount(router, app, api.deleteCannedResponse, async ({ scope, params }) => {
    await org.deleteCannedResponse(scope, params.id);
    return ok;
  });
  mount(router, app, api.renderCannedResponse, ({ scope, params, body }) => org.renderCannedResponseFor(scope, params.id, body.ticketId));
}
