import type { CallEffect, CallState } from '@parley/domain';
import type { AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { rooms } from '../../realtime/rooms.js';
import { TeamConversation } from '../team-chat/team-chat.entity.js';
import { teamConversationRooms } from '../team-chat/team-chat.rooms.js';
import { conversationForAgentless } from '../team-chat/team-chat.service.js';
import { callDto } from './call-dto.js';

/** The room of one console tab in one agent's calls: signals for that tab reach it on whichever instance. */
export const callTabRoom = (agentId: number, tabId: string) => `call-tab:${agentId}:${tabId}`;

/**
 * The rooms of the members of a group call's channel (its department's room and the administrators for a
 * department channel, the members' own rooms otherwise): they may join the call while it lasts, so they hear
 * how it stands. A direct call has none beyond its two participants. Read before the change is committed, so
 * the announcement after it goes out at once, in commit order.
 */
export async function callChannelRooms(em: Em, state: CallState): Promise<string[]> {
  if (state.kind !== 'group') return [];
  const conversation = await em.findOne(TeamConversation, { id: state.conversationId });
  return conversation ? teamConversationRooms(await conversationForAgentless(em, conversation)) : [];
}

/**
 * After a call's change is committed: everyone rung for it or in it hears its new state, newly rung agents
 * ring in every tab, and those who no longer ring stop; the other members of a group call's channel hear its
 * state too (`channelRooms`). Only agents' rooms in /agent: nothing else.
 */
export function announceCall(app: AppContext, id: number, state: CallState, effects: readonly CallEffect[], channelRooms: readonly string[] = []): void {
  const agents = app.connections.namespace;
  const dto = callDto(id, state);
  const ringing = new Set(effects.flatMap((e) => (e.type === 'ring' ? [e.agentId] : [])));
  const others = state.participants.map((p) => p.agentId).filter((agentId) => !ringing.has(agentId));
  if (others.length > 0) agents.to(others.map(rooms.agent)).emit('call:state', dto);
  if (channelRooms.length > 0) agents.to([...channelRooms]).except(state.participants.map((p) => rooms.agent(p.agentId))).emit('call:state', dto);
  if (ringing.size > 0) agents.to([...ringing].map(rooms.agent)).emit('call:ringing', dto);
  for (const effect of effects) {
    if (effect.type === 'stop_ringing') agents.to(rooms.agent(effect.agentId)).emit('call:stop_ringing', { callId: id, reason: effect.reason });
  }
}
