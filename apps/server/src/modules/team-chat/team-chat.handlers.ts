import type { AppContext } from '../../app-context.js';
import { defineHandler } from '../../realtime/define-handler.js';
import type { AgentSocket } from '../../realtime/socket-types.js';
import { teamConversationRooms } from './team-chat.rooms.js';
import * as team from './team-chat.service.js';

export function registerTeamChatHandlers(app: AppContext, socket: AgentSocket): void {
  defineHandler(app, socket, 'team:send', (payload, scope) => team.send(scope, payload));
  // Typing reaches the other members' connections; it is not stored (the console lets it lapse when not renewed).
  defineHandler(app, socket, 'team:typing', async ({ conversationId, typing }, scope) => {
    const loaded = await team.conversationForAgent(scope.em, scope.agent, conversationId);
    socket.to(teamConversationRooms(loaded)).emit('team:typing', { conversationId, agentId: scope.agent.agentId, typing });
    return { conversationId };
  });
}
