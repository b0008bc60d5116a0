import type { ChatReceiptsDto } from '@parley/protocol';
import { defineStore } from 'pinia';
import { ref } from 'vue';

/** The receipts of the chats open in tabs: how far the visitor received and saw our replies. */
export const useChatReceiptsStore = defineStore('chat-receipts', () => {
  const byTicket = ref(new Map<number, Pick<ChatReceiptsDto, 'deliveredUpToItemId' | 'seenUpToItemId'>>());

  function set(ticketId: number, receipts: Pick<ChatReceiptsDto, 'deliveredUpToItemId' | 'seenUpToItemId'>): void {
    byTicket.value.set(ticketId, { deliveredUpToItemId: receipts.deliveredUpToItemId, seenUpToItemId: receipts.seenUpToItemId });
  }

  function reset(): void {
    byTicket.value = new Map();
  }

  return { byTicket, set, reset };
});
