import { DomainError, ErrorCodes } from '../errors.js';
import type { AgentPrincipal } from '../principal.js';
import { AWAITING_AGENT_STATUSES, type BaseStatus } from './status.js';
import type { TicketChange } from './transitions.js';
import type { TicketState } from './ticket.js';
import type { TicketFolder } from './ticket-list.js';

/**
 * "To solve" picks the next ticket an agent should work on. The rule is stated once, declaratively, so the
 * repository can turn it into one indexed query and this module can check a single ticket against it.
 *
 * A candidate: lies in the queue (not in the trash or spam), waits for an agent (New or Open; Postponed is
 * excluded by status), lies in one of the agent's departments or is assigned to the agent, and is
 * unassigned or assigned to the agent.
 * Order: most urgent first: the soonest service-level due time (slaNextDueAt, breached ones being the
 * soonest), then, for tickets no policy covers, the longest wait (waitingSince ascending), ties broken by the
 * older ticket.
 */
export interface ToSolveCriteria {
  readonly folder: TicketFolder;
  readonly statuses: readonly BaseStatus[];
  readonly agentId: number;
  readonly departmentIds: readonly number[];
  readonly orderBy: readonly [
    { readonly field: 'slaNextDueAt'; readonly direction: 'asc' },
    { readonly field: 'waitingSince'; readonly direction: 'asc' },
    { readonly field: 'id'; readonly direction: 'asc' },
  ];
}

export function toSolveCriteria(agent: AgentPrincipal): ToSolveCriteria {
  return {
    folder: 'inbox',
    statuses: AWAITING_AGENT_STATUSES,
    agentId: agent.agentId,
    departmentIds: agent.departmentIds,
    orderBy: [
      { field: 'slaNextDueAt', direction: 'asc' },
      { field: 'waitingSince', direction: 'asc' },
      { field: 'id', direction: 'asc' },
    ],
  };
}

type Candidate = Pick<TicketState, 'status' | 'departmentId' | 'assignedAgentId' | 'waitingSince' | 'createdAt'> & {
  readonly id: number;
  /** Where the ticket lies: only the queue's tickets are solved. */
  readonly folder: TicketFolder;
  /** The soonest service-level due time, when a policy covers the ticket. */
  readonly slaNextDueAt?: Date | null;
};

export function isToSolveCandidate(ticket: Candidate, agent: AgentPrincipal): boolean {
  const criteria = toSolveCriteria(agent);
  if (ticket.folder !== criteria.folder) return false;
  if (!criteria.statuses.includes(ticket.status)) return false;
  if (ticket.assignedAgentId !== null && ticket.assignedAgentId !== agent.agentId) return false;
  if (ticket.assignedAgentId === agent.agentId) return true;
  return ticket.departmentId !== null && criteria.departmentIds.includes(ticket.departmentId);
}

type Urgency = Pick<Candidate, 'id' | 'waitingSince' | 'slaNextDueAt'>;

/** Orders candidates most urgent first; a ticket nobody waits on (no waitingSince) goes last. */
export function compareToSolveUrgency(a: Urgency, b: Urgency): number {
  const da = a.slaNextDueAt?.getTime() ?? Number.POSITIVE_INFINITY;
  const db = b.slaNextDueAt?.getTime() ?? Number.POSITIVE_INFINITY;
  if (da !== db) return da < db ? -1 : 1;
  const wa = a.waitingSince?.getTime() ?? Number.POSITIVE_INFINITY;
  const wb = b.waitingSince?.getTime() ?? Number.POSITIVE_INFINITY;
  if (wa !== wb) return wa < wb ? -1 : 1;
  return a.id - b.id;
}

export function pickToSolve<T extends Candidate>(tickets: readonly T[], agent: AgentPrincipal): T | null {
  let best: T | null = null;
  for (const ticket of tickets) {
    if (!isToSolveCandidate(ticket, agent)) continue;
    if (best === null || compareToSolveUrgency(ticket, best) < 0) best = ticket;
  }
  return best;
}

/**
 * The claim that hands the picked ticket to the agent. It re-checks the rule against the ticket as it is
 * now, so a ticket another agent claimed, or someone moved to the trash, a moment earlier is refused rather
 * than taken.
 */
export function claimForAgent(
  ticket: Candidate & Pick<TicketState, 'departmentId' | 'assignedAgentId'>,
  agent: AgentPrincipal,
): TicketChange {
  if (!isToSolveCandidate(ticket, agent)) {
    throw new DomainError(ErrorCodes.conflict, 'The ticket was taken by someone else or no longer waits.', {
      ticketId: ticket.id,
    });
  }
  if (ticket.assignedAgentId === agent.agentId) return { patch: {}, events: [] };
  return {
    patch: { assignedAgentId: agent.agentId },
    events: [
      {
        type: 'assigned',
        fromAgentId: null,
        toAgentId: agent.agentId,
        fromDepartmentId: ticket.departmentId,
        toDepartmentId: ticket.departmentId,
      },
    ],
  };
}
