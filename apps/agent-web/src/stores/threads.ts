import type { EditableNoteDto, ThreadItemDto, TicketSatisfactionDto } from '@parley/protocol';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { getTicket } from '../api/tickets';
import { useTicketsStore } from './tickets';

export interface TicketThread {
  readonly items: ThreadItemDto[];
  readonly note: EditableNoteDto | null;
  /** The customer's satisfaction survey, once they were asked. */
  readonly satisfaction: TicketSatisfactionDto | null;
}

/**
 * The threads of the tickets open in tabs, in time order, and their ticket notes. Items are insert-only on
 * the server, so an item is added once by id; an item this console sent comes back with its client id and
 * takes the place of nothing twice.
 */
export const useThreadsStore = defineStore('threads', () => {
  const tickets = useTicketsStore();
  const byTicket = ref(new Map<number, TicketThread>());

  async function load(ticketId: number): Promise<void> {
    const detail = await getTicket(ticketId);
    tickets.upsert(detail.ticket);
    byTicket.value.set(ticketId, { items: [...detail.thread].sort((a, b) => a.id - b.id), note: detail.note, satisfaction: detail.satisfaction });
  }

  function addItem(item: ThreadItemDto): void {
    const thread = byTicket.value.get(item.ticketId);
    if (!thread || thread.items.some((known) => known.id === item.id)) return;
    const items = [...thread.items, item].sort((a, b) => a.id - b.id);
    byTicket.value.set(item.ticketId, { ...thread, items, satisfaction: satisfactionAfter(thread.satisfaction, item) });
  }

  /** Our emailed reply moved on its way out (live, or the answer of a retry). */
  function setDelivery(ticketId: number, itemId: number, state: NonNullable<ThreadItemDto['email']>['deliveryState']): void {
    const thread = byTicket.value.get(ticketId);
    if (!thread) return;
    const items = thread.items.map((item) => (item.id === itemId && item.email ? { ...item, email: { ...item.email, deliveryState: state } } : item));
    byTicket.value.set(ticketId, { ...thread, items });
  }

  function setNote(ticketId: number, note: EditableNoteDto | null): void {
    const thread = byTicket.value.get(ticketId);
    if (thread) byTicket.value.set(ticketId, { ...thread, note });
  }

  function forget(ticketId: number): void {
    byTicket.value.delete(ticketId);
  }

  function reset(): void {
    byTicket.value = new Map();
  }

  return { byTicket, load, addItem, setDelivery, setNote, forget, reset };
});

/** A rating arrives as its system event on the thread: the survey shown beside the ticket follows it live. */
function satisfactionAfter(known: TicketSatisfactionDto | null, item: ThreadItemDto): TicketSatisfactionDto | null {
  const event = item.systemEvent;
  if (event?.type !== 'rated') return known;
  const rated = { rating: event.rating, comment: event.comment, ratedAt: item.createdAt };
  // Opened before the survey was made: how it was asked is not known here, and once rated it is not shown.
  return known ? { ...known, ...rated } : { way: 'email', askedAt: item.createdAt, sentAt: null, ...rated };
}
