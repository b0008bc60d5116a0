import type { ChatSessionDto, TicketDto } from '@parley/protocol';
import { type Ref, ref, watch } from 'vue';
import { useAgentConnectionStore } from '../stores/agent-connection';

/**
 * A chat ticket's routing (who has it, who was invited, whether it waits), read again whenever the ticket
 * itself changes (an accept, a transfer and a resolution all change the ticket) and after a reconnect.
 * Null for other tickets, or while it is not known.
 */
export function useChatSession(ticket: Ref<TicketDto>): { session: Ref<ChatSessionDto | null>; reload(): Promise<void> } {
  const connection = useAgentConnectionStore();
  const session = ref<ChatSessionDto | null>(null);

  async function reload(): Promise<void> {
    if (ticket.value.channel !== 'chat' || !connection.connected) {
      session.value = null;
      return;
    }
    const id = ticket.value.id;
    try {
      const read = await connection.command('chat:session', { ticketId: id });
      if (ticket.value.id === id) session.value = read;
    } catch {
      session.value = null;
    }
  }

  watch(() => [ticket.value.id, ticket.value.updatedAt, connection.connected] as const, () => void reload(), { immediate: true });
  return { session, reload };
}
