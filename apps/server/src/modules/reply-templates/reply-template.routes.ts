import { api } from '@parley/protocol';
import type { Router } from 'express';
import type { AppContext } from '../../app-context.js';
import { mount } from '../../http/route.js';
import * as templates from './reply-template.service.js';

export function registerReplyTemplateRoutes(router: Router, app: AppContext): void {
  mount(router, app, api.myReplyTemplate, ({ scope }) => templates.myReplyTemplate(scope));
  mount(router, app, api.setMyReplyTemplate, ({ scope, body }) => templates.setMyReplyTemplate(scope, body.template));
  mount(router, app, api.departmentReplyTemplate, ({ scope, params }) => templates.departmentReplyTemplate(scope, params.id));
  mount(router, app, api.setDepartmentReplyTemplate, ({ scope, params, body }) => templates.setDepartmentReplyTemplate(scope, params.id, body.template));
  mount(router, app, api.fillReplyTemplate, ({ scope, params }) => templates.fillReplyTemplate(scope, params.id));
}
