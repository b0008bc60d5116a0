import { DomainError, ErrorCodes } from '../errors.js';
import type { TicketChange } from './transitions.js';
import type { TicketState } from './ticket.js';

/** Where a ticket is going: a department, an agent, or both. The agent must belong to the department. */
export interface Destination {
  readonly departmentId: number | null;
  readonly agentId: number | null;
}

export interface AgentMembership {
  readonly agentId: number;
  readonly departmentIds: readonly number[];
  readonly active: boolean;
}

export function assertValidDestination(destination: Destination, agent: AgentMembership | null): void {
  if (destination.departmentId === null && destination.agentId === null) {
    throw new DomainError(ErrorCodes.ticketNeedsOwner, 'A ticket needs a department, an agent, or both.');
  }
  if (destination.agentId !== null) {
    if (agent === null || agent.agentId !== destination.agentId) {
      throw new DomainError(ErrorCodes.notFound, 'The agent does not exist.', { agentId: destination.agentId });
    }
    if (!agent.active) {
      throw new DomainError(ErrorCodes.agentInactive, 'The agent is deactivated.', { agentId: agent.agentId });
    }
    if (destination.departmentId !== null && !agent.departmentIds.includes(destination.departmentId)) {
      throw new DomainError(ErrorCodes.agentNotInDepartment, 'The agent does not belong to that department.', {
        agentId: agent.agentId,
        departmentId: destination.departmentId,
      });
    }
  }
}

/**
 * Assignment changes who holds the ticket without a message. When only an agent is named the ticket keeps
 * its department (it stays in that department's view).
 */
export function assign(ticket: TicketState, destination: Destination, agent: AgentMembership | null): TicketChange {
  const resolved = withKeptDepartment(ticket, destination, agent);
  assertValidDestination(resolved, agent);
  if (resolved.departmentId === ticket.departmentId && resolved.agentId === ticket.assignedAgentId) return noChange;
  return {
    patch: { departmentId: resolved.departmentId, assignedAgentId: resolved.agentId },
    events: [
      {
        type: 'assigned',
        fromAgentId: ticket.assignedAgentId,
        toAgentId: resolved.agentId,
        fromDepartmentId: ticket.departmentId,
        toDepartmentId: resolved.departmentId,
      },
    ],
  };
}

/**
 * An agent takes a chat. A chat widened beyond its department may be taken by an agent of another one: the
 * ticket still keeps its department (its colleagues go on seeing it, its reports count it there), unlike an
 * ordinary assignment, which follows an outsider out of the department.
 */
export function assignChatOwner(ticket: TicketState, agent: AgentMembership): TicketChange {
  const destination = { departmentId: ticket.departmentId, agentId: agent.agentId };
  // Membership is not asked: being offered the chat (routing) is what entitles an outsider to it.
  assertValidDestination({ departmentId: null, agentId: agent.agentId }, agent);
  if (destination.departmentId === ticket.departmentId && destination.agentId === ticket.assignedAgentId) return noChange;
  return {
    patch: { departmentId: destination.departmentId, assignedAgentId: destination.agentId },
    events: [
      {
        type: 'assigned',
        fromAgentId: ticket.assignedAgentId,
        toAgentId: destination.agentId,
        fromDepartmentId: ticket.departmentId,
        toDepartmentId: destination.departmentId,
      },
    ],
  };
}

/**
 * A transfer hands the ticket on, optionally with a note that the caller stores as an internal note.
 * Moving to another department without naming an agent leaves the ticket for any agent of that department.
 */
export function transfer(
  ticket: TicketState,
  destination: Destination,
  agent: AgentMembership | null,
  hasNote: boolean,
): TicketChange {
  const resolved = withKeptDepartment(ticket, destination, agent);
  assertValidDestination(resolved, agent);
  if (resolved.departmentId === ticket.departmentId && resolved.agentId === ticket.assignedAgentId) {
    throw new DomainError(ErrorCodes.ticketTransferNoChange, 'The ticket is already there.');
  }
  return {
    patch: { departmentId: resolved.departmentId, assignedAgentId: resolved.agentId },
    events: [
      {
        type: 'transferred',
        fromAgentId: ticket.assignedAgentId,
        toAgentId: resolved.agentId,
        fromDepartmentId: ticket.departmentId,
        toDepartmentId: resolved.departmentId,
        hasNote,
      },
    ],
  };
}

function withKeptDepartment(
  ticket: TicketState,
  destination: Destination,
  agent: AgentMembership | null,
): Destination {
  if (destination.departmentId !== null || destination.agentId === null) return destination;
  // Naming only an agent keeps the department when the agent belongs to it, else the ticket follows the agent.
  const keep = ticket.departmentId !== null && (agent?.departmentIds.includes(ticket.departmentId) ?? false);
  return { departmentId: keep ? ticket.departmentId : null, agentId: destination.agentId };
}

const noChange: TicketChange = { patch: {}, events: [] };

/** Who must be told that a ticket is now theirs, and by whom. */
export interface AssignmentNotice {
  readonly agentId: number;
  /** The agent who made the change; null when the system did (automation, a job). */
  readonly byAgentId: number | null;
}

/**
 * An agent hears that a ticket became theirs when a change (assignment, transfer, creation) makes them its
 * assignee and someone else made it. Taking a ticket oneself ("To solve", assigning oneself) tells nobody.
 */
export function assignmentNotice(
  previousAssigneeId: number | null,
  assigneeId: number | null,
  actorAgentId: number | null,
): AssignmentNotice | null {
  if (assigneeId === null || assigneeId === previousAssigneeId || assigneeId === actorAgentId) return null;
  return { agentId: assigneeId, byAgentId: actorAgentId };
}
