import { compareTicketsFor, type TicketListFilter, type TicketListSort, ticketMatchesFilter } from '@parley/domain';
import type { TicketDto } from '@parley/protocol';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { listTickets } from '../api/tickets';
import { useSessionStore } from './session';
import { useTicketsStore } from './tickets';

/** What the list shows: the filters, free text and order. */
export interface TicketListQuery extends TicketListFilter {
  readonly q?: string | undefined;
  readonly sort: TicketListSort;
}

const PAGE_SIZE = 100;

/**
 * The ticket list as the agent filtered it, kept live: pages from REST by cursor, then the server's facts.
 * A ticket an event tells about enters, stays or leaves by the domain's own filter rule and takes its place
 * by the same order as the server's. With free text, which only the server can match, a new ticket is left
 * to the next load and a changed one stays where it is.
 */
export const useTicketListStore = defineStore('ticketList', () => {
  const tickets = useTicketsStore();
  const session = useSessionStore();
  const query = ref<TicketListQuery>({ sort: '-waiting' });
  const ids = ref<number[]>([]);
  const nextCursor = ref<string | null>(null);
  const loading = ref(false);
  const loaded = ref(false);
  let generation = 0;
  /** Tickets events told about while a first page was on its way: placed again once it is in. */
  let arrivedDuringLoad: Set<number> | null = null;

  const rows = computed(() => ids.value.map((id) => tickets.byId.get(id)).filter((t): t is TicketDto => t !== undefined));

  async function load(next: TicketListQuery = query.value): Promise<void> {
    query.value = next;
    const mine = ++generation;
    const arrived = new Set<number>();
    arrivedDuringLoad = arrived;
    loading.value = true;
    try {
      const page = await listTickets({ ...next, limit: PAGE_SIZE });
      if (mine !== generation) return;
      for (const ticket of page.items) tickets.upsert(ticket);
      ids.value = page.items.map((t) => t.id);
      nextCursor.value = page.nextCursor;
      loaded.value = true;
      // The page may have been read before a change the socket already told about: place those again.
      for (const id of arrived) {
        const ticket = tickets.byId.get(id);
        if (ticket) place(ticket);
        else drop(id);
      }
    } finally {
      if (arrivedDuringLoad === arrived) arrivedDuringLoad = null;
      if (mine === generation) loading.value = false;
    }
  }

  async function loadMore(): Promise<void> {
    if (!nextCursor.value || loading.value) return;
    const mine = generation;
    loading.value = true;
    try {
      const page = await listTickets({ ...query.value, cursor: nextCursor.value, limit: PAGE_SIZE });
      if (mine !== generation) return;
      const known = new Set(ids.value);
      for (const ticket of page.items) tickets.upsert(ticket);
      ids.value = [...ids.value, ...page.items.map((t) => t.id).filter((id) => !known.has(id))];
      nextCursor.value = page.nextCursor;
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  /** A ticket the server says was created or changed: place it, keep it or let it go. */
  function place(ticket: TicketDto): void {
    arrivedDuringLoad?.add(ticket.id);
    if (!loaded.value) return;
    const current = tickets.byId.get(ticket.id) ?? ticket;
    const listed = ids.value.includes(ticket.id);
    const agentId = session.agent?.id ?? 0;
    if (!ticketMatchesFilter(current, query.value, agentId)) {
      if (listed) ids.value = ids.value.filter((id) => id !== ticket.id);
      return;
    }
    if (query.value.q && !listed) return;
    const compare = compareTicketsFor(query.value.sort);
    const others = ids.value.filter((id) => id !== ticket.id);
    let at = others.findIndex((id) => {
      const other = tickets.byId.get(id);
      return other !== undefined && compare(current, other) < 0;
    });
    // Past the last loaded row it belongs to a page not fetched yet, unless every page is here.
    if (at < 0) {
      if (nextCursor.value) {
        ids.value = others;
        return;
      }
      at = others.length;
    }
    others.splice(at, 0, ticket.id);
    ids.value = others;
  }

  function drop(ticketId: number): void {
    arrivedDuringLoad?.add(ticketId);
    ids.value = ids.value.filter((id) => id !== ticketId);
  }

  function reset(): void {
    generation++;
    ids.value = [];
    nextCursor.value = null;
    loaded.value = false;
    loading.value = false;
  }

  return { query, ids, rows, nextCursor, loading, loaded, load, loadMore, place, drop, reset };
});
