import { api } from '@parley/protocol';
import type { Router } from 'express';
import type { AppContext } from '../../app-context.js';
import { mount } from '../../http/route.js';
import { testMailboxConnection } from './connection-test.js';
import * as mailboxes from './mailbox.service.js';

export function registerMailboxRoutes(router: Router, app: AppContext): void {
  mount(router, app, api.listMailboxes, async ({ scope }) => ({ items: await mailboxes.listMailboxes(scope) }));
  mount(router, app, api.createMailbox, ({ scope, body }) => mailboxes.createMailbox(scope, body));
  mount(router, app, api.updateMailbox, ({ scope, params, body }) => mailboxes.updateMailbox(scope, params.id, body));
  mount(router, app, api.testMailbox, ({ scope, params }) => testMailboxConnection(scope, params.id));
}
