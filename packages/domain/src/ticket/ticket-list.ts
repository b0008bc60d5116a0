import type { BaseStatus } from './status.js';
import type { Channel, Priority } from './ticket.js';

/** The orders a ticket list can take; `-waiting` (the default) puts the longest-waiting first. */
/** `sla`: the soonest service-level due time first (tickets with nothing due last). */
export const TICKET_LIST_SORTS = ['-waiting', 'waiting', '-created', 'created', '-updated', 'updated', 'sla'] as const;
export type TicketListSort = (typeof TICKET_LIST_SORTS)[number];

/**
 * Where a ticket lies: the normal queue, the trash (restorable until purged) or spam. Lists show one folder
 * at a time, the queue unless asked; nothing in a ticket's thread changes when it moves.
 */
export const TICKET_FOLDERS = ['inbox', 'trash', 'spam'] as const;
export type TicketFolder = (typeof TICKET_FOLDERS)[number];

/** A ticket list's filters, as an agent sets them in the console or saves them as a view. */
export interface TicketListFilter {
  /** The queue ('inbox') unless given. */
  readonly folder?: TicketFolder | undefined;
  readonly status?: readonly BaseStatus[] | undefined;
  /** One custom status ("Waiting for the supplier"): the tickets that have it. */
  readonly customStatusId?: number | undefined;
  readonly departmentId?: readonly number[] | undefined;
  /** 'none': nobody's yet; 'me': the asking agent's. */
  readonly agentId?: 'none' | 'me' | number | undefined;
  readonly channel?: readonly Channel[] | undefined;
  readonly priority?: readonly Priority[] | undefined;
  readonly tag?: string | undefined;
  readonly internal?: boolean | undefined;
}

type Instant = string | Date | null;

/** What a list needs of a ticket to place it: the fields filters and sorts read. */
export interface ListedTicket {
  readonly id: number;
  readonly status: BaseStatus;
  readonly customStatusId: number | null;
  readonly departmentId: number | null;
  readonly assignedAgentId: number | null;
  readonly channel: Channel;
  readonly priority: Priority;
  readonly internal: boolean;
  readonly tags: readonly string[];
  readonly waitingSince: Instant;
  readonly updatedAt: Instant;
  readonly folder: TicketFolder;
  /** The service-level schedule, when a policy covers the ticket. */
  readonly sla?: { readonly nextDueAt: Instant } | null;
}

/**
 * Whether a ticket belongs in a list with these filters, for the asking agent. The server applies the same
 * filters in SQL; a live list uses this to take in, keep or drop a ticket an event tells it about. Free-text
 * search is the server's alone (it reads contacts' addresses), so a list with text re-asks the server.
 */
export function ticketMatchesFilter(ticket: ListedTicket, filter: TicketListFilter, agentId: number): boolean {
  if (ticket.folder !== (filter.folder ?? 'inbox')) return false;
  if (filter.status?.length && !filter.status.includes(ticket.status)) return false;
  if (filter.customStatusId !== undefined && ticket.customStatusId !== filter.customStatusId) return false;
  if (filter.departmentId?.length && (ticket.departmentId === null || !filter.departmentId.includes(ticket.departmentId))) return false;
  if (filter.agentId === 'none' && ticket.assignedAgentId !== null) return false;
  if (filter.agentId === 'me' && ticket.assignedAgentId !== agentId) return false;
  if (typeof filter.agentId === 'number' && ticket.assignedAgentId !== filter.agentId) return false;
  if (filter.channel?.length && !filter.channel.includes(ticket.channel)) return false;
  if (filter.priority?.length && !filter.priority.includes(ticket.priority)) return false;
  if (filter.tag && !ticket.tags.includes(filter.tag.toLowerCase())) return false;
  if (filter.internal !== undefined && ticket.internal !== filter.internal) return false;
  return true;
}

function epoch(value: Instant): number | null {
  if (value === null) return null;
  return value instanceof Date ? value.getTime() : Date.parse(value);
}

/**
 * The list's order as a comparator, the same as the server's keyset order: by the sort's time (tickets
 * without one last), then by id in the same direction.
 */
export function compareTicketsFor(sort: TicketListSort): (a: ListedTicket, b: ListedTicket) => number {
  const descending = sort === 'waiting' || sort === '-created' || sort === '-updated';
  const direction = descending ? -1 : 1;
  const field = sort.endsWith('waiting') ? 'waitingSince' : sort.endsWith('updated') ? 'updatedAt' : sort === 'sla' ? 'sla' : null;
  const timeOf = (ticket: ListedTicket): Instant => (field === 'sla' ? (ticket.sla?.nextDueAt ?? null) : field ? ticket[field] : null);
  return (a, b) => {
    if (field) {
      const x = epoch(timeOf(a));
      const y = epoch(timeOf(b));
      if (x === null && y !== null) return 1;
      if (y === null && x !== null) return -1;
      if (x !== null && y !== null && x !== y) return (x - y) * direction;
    }
    return (a.id - b.id) * direction;
  };
}
