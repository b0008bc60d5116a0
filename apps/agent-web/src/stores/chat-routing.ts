import type { ChatInvitedDto, ChatOfferDto, ChatSessionDto, MyChatsDto } from '@parley/protocol';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { useAgentConnectionStore } from './agent-connection';

/**
 * Chats ringing on this console and the chats the agent owns. The server decides who is rung; this keeps
 * what it said (`chat:offered`, `chat:offer_withdrawn`, `chat:mine`) and asks again after every (re)connect.
 */
export const useChatRoutingStore = defineStore('chatRouting', () => {
  const offers = ref<ChatOfferDto[]>([]);
  const mine = ref<MyChatsDto>({ count: 0, ticketIds: [] });
  /** Offers this console answered itself: a late `chat:offered` for them is not shown again. */
  const answered = new Set<number>();
  /** Chats a colleague brought this agent into, until opened or dismissed. */
  const invitations = ref<ChatInvitedDto[]>([]);
  const ringing = computed(() => offers.value.length > 0);

  function invited(invitation: ChatInvitedDto): void {
    invitations.value = [...invitations.value.filter((i) => i.ticketId !== invitation.ticketId), invitation];
  }

  function dismissInvitation(ticketId: number): void {
    invitations.value = invitations.value.filter((i) => i.ticketId !== ticketId);
  }

  function offered(offer: ChatOfferDto): void {
    if (answered.has(offer.ticketId)) return;
    offers.value = [...offers.value.filter((o) => o.ticketId !== offer.ticketId), offer];
  }

  function withdrawn(ticketId: number): void {
    offers.value = offers.value.filter((o) => o.ticketId !== ticketId);
  }

  function setMine(next: MyChatsDto): void {
    mine.value = next;
  }

  /** What rings for this console right now (after a reload or a reconnect, events missed are not replayed). */
  async function hydrate(): Promise<void> {
    const pending = await useAgentConnectionStore().command('chat:offers', {});
    answered.clear();
    offers.value = pending.offers;
    mine.value = pending.mine;
  }

  /** Takes the chat; refused (`chat/already_taken`) when a colleague was faster, and then it stops ringing too. */
  async function accept(ticketId: number): Promise<ChatSessionDto> {
    answered.add(ticketId);
    try {
      return await useAgentConnectionStore().command('chat:accept', { ticketId });
    } finally {
      withdrawn(ticketId);
    }
  }

  async function decline(ticketId: number): Promise<void> {
    answered.add(ticketId);
    withdrawn(ticketId);
    await useAgentConnectionStore().command('chat:decline', { ticketId }).catch(() => undefined);
  }

  function reset(): void {
    offers.value = [];
    mine.value = { count: 0, ticketIds: [] };
    invitations.value = [];
    answered.clear();
  }

  return { offers, mine, invitations, ringing, offered, withdrawn, setMine, invited, dismissInvitation, hydrate, accept, decline, reset };
});
