import type { CallEffect, CallState } from '@parley/domain';
import type { AppContext } from '../../app-context.js';
import { rooms } from '../../realtime/rooms.js';
import { callDto } from './call-dto.js';

/** The room of one console tab in one agent's calls: signals for that tab reach it on whichever instance. */
export const callTabRoom = (agentId: number, tabId: string) => `call-tab:${agentId}:${tabId}`;

/**
 * After a call's change is committed: everyone rung for it or in it hears its new state, newly rung agents
 * ring in every tab, and those who no longer ring stop. Only agents' own rooms in /agent: nothing else.
 */
export function announceCall(app: AppContext, id: number, state: CallState, effects: readonly CallEffect[]): void {
  const agents = app.connections.namespace;
  const dto = callDto(id, state);
  const ringing = new Set(effects.flatMap((e) => (e.type === 'ring' ? [e.agentId] : [])));
  const others = state.participants.map((p) => p.agentId).filter((agentId) => !ringing.has(agentId));
  if (others.length > 0) agents.to(others.map(rooms.agent)).emit('call:state', dto);
  if (ringing.size > 0) agents.to([...ringing].map(rooms.agent)).emit('call:ringing', dto);
  for (const effect of effects) {
    if (effect.type === 'stop_ringing') agents.to(rooms.agent(effect.agentId)).emit('call:stop_ringing', { callId: id, reason: effect.reason });
  }
}
