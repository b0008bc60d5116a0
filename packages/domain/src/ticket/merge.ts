import { DomainError, ErrorCodes } from '../errors.js';
import type { AgentPrincipal } from '../principal.js';
import { canAgentSeeTicket } from '../visibility.js';
import type { TicketState } from './ticket.js';

/**
 * Merging, splitting and linking tickets: who may, what is refused, and what each ticket becomes. The
 * server carries a plan out in one transaction; nothing here reads the clock or the database.
 */

/** What a merge needs of each ticket involved. */
export type MergeableTicket = Pick<TicketState, 'departmentId' | 'assignedAgentId' | 'createdByAgentId' | 'internal' | 'contactId' | 'status'> & {
  readonly id: number;
  readonly cc: readonly string[];
  /** The contact's address, which joins the surviving ticket's CC when the contacts differ. */
  readonly contactEmail: string | null;
  /** Set once the ticket was merged away into another. */
  readonly mergedIntoId: number | null;
};

/** How many tickets one merge may take in: a merge is one transaction, and a huge one would hold it long. */
export const MERGE_MAX_SOURCES = 50;
/** How long a merge can be undone, from the moment it was made. */
export const MERGE_UNDO_WINDOW_MS = 10 * 60_000;

export interface MergePlan {
  readonly targetId: number;
  readonly sourceIds: readonly number[];
  /** The surviving ticket's CC after the merge: its own, the sources' CC and the sources' contacts' addresses. */
  readonly targetCc: readonly string[];
}

/**
 * Merge `sources` into `target`. Refused when the agent may not see every ticket involved (the same answer as
 * for a ticket that does not exist, so nothing is learned), when a ticket is merged with itself or twice,
 * when one was already merged away, and when internal and customer tickets would be mixed: an internal
 * ticket's thread must never become part of a conversation a customer can read.
 */
export function planMerge(agent: AgentPrincipal, target: MergeableTicket, sources: readonly MergeableTicket[]): MergePlan {
  if (sources.length === 0) throw new DomainError(ErrorCodes.ticketMergeInvalid, 'Choose at least one ticket to merge.');
  if (sources.length > MERGE_MAX_SOURCES) throw new DomainError(ErrorCodes.ticketMergeInvalid, `At most ${MERGE_MAX_SOURCES} tickets can be merged at once.`);
  for (const ticket of [target, ...sources]) {
    if (!canAgentSeeTicket(agent, ticket)) throw new DomainError(ErrorCodes.ticketNotFound, `Ticket #${ticket.id} does not exist.`);
  }
  const ids = new Set<number>([target.id]);
  for (const source of sources) {
    if (ids.has(source.id)) throw new DomainError(ErrorCodes.ticketMergeInvalid, `Ticket #${source.id} is named twice in the merge.`);
    ids.add(source.id);
  }
  for (const ticket of [target, ...sources]) {
    if (ticket.mergedIntoId !== null) throw new DomainError(ErrorCodes.ticketAlreadyMerged, `Ticket #${ticket.id} was already merged into #${ticket.mergedIntoId}.`);
  }
  if (sources.some((source) => source.internal !== target.internal)) {
    throw new DomainError(ErrorCodes.ticketMergeMixesInternal, 'Internal tickets and customer tickets cannot be merged together.');
  }
  return { targetId: target.id, sourceIds: sources.map((source) => source.id), targetCc: mergedCc(target, sources) };
}

function mergedCc(target: MergeableTicket, sources: readonly MergeableTicket[]): string[] {
  const own = target.contactEmail?.toLowerCase() ?? null;
  const seen = new Set<string>();
  const cc: string[] = [];
  const add = (address: string | null) => {
    if (!address) return;
    const key = address.toLowerCase();
    if (key === own || seen.has(key)) return;
    seen.add(key);
    cc.push(address);
  };
  for (const address of target.cc) add(address);
  for (const source of sources) {
    if (source.contactId !== target.contactId) add(source.contactEmail);
    for (const address of source.cc) add(address);
  }
  return cc;
}

/** Whether a merge made at `mergedAt` can still be undone at `now`. */
export function canUndoMerge(mergedAt: Date, now: Date): boolean {
  const elapsed = now.getTime() - mergedAt.getTime();
  return elapsed >= 0 && elapsed <= MERGE_UNDO_WINDOW_MS;
}

/** Refuses an undo once its window has passed. */
export function assertMergeUndoable(mergedAt: Date, now: Date): void {
  if (!canUndoMerge(mergedAt, now)) throw new DomainError(ErrorCodes.ticketMergeUndoExpired, 'This merge can no longer be undone.');
}

/**
 * Where a message for `ticketId` belongs: a merged-away ticket keeps answering by passing its mail and chats
 * on to the ticket it was merged into. `mergedInto` maps a ticket to the one it went into; chains are followed
 * (A into B, later B into C), and a cycle, which no merge can make, stops at the ticket where it would repeat.
 */
export function survivingTicketId(ticketId: number, mergedInto: (id: number) => number | null): number {
  const visited = new Set<number>([ticketId]);
  let current = ticketId;
  for (let next = mergedInto(current); next !== null && !visited.has(next); next = mergedInto(current)) {
    visited.add(next);
    current = next;
  }
  return current;
}

/** What a split needs of each item of the thread, in thread order. */
export interface SplittableItem {
  readonly id: number;
  readonly kind: string;
}

/**
 * Split a ticket from one message onward into a new ticket: the items from `fromItemId` on move. Refused when
 * the item is not a message of this ticket, or when it is the first message (nothing would stay behind).
 */
export function planSplit(agent: AgentPrincipal, ticket: MergeableTicket, items: readonly SplittableItem[], fromItemId: number): { readonly movedItemIds: readonly number[] } {
  if (!canAgentSeeTicket(agent, ticket)) throw new DomainError(ErrorCodes.ticketNotFound, `Ticket #${ticket.id} does not exist.`);
  if (ticket.mergedIntoId !== null) throw new DomainError(ErrorCodes.ticketAlreadyMerged, `Ticket #${ticket.id} was merged into #${ticket.mergedIntoId}.`);
  const index = items.findIndex((item) => item.id === fromItemId);
  if (index === -1) throw new DomainError(ErrorCodes.ticketSplitInvalid, 'That message is not part of this ticket.');
  const from = items[index]!;
  if (from.kind !== 'customer_message' && from.kind !== 'agent_reply') {
    throw new DomainError(ErrorCodes.ticketSplitInvalid, 'A ticket is split from a customer message or a reply.');
  }
  const firstMessage = items.findIndex((item) => item.kind === 'customer_message' || item.kind === 'agent_reply');
  if (index <= firstMessage) throw new DomainError(ErrorCodes.ticketSplitInvalid, 'Splitting from the first message would leave the ticket empty.');
  return { movedItemIds: items.slice(index).map((item) => item.id) };
}

/** A link between two tickets, stored once with the smaller id first; linking a ticket to itself is refused. */
export function ticketLink(a: number, b: number): { readonly low: number; readonly high: number } {
  if (a === b) throw new DomainError(ErrorCodes.ticketLinkInvalid, 'A ticket cannot be linked to itself.');
  return a < b ? { low: a, high: b } : { low: b, high: a };
}

/**
 * Whether the surviving ticket waits for an agent after a merge: a source whose customer was still waiting
 * brings that wait along (the earliest one counts), turning an Answered ticket back to Open. A resolved or
 * postponed ticket stays as it is; the agent who merged into it chose so.
 */
export function waitingAfterMerge(
  target: Pick<TicketState, 'status' | 'waitingSince'>,
  sourcesWaitingSince: readonly (Date | null)[],
): Pick<TicketState, 'status' | 'waitingSince'> {
  if (target.status === 'resolved' || target.status === 'postponed') return { status: target.status, waitingSince: target.waitingSince };
  const waits = [target.waitingSince, ...sourcesWaitingSince].filter((at): at is Date => at !== null);
  if (waits.length === 0) return { status: target.status, waitingSince: target.waitingSince };
  const earliest = new Date(Math.min(...waits.map((at) => at.getTime())));
  return { status: target.status === 'answered' ? 'open' : target.status, waitingSince: earliest };
}

/** A thread item's kind and time, as the conversation's state is derived from them. */
export interface TimedItem {
  readonly kind: string;
  readonly createdAt: Date;
}

/**
 * Where a conversation stands, read from its messages (after a split, for both halves): who spoke last, and
 * since when the customer has waited — the first customer message after the last reply.
 */
export function conversationState(
  items: readonly TimedItem[],
): Pick<TicketState, 'firstAgentReplyAt' | 'lastCustomerMessageAt' | 'lastAgentReplyAt' | 'waitingSince'> & { readonly status: 'open' | 'answered' } {
  let firstAgentReplyAt: Date | null = null;
  let lastAgentReplyAt: Date | null = null;
  let lastCustomerMessageAt: Date | null = null;
  let waitingSince: Date | null = null;
  for (const item of items) {
    if (item.kind === 'agent_reply') {
      firstAgentReplyAt ??= item.createdAt;
      lastAgentReplyAt = item.createdAt;
      waitingSince = null;
    } else if (item.kind === 'customer_message') {
      lastCustomerMessageAt = item.createdAt;
      waitingSince ??= item.createdAt;
    }
  }
  return { status: waitingSince ? 'open' : 'answered', firstAgentReplyAt, lastAgentReplyAt, lastCustomerMessageAt, waitingSince };
}

/**
 * What a customer must not read on a ticket other customers' tickets were merged into: the items those
 * tickets brought, and what those customers wrote since. They are agents' business (and each of those
 * customers still reads their own through their own link); replies sent after the merge went to everyone.
 */
export function withoutMergedStrangers<T extends { readonly id: number; readonly kind: string; readonly authorContact?: number | null }>(
  items: readonly T[],
  strangers: { readonly itemIds: ReadonlySet<number>; readonly contactIds: ReadonlySet<number> },
): T[] {
  return items.filter(
    (item) => !strangers.itemIds.has(item.id) && !(item.kind === 'customer_message' && item.authorContact != null && strangers.contactIds.has(item.authorContact)),
  );
}
