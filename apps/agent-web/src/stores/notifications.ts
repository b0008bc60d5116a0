import type { TicketAssignedToYouDto, TicketBadRatingDto, TicketRuleNoticeDto } from '@parley/protocol';
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

  /** What automation rules asked the agent to look at, newest first, until dismissed (a few at most). */
  const ruleNotices = ref<(TicketRuleNoticeDto & { readonly key: number })[]>([]);
  let noticeKey = 0;
  function addRuleNotice(notice: TicketRuleNoticeDto): void {
    ruleNotices.value = [{ ...notice, key: ++noticeKey }, ...ruleNotices.value].slice(0, 5);
  }
  function dismissRuleNotice(key: number): void {
    ruleNotices.value = ruleNotices.value.filter((notice) => notice.key !== key);
  }

  /** Bad ratings of my tickets (when the desk tells agents of them), newest first, until dismissed. */
  const ratingNotices = ref<(TicketBadRatingDto & { readonly key: number })[]>([]);
  function addRatingNotice(notice: TicketBadRatingDto): void {
    ratingNotices.value = [{ ...notice, key: ++noticeKey }, ...ratingNotices.value].slice(0, 5);
  }
  function dismissRatingNotice(key: number): void {
    ratingNotices.value = ratingNotices.value.filter((notice) => notice.key !== key);
  }

  function reset(): void {
    unread.value = new Map();
    ruleNotices.value = [];
    ratingNotices.value = [];
  }

  return { unread, count, add, markRead, ruleNotices, addRuleNotice, dismissRuleNotice, ratingNotices, addRatingNotice, dismissRatingNotice, reset };
});
