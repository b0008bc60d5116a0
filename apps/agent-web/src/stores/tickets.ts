import type { TicketDto } from '@parley/protocol';
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { listWaitingTickets } from '../api/tickets';
import { type AgentSocket, connectAgentSocket } from '../realtime/agent-socket';

const WAITING = new Set(['new', 'open']);

/**
 * The queue of tickets waiting for an agent, kept live: a first page from REST, then the server's facts
 * over the socket. Every update carries updatedAt, so a late or repeated event never overwrites newer data.
 */
export const useTicketsStore = defineStore('tickets', () => {
  const byId = ref(new Map<number, TicketDto>());
  const connected = ref(false);
  const socket = shallowRef<AgentSocket | null>(null);

  const waiting = computed(() =>
    [...byId.value.values()]
      .filter((t) => WAITING.has(t.status))
      .sort((a, b) => (a.waitingSince ?? '\uffff').localeCompare(b.waitingSince ?? '\uffff') || a.id - b.id),
  );

  function upsert(ticket: TicketDto): void {
    const known = byId.value.get(ticket.id);
    if (known && known.updatedAt > ticket.updatedAt) return;
    byId.value.set(ticket.id, ticket);
  }

  function remove(ticketId: number): void {
    byId.value.delete(ticketId);
  }

  async function hydrate(): Promise<void> {
    const page = await listWaitingTickets();
    const next = new Map<number, TicketDto>();
    for (const ticket of page.items) next.set(ticket.id, ticket);
    byId.value = next;
  }

  /** Loads the queue and follows it live until reset(). */
  async function start(): Promise<void> {
    if (!socket.value) {
      const live = connectAgentSocket(() => void hydrate().catch(() => undefined));
      live.on('connect', () => {
        connected.value = true;
      });
      live.on('disconnect', () => {
        connected.value = false;
      });
      live.on('ticket:created', upsert);
      live.on('ticket:updated', upsert);
      live.on('ticket:hidden', ({ ticketId }) => remove(ticketId));
      socket.value = live;
    }
    await hydrate();
  }

  function reset(): void {
    socket.value?.close();
    socket.value = null;
    connected.value = false;
    byId.value = new Map();
  }

  return { byId, waiting, connected, upsert, remove, hydrate, start, reset };
});
