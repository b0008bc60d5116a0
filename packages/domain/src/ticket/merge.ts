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
