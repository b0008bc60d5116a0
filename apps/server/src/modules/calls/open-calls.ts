import { advanceCallTimers, agentsInCall } from '@parley/domain';
import type { Em } from '../../db/orm.js';
import { AgentCall } from './call.entity.js';

/** Calls not ended yet: few at any time (each holds agents), read whole to know who is busy. */
export async function openCalls(em: Em): Promise<AgentCall[]> {
  return em.find(AgentCall, { status: { $ne: 'ended' } });
}

/** The agents in a call right now, its timers applied (a lost console past its grace is out of it). */
export async function agentsInCalls(em: Em, now: number): Promise<Set<number>> {
  const busy = new Set<number>();
  for (const call of await openCalls(em)) for (const agentId of agentsInCall(advanceCallTimers(call.state, now).state)) busy.add(agentId);
  return busy;
}
