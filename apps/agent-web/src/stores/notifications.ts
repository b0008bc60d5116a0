import type { TicketAssignedToYouDto } from '@parley/protocol';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';

/**
 * Tickets someone else assigned to me that I have not opened yet: their count goes into the tab title, and
 * each arrival rings and, when the browser allows, shows a system notification.
 */
export const useNotificationsStore = defineStore('notifications', () => {
  const unread = ref(new Map<number, TicketAssignedToYouDto>());
  const count = computed(() => unread.value.size);

  function add(notice: TicketAssignedToYouDto): void {
    unread.value.set(notice.ticket.id, notice);
  }

  function markRead(ticketId: number): void {
    unread.value.delete(ticketId);
  }

  function reset(): void {
    unread.value = new Map();
  }

  return { unread, count, add, markRead, reset };
});
