import type { AgentPresenceDto } from '@parley/protocol';
import type { AgentScope, AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { Agent } from '../agents/agent.entity.js';
import { agentsInCalls } from '../calls/open-calls.js';

/** Every active agent's presence: availability from the database, connection from the live sockets, calls from the stored calls. */
export async function listAgentPresence(scope: AgentScope): Promise<AgentPresenceDto[]> {
  const [agents, connected, inCall] = await Promise.all([
    scope.em.find(Agent, { active: true }, { fields: ['id', 'availability'], orderBy: { id: 'asc' } }),
    scope.app.connections.connectedAgentIds(),
    agentsInCalls(scope.em, scope.app.clock.now().getTime()),
  ]);
  return agents.map((a) => ({ agentId: a.id, availability: a.availability, connected: connected.has(a.id), inCall: inCall.has(a.id) }));
}

/** One agent's presence as it is right now, or null when the agent does not exist. */
export async function presenceOf(app: AppContext, em: Em, agentId: number): Promise<AgentPresenceDto | null> {
  const [agent, sockets, inCall] = await Promise.all([
    em.findOne(Agent, { id: agentId }, { fields: ['id', 'availability'] }),
    app.connections.socketsOf(agentId),
    agentsInCalls(em, app.clock.now().getTime()),
  ]);
  return agent ? { agentId, availability: agent.availability, connected: sockets.length > 0, inCall: inCall.has(agentId) } : null;
}
