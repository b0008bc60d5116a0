import type { AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import type { AgentNamespace } from '../../realtime/socket-types.js';
import { rooms } from '../../realtime/rooms.js';
import { TeamConversation } from './team-chat.entity.js';
import { teamConversationRooms } from './team-chat.rooms.js';
import { conversationForAgentless, loadTeamMessage, readState } from './team-chat.service.js';

/** Team chat facts after commit: a message to its conversation's members, a mention to the mentioned agent alone, a read marker to its agent. */
export function registerTeamChatListener(app: AppContext, agents: AgentNamespace): void {
  app.events.on('team.message_created', async ({ conversationId, messageId }) => {
    const em = app.orm.em.fork() as Em;
    const conversation = await em.findOne(TeamConversation, { id: conversationId });
    const message = await loadTeamMessage(em, messageId);
    if (!conversation || !message) return;
    const loaded = await conversationForAgentless(em, conversation);
    agents.to(teamConversationRooms(loaded)).emit('team:message', message);
    for (const agentId of message.mentions) {
      if (loaded.memberIds.includes(agentId)) agents.to(rooms.agent(agentId)).emit('team:mentioned', { conversationId, message });
    }
  });

  app.events.on('team.read', async ({ conversationId, agentId }) => {
    const em = app.orm.em.fork() as Em;
    agents.to(rooms.agent(agentId)).emit('team:read', await readState(em, conversationId, agentId));
  });
}
