import { canSeeThreadItem, type ThreadItemKind, type TicketAudienceSnapshot, ticketAudience } from '@parley/domain';

/**
 * Room names for the /agent namespace, and audiences computed from the domain's visibility rules. Visitors
 * live in another namespace entirely, so nothing emitted here can reach them.
 */
export const rooms = {
  agent: (id: number) => `agent:${id}`,
  department: (id: number) => `department:${id}`,
  ticket: (id: number) => `ticket:${id}`,
  administrators: 'administrators',
  /** The connections opened with one session or one API token, so revoking it reaches them on every instance. */
  session: (id: number) => `session:${id}`,
  apiToken: (id: number) => `api-token:${id}`,
} as const;

/** Every room whose agents may see a ticket in this state. */
export function ticketRooms(ticket: TicketAudienceSnapshot): string[] {
  const audience = ticketAudience(ticket);
  return [
    ...audience.departmentIds.map(rooms.department),
    ...audience.agentIds.map(rooms.agent),
    rooms.administrators,
  ];
}

/** Room names for the /visitor namespace: one per visitor (all their tabs), nothing shared between visitors. */
export const visitorRooms = {
  visitor: (visitorId: string) => `visitor:${visitorId}`,
} as const;

/**
 * The visitor rooms that may hear of one thread item: those of the visitors whose chat this ticket is, and
 * only when the ticket's customer may see the item (domain visibility: never a note, a system event or
 * anything of an internal ticket).
 */
export function chatItemVisitorRooms(
  ticket: TicketAudienceSnapshot,
  item: { readonly kind: ThreadItemKind },
  chatVisitorIds: readonly string[],
): string[] {
  if (ticket.contactId === null) return [];
  if (!canSeeThreadItem({ kind: 'customer', contactId: ticket.contactId }, ticket, item)) return [];
  return chatVisitorIds.map(visitorRooms.visitor);
}
