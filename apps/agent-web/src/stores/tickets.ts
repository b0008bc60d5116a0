import { canAgentSeeTicket } from '@parley/domain';
import type { TicketDto } from '@parley/protocol';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { useSessionStore } from './session';

/**
 * Every ticket the console knows, by id: filled by lists, opened tickets and the server's live facts. Every
 * update carries updatedAt, so a late or repeated event never overwrites newer data. A ticket the agent may
 * no longer see (the server said so, or the agent's own change moved it out of reach by the domain's
 * visibility rule) is dropped and remembered as hidden, so a late answer cannot bring it back.
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

  /**
   * What the server sent (a list, a live fact, an opened ticket): the server only sends what the agent may
   * see. Keeps the newer of what it holds and what arrives; answers whether it took the ticket.
   */
  function upsert(ticket: TicketDto): boolean {
    const known = byId.value.get(ticket.id);
    if (known && known.updatedAt > ticket.updatedAt) return false;
    byId.value.set(ticket.id, ticket);
    hidden.value.delete(ticket.id);
    return true;
  }

  /**
   * The answer to the agent's own change (transfer, assignment…): the change itself may have moved the
   * ticket out of the agent's reach, and the server's "hidden" fact may already have come before it.
   */
  function applyOwnChange(ticket: TicketDto): boolean {
    if (!visible(ticket)) {
      hide(ticket.id);
      return false;
    }
    return upsert(ticket);
  }

  function hide(ticketId: number): void {
    byId.value.delete(ticketId);
    hidden.value.add(ticketId);
  }

  function reset(): void {
    byId.value = new Map();
    hidden.value = new Set();
  }

  return { byId, hidden, upsert, applyOwnChange, hide, reset };
});
