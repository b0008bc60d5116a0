import type { AgentAvailability } from '../presence.js';

/**
 * Auto-assignment of new email, web-form and API tickets, switched on per department: to the next agent in
 * turn (round robin) or to the one with the fewest open tickets, among the department's active, online agents
 * who have room under their maximum of open tickets. Away and offline agents are skipped; when nobody has
 * room the ticket waits for "To solve" as before. Chats keep their own routing.
 */
export const AUTO_ASSIGNMENT_MODES = ['off', 'round_robin', 'least_loaded'] as const;
export type AutoAssignmentMode = (typeof AUTO_ASSIGNMENT_MODES)[number];

export const DEFAULT_MAX_OPEN_TICKETS = 20;

export interface AssignmentCandidate {
  readonly agentId: number;
  readonly active: boolean;
  readonly availability: AgentAvailability;
  /** Tickets assigned to them that are not resolved. */
  readonly openTickets: number;
  readonly maxOpenTickets: number;
  /** When auto-assignment last gave them a ticket in this department; null: never. */
  readonly lastAssignedAt: number | null;
}

/** Whom a new ticket goes to, or null to leave it in the queue. Ties go to the agent with the lower id. */
export function chooseAssignee(mode: AutoAssignmentMode, candidates: readonly AssignmentCandidate[]): number | null {
  if (mode === 'off') return null;
  const eligible = candidates.filter((agent) => agent.active && agent.availability === 'online' && agent.openTickets < agent.maxOpenTickets);
  if (eligible.length === 0) return null;
  const longestWithout = (a: AssignmentCandidate, b: AssignmentCandidate) => (a.lastAssignedAt ?? -Infinity) - (b.lastAssignedAt ?? -Infinity);
  const order =
    mode === 'round_robin'
      ? (a: AssignmentCandidate, b: AssignmentCandidate) => longestWithout(a, b) || a.agentId - b.agentId
      : (a: AssignmentCandidate, b: AssignmentCandidate) => a.openTickets - b.openTickets || longestWithout(a, b) || a.agentId - b.agentId;
  return [...eligible].sort(order)[0]!.agentId;
}
