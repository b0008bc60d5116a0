import { api } from '@parley/protocol';
import type { Router } from 'express';
import type { AppContext } from '../../app-context.js';
import { mount } from '../../http/route.js';
import { issueVisitor } from './chat.service.js';

export function registerChatRoutes(router: Router, app: AppContext): void {
  mount(router, app, api.issueVisitor, ({ scope, body, req }) => issueVisitor(scope.app, body.token, req.ip ?? 'unknown'));
}
