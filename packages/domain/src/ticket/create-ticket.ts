import { DomainError, ErrorCodes } from '../errors.js';
import { textLength } from '../text/text-length.js';
import type { SystemEvent } from '../thread/system-event.js';
import { type Destination, assertValidDestination, type AgentMembership } from './assignment.js';
import { type Channel, type Priority, SUBJECT_MAX_LENGTH, type TicketState } from './ticket.js';
import type { TicketChange } from './transitions.js';

export function normalizeSubject(subject: string): string {
  const clean = subject.replace(/[\r\n\t]+/g, ' ').trim();
  if (clean.length === 0 || textLength(clean) > SUBJECT_MAX_LENGTH) {
    throw new DomainError(ErrorCodes.ticketSubjectInvalid, `A subject needs between 1 and ${SUBJECT_MAX_LENGTH} characters.`);
  }
  return clean;
}

interface NewTicketInput {
  readonly subject: string;
  readonly priority?: Priority;
  readonly destination: Destination;
  readonly agent: AgentMembership | null;
}

/** A customer's request (email, chat, web form, API): New, waiting for an agent from its first message. */
export function openCustomerTicket(
  input: NewTicketInput & { readonly channel: Exclude<Channel, 'internal'>; readonly contactId: number; readonly createdByAgentId: number | null },
  at: Date,
): { state: TicketState; subject: string; events: SystemEvent[] } {
  if (input.destination.departmentId !== null || input.destination.agentId !== null) {
    assertValidDestination(input.destination, input.agent);
  }
  return {
    subject: normalizeSubject(input.subject),
    state: {
      ...blank(at),
      channel: input.channel,
      priority: input.priority ?? 'normal',
      departmentId: input.destination.departmentId,
      assignedAgentId: input.destination.agentId,
      contactId: input.contactId,
      createdByAgentId: input.createdByAgentId,
      lastCustomerMessageAt: at,
      waitingSince: at,
    },
    // The first message records the creation; no separate system event repeats it.
    events: [],
  };
}

/**
 * A ticket an agent opens by writing to a customer ("New ticket" in the console): our letter is its first
 * message, so it starts Answered, waiting for the customer rather than for an agent.
 */
export function openOutgoingTicket(
  input: NewTicketInput & { readonly channel: Exclude<Channel, 'internal'>; readonly contactId: number; readonly createdByAgentId: number },
  at: Date,
): { state: TicketState; subject: string; events: SystemEvent[] } {
  const opened = openCustomerTicket(input, at);
  return {
    ...opened,
    state: { ...opened.state, status: 'answered', lastCustomerMessageAt: null, waitingSince: null, firstAgentReplyAt: at, lastAgentReplyAt: at },
  };
}

/**
 * An internal ticket is a task for a colleague or a department, optionally about a contact who is never
 * notified and never sees it. It starts New and waits for its assignee like any other request.
 */
export function openInternalTicket(
  input: NewTicketInput & { readonly aboutContactId: number | null; readonly createdByAgentId: number },
  at: Date,
): { state: TicketState; subject: string; events: SystemEvent[] } {
  assertValidDestination(input.destination, input.agent);
  return {
    subject: normalizeSubject(input.subject),
    state: {
      ...blank(at),
      internal: true,
      channel: 'internal',
      priority: input.priority ?? 'normal',
      departmentId: input.destination.departmentId,
      assignedAgentId: input.destination.agentId,
      contactId: input.aboutContactId,
      createdByAgentId: input.createdByAgentId,
      waitingSince: at,
    },
    events: [],
  };
}

function blank(at: Date): TicketState {
  return {
    status: 'new',
    customStatusId: null,
    internal: false,
    channel: 'api',
    priority: 'normal',
    departmentId: null,
    assignedAgentId: null,
    contactId: null,
    createdByAgentId: null,
    createdAt: at,
    firstAgentReplyAt: null,
    lastCustomerMessageAt: null,
    lastAgentReplyAt: null,
    resolvedAt: null,
    postponedUntil: null,
    waitingSince: null,
  };
}

export function changeSubject(current: string, next: string): { subject: string; events: SystemEvent[] } {
  const subject = normalizeSubject(next);
  return { subject, events: subject === current ? [] : [{ type: 'subject_changed', from: current, to: subject }] };
}

export function changePriority(ticket: TicketState, priority: Priority): TicketChange {
  if (ticket.priority === priority) return { patch: {}, events: [] };
  return { patch: { priority }, events: [{ type: 'priority_changed', from: ticket.priority, to: priority }] };
}
