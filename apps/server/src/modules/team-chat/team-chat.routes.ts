import { api } from '@parley/protocol';
import type { Router } from 'express';
import type { AppContext } from '../../app-context.js';
import { mount } from '../../http/route.js';
import * as team from './team-chat.service.js';

export function registerTeamChatRoutes(router: Router, app: AppContext): void {
  mount(router, app, api.listTeamConversations, async ({ scope }) => ({ items: await team.listConversations(scope) }));
  mount(router, app, api.createTeamChannel, ({ scope, body }) => team.createChannel(scope, body.name));
  mount(router, app, api.joinTeamChannel, ({ scope, params }) => team.joinChannel(scope, params.id));
  mount(router, app, api.leaveTeamChannel, async ({ scope, params }) => {
    await team.leaveChannel(scope, params.id);
    return { ok: true as const };
  });
  mount(router, app, api.openDirectConversation, ({ scope, body }) => team.openDirect(scope, body.agentId));
  mount(router, app, api.teamHistory, ({ scope, params, query }) => team.history(scope, params.id, query));
  mount(router, app, api.markTeamRead, ({ scope, params, body }) => team.markRead(scope, params.id, body.messageId));
}
