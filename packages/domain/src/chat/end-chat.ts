import { DomainError, ErrorCodes } from '../errors.js';
import type { TicketState } from '../ticket/ticket.js';
import type { TicketChange } from '../ticket/transitions.js';

/**
 * The visitor ends their chat. Only a chat ticket can be ended this way; ending records the fact for the
 * agents and changes nothing else: the ticket carries on under the normal status rules (an agent may still
 * answer by email, and resolve it when done).
 */
export function endChat(ticket: Pick<TicketState, 'channel' | 'internal'>, transcriptRequested: boolean): TicketChange {
  if (ticket.channel !== 'chat' || ticket.internal) {
    throw new DomainError(ErrorCodes.chatNotChat, 'Only a chat can be ended.');
  }
  return { patch: {}, events: [{ type: 'chat_ended', by: 'visitor', transcriptRequested }] };
}

/** Whether a change ends a chat's routing: a chat ticket that became resolved (the visitor ending it does not). */
export function chatResolvedBy(previousStatus: string | null, after: { readonly status: string; readonly channel: string }): boolean {
  return after.channel === 'chat' && after.status === 'resolved' && previousStatus !== 'resolved';
}
