import type { AgentNamespace, AgentRemoteSocket } from './socket-types.js';
import { rooms } from './rooms.js';

/**
 * Who is connected, read from the sockets themselves: fetchSockets asks every instance (through the Redis
 * adapter when there are several), so no instance keeps its own list that could go stale when another dies.
 */
export class AgentConnections {
  #agents: AgentNamespace | null = null;

  attach(agents: AgentNamespace): void {
    this.#agents = agents;
  }

  get namespace(): AgentNamespace {
    if (!this.#agents) throw new Error('Realtime is not started.');
    return this.#agents;
  }

  /** Agents with at least one open connection on any instance. */
  async connectedAgentIds(): Promise<Set<number>> {
    const sockets = await this.namespace.fetchSockets();
    return new Set(sockets.map((s) => s.data.agentId));
  }

  /** One agent's open connections on every instance. */
  socketsOf(agentId: number): Promise<AgentRemoteSocket[]> {
    return this.namespace.in(rooms.agent(agentId)).fetchSockets();
  }
}
