import type { ChatReceiptsDto } from '@parley/protocol';
import { defineStore } from 'pinia';
import { ref } from 'vue';

type Receipts = Pick<ChatReceiptsDto, 'deliveredUpToItemId' | 'seenUpToItemId'>;

/** A visitor's "typing" the console drops by itself when the server's "stopped" is lost (a blip). */
const VISITOR_TYPING_LAPSE_MS = 10_000;

/**
 * What the console knows live about the chats open in tabs: how far each visitor received and saw our
 * replies, and which visitors are typing right now.
 */
export const useChatsStore = defineStore('chats', () => {
  const receipts = ref(new Map<number, Receipts>());
  const typing = ref(new Set<number>());
  const timers = new Map<number, ReturnType<typeof setTimeout>>();

  function setReceipts(ticketId: number, next: Receipts): void {
    receipts.value.set(ticketId, { deliveredUpToItemId: next.deliveredUpToItemId, seenUpToItemId: next.seenUpToItemId });
  }

  function setVisitorTyping(ticketId: number, on: boolean): void {
    clearTimeout(timers.get(ticketId));
    timers.delete(ticketId);
    if (on) {
      typing.value.add(ticketId);
      timers.set(
        ticketId,
        setTimeout(() => setVisitorTyping(ticketId, false), VISITOR_TYPING_LAPSE_MS),
      );
    } else {
      typing.value.delete(ticketId);
    }
  }

  function reset(): void {
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
    receipts.value = new Map();
    typing.value = new Set();
  }

  return { receipts, typing, setReceipts, setVisitorTyping, reset };
});
