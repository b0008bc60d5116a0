import { canAgentSeeTicket } from '@parley/domain';
import type { TicketDto } from '@parley/protocol';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { useSessionStore } from './session';

/**
 * Every ticket the console knows, by id: filled by lists, opened tickets and the server's live facts. Every
 * update carries updatedAt, so a late or repeated event never overwrites newer data. A ticket the agent may
 * no longer see (by the domain's own visibility rule, or because the server said so) is dropped and
 * remembered as hidden, so a late answer cannot bring it back.
 */
export const useTicketsStore = defineStore('tickets', () => {
  const session = useSessionStore();
  const byId = ref(new Map<number, TicketDto>());
  const hidden = ref(new Set<number>());

  function visible(ticket: TicketDto): boolean {
    const agent = session.agent;
    if (!agent) return true;
    return canAgentSeeTicket(
      { kind: 'agent', agentId: agent.id, role: agent.role, departmentIds: agent.departmentIds },
      { ...ticket, contactId: ticket.contact?.id ?? null },
    );
  }

  /** Keeps the newer of what it holds and what arrives; answers whether it took the ticket. */
  function upsert(ticket: TicketDto): boolean {
    if (!visible(ticket)) {
      hide(ticket.id);
      return false;
    }
    const known = byId.value.get(ticket.id);
    if (known && known.updatedAt > ticket.updatedAt) return false;
    byId.value.set(ticket.id, ticket);
    hidden.value.delete(ticket.id);
    return true;
  }

  function hide(ticketId: number): void {
    byId.value.delete(ticketId);
    hidden.value.add(ticketId);
  }

  function reset(): void {
    byId.value = new Map();
    hidden.value = new Set();
  }

  return { byId, hidden, upsert, hide, reset };
});
