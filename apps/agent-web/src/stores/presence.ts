import type { AgentPresenceDto, TicketViewerDto } from '@parley/protocol';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { listAgentPresence } from '../api/organisation';

/**
 * Who is around: each agent's availability, whether they are connected and in a call, and, per ticket open in some
 * console, who views it and who is writing a reply. The server computes both from live sockets.
 */
export const usePresenceStore = defineStore('presence', () => {
  const agents = ref(new Map<number, AgentPresenceDto>());
  const viewers = ref(new Map<number, TicketViewerDto[]>());

  async function hydrate(): Promise<void> {
    const { items } = await listAgentPresence();
    agents.value = new Map(items.map((p) => [p.agentId, p]));
  }

  function setAgent(presence: AgentPresenceDto): void {
    agents.value.set(presence.agentId, presence);
  }

  /** Online now: connected and not away or offline by choice. */
  function isOnline(agentId: number): boolean {
    const presence = agents.value.get(agentId);
    return presence?.connected === true && presence.availability === 'online';
  }

  /** In a call with colleagues right now. */
  function isInCall(agentId: number): boolean {
    return agents.value.get(agentId)?.inCall === true;
  }

  function setViewers(ticketId: number, list: TicketViewerDto[]): void {
    viewers.value.set(ticketId, list);
  }

  function reset(): void {
    agents.value = new Map();
    viewers.value = new Map();
  }

  return { agents, viewers, hydrate, setAgent, isOnline, isInCall, setViewers, reset };
});
