import { DomainError, ErrorCodes } from '../errors.js';
import type { StatusChangeReason, SystemEvent } from '../thread/system-event.js';
import type { BaseStatus, CustomStatus } from './status.js';
import type { TicketState } from './ticket.js';

/** What a rule decided: the fields that change, and the system events the thread records. */
export interface TicketChange {
  readonly patch: Partial<Mutable<TicketState>>;
  readonly events: readonly SystemEvent[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function statusChange(
  ticket: TicketState,
  to: BaseStatus,
  reason: StatusChangeReason,
  toCustomStatusId: number | null = null,
): SystemEvent[] {
  if (ticket.status === to && ticket.customStatusId === toCustomStatusId) return [];
  return [
    {
      type: 'status_changed',
      from: ticket.status,
      to,
      fromCustomStatusId: ticket.customStatusId,
      toCustomStatusId,
      reason,
    },
  ];
}

function refuse(ticket: TicketState, action: string): never {
  throw new DomainError(
    ErrorCodes.ticketInvalidTransition,
    `Cannot ${action} a ticket that is ${ticket.status}.`,
    { action, status: ticket.status },
  );
}

/**
 * A customer wrote. A New ticket stays New (nobody has looked at it yet); any other status becomes Open,
 * which reopens Resolved and wakes Postponed tickets. The wait is counted from the oldest unanswered message.
 */
export function onCustomerMessage(ticket: TicketState, at: Date): TicketChange {
  if (ticket.internal) {
    throw new DomainError(ErrorCodes.ticketInternalHasNoCustomer, 'An internal ticket has no customer side.');
  }
  const to: BaseStatus = ticket.status === 'new' ? 'new' : 'open';
  return {
    patch: {
      status: to,
      customStatusId: to === ticket.status ? ticket.customStatusId : null,
      lastCustomerMessageAt: at,
      waitingSince: ticket.waitingSince ?? at,
      postponedUntil: null,
      resolvedAt: to === 'open' && ticket.status === 'resolved' ? null : ticket.resolvedAt,
    },
    events: statusChange(ticket, to, 'customer_message', to === ticket.status ? ticket.customStatusId : null),
  };
}

/**
 * An agent's public reply (reply or reply to all) answers the ticket, whatever status it had. A custom
 * status that is itself a kind of Answered ("Waiting for the supplier") stays: the reply answers the
 * ticket as that status already says, and replacing it would silently lose what the agent chose.
 */
export function onAgentReply(ticket: TicketState, at: Date): TicketChange {
  if (ticket.internal) {
    throw new DomainError(
      ErrorCodes.ticketInternalHasNoCustomer,
      'An internal ticket has no customer to reply to; add an internal note instead.',
    );
  }
  if (ticket.contactId === null) {
    throw new DomainError(ErrorCodes.ticketNoRecipient, 'The ticket has no contact to reply to.');
  }
  const kept = ticket.status === 'answered' ? ticket.customStatusId : null;
  return {
    patch: {
      status: 'answered',
      customStatusId: kept,
      firstAgentReplyAt: ticket.firstAgentReplyAt ?? at,
      lastAgentReplyAt: at,
      waitingSince: null,
      postponedUntil: null,
      resolvedAt: null,
    },
    events: statusChange(ticket, 'answered', 'agent_reply', kept),
  };
}

export function resolve(ticket: TicketState, at: Date): TicketChange {
  if (ticket.status === 'resolved') refuse(ticket, 'resolve');
  return {
    patch: { status: 'resolved', customStatusId: null, resolvedAt: at, postponedUntil: null, waitingSince: null },
    events: statusChange(ticket, 'resolved', 'resolved'),
  };
}

/** An agent reopens a resolved ticket: it waits for an agent again, from now. */
export function reopen(ticket: TicketState, at: Date): TicketChange {
  if (ticket.status !== 'resolved') refuse(ticket, 'reopen');
  return {
    patch: { status: 'open', customStatusId: null, resolvedAt: null, waitingSince: at },
    events: statusChange(ticket, 'open', 'reopened'),
  };
}

/** A bad rating reopens a resolved ticket (when the desk asks for it): it waits for an agent again, from now. */
export function reopenOnBadRating(ticket: TicketState, at: Date): TicketChange {
  if (ticket.status !== 'resolved') refuse(ticket, 'reopen');
  return {
    patch: { status: 'open', customStatusId: null, resolvedAt: null, waitingSince: at },
    events: statusChange(ticket, 'open', 'bad_rating'),
  };
}

/** Postponing hides the ticket from "To solve" until `until`; a resolved ticket must be reopened first. */
export function postpone(ticket: TicketState, until: Date, now: Date): TicketChange {
  if (ticket.status === 'resolved') refuse(ticket, 'postpone');
  if (until.getTime() <= now.getTime()) {
    throw new DomainError(ErrorCodes.ticketPostponeInPast, 'A ticket can only be postponed until a future time.', {
      until: until.toISOString(),
    });
  }
  return {
    patch: { status: 'postponed', customStatusId: null, postponedUntil: until },
    events: [...statusChange(ticket, 'postponed', 'postponed'), { type: 'postponed', until: until.toISOString() }],
  };
}

/** A postponed ticket is due to wake once its time has come; the scheduler asks this, then calls wake(). */
export function isPostponeDue(ticket: Pick<TicketState, 'status' | 'postponedUntil'>, now: Date): boolean {
  return (
    ticket.status === 'postponed' && ticket.postponedUntil !== null && ticket.postponedUntil.getTime() <= now.getTime()
  );
}

/** A postponed ticket wakes as Open and waits for an agent from the moment it woke (or earlier, if it already did). */
export function wake(ticket: TicketState, now: Date): TicketChange {
  if (ticket.status !== 'postponed') refuse(ticket, 'wake');
  return {
    patch: { status: 'open', customStatusId: null, postponedUntil: null, waitingSince: ticket.waitingSince ?? now },
    events: statusChange(ticket, 'open', 'woke'),
  };
}

/**
 * An agent picks a custom status. Its base must be reachable by hand from the current status: resolving,
 * reopening and moving between Open and Answered are; a Postponed ticket keeps its wake-up until it wakes.
 */
export function applyCustomStatus(ticket: TicketState, status: CustomStatus, at: Date): TicketChange {
  const to = status.baseStatus;
  if (to === 'new' || to === 'postponed') refuse(ticket, `set ${to} through a custom status on`);
  if (ticket.status === 'postponed') refuse(ticket, 'set a custom status on');
  if (ticket.customStatusId === status.id) refuse(ticket, `set "${status.name}" again on`);
  const patch: Partial<Mutable<TicketState>> = { status: to, customStatusId: status.id };
  if (to === 'resolved') Object.assign(patch, { resolvedAt: ticket.resolvedAt ?? at, waitingSince: null });
  if (to !== 'resolved') patch.resolvedAt = null;
  // Moving to an Open custom status puts the ticket back in the queue; it waits from now unless it already did.
  if (to === 'open' && ticket.waitingSince === null) patch.waitingSince = at;
  if (to === 'answered') patch.waitingSince = null;
  return { patch, events: statusChange(ticket, to, 'custom_status', status.id) };
}

export function applyChange<T extends TicketState>(ticket: T, change: TicketChange): T {
  return { ...ticket, ...change.patch };
}

/**
 * An automation rule sets a status (Open, Answered or Resolved, optionally refined by a custom status). Unlike
 * an agent's action it never refuses: a rule whose status already holds changes nothing, and a postponed
 * ticket simply stops being postponed. The timestamps follow the same rules as the agents' actions.
 */
export function setStatusByRule(ticket: TicketState, to: 'open' | 'answered' | 'resolved', customStatusId: number | null, at: Date): TicketChange {
  if (ticket.status === to && ticket.customStatusId === customStatusId) return { patch: {}, events: [] };
  const patch: Partial<Mutable<TicketState>> = { status: to, customStatusId, postponedUntil: null };
  if (to === 'resolved') Object.assign(patch, { resolvedAt: ticket.resolvedAt ?? at, waitingSince: null });
  else patch.resolvedAt = null;
  if (to === 'open' && ticket.waitingSince === null) patch.waitingSince = at;
  if (to === 'answered') patch.waitingSince = null;
  return { patch, events: statusChange(ticket, to, 'rule', customStatusId) };
}
