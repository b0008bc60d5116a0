import { type TicketAudienceSnapshot, ticketAudience } from '@parley/domain';

/**
 * Room names for the /agent namespace, and audiences computed from the domain's visibility rules. Visitors
 * live in another namespace entirely, so nothing emitted here can reach them.
 */
export const rooms = {
  agent: (id: number) => `agent:${id}`,
  department: (id: number) => `department:${id}`,
  ticket: (id: number) => `ticket:${id}`,
  administrators: 'administrators',
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
