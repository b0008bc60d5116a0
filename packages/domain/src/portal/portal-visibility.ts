import type { CustomerPrincipal } from '../principal.js';
import type { ThreadItemKind } from '../thread/thread-item.js';
import type { TicketState } from '../ticket/ticket.js';
import type { TicketFolder } from '../ticket/ticket-list.js';
import { canCustomerSeeTicket, isThreadItemVisibleToCustomer, visibleThread } from '../visibility.js';

/**
 * What a signed-in portal customer may see, all of it through the domain's one visibility rule
 * (visibility.ts): their contact's tickets, never an internal one, and of a thread only the conversation
 * (their messages and our public replies), never an internal note or a system event.
 */
type PortalTicket = Pick<TicketState, 'departmentId' | 'assignedAgentId' | 'createdByAgentId' | 'internal' | 'contactId'> & {
  readonly folder?: TicketFolder | undefined;
};

export function portalPrincipal(contactId: number): CustomerPrincipal {
  return { kind: 'customer', contactId };
}

/**
 * A ticket the portal shows this customer. Besides the visibility rule, a ticket an agent put in the trash
 * or the spam folder is not listed: it is on its way out, and a spam folder is the desk's business.
 */
export function portalMayShowTicket(contactId: number, ticket: PortalTicket): boolean {
  if (ticket.folder !== undefined && ticket.folder !== 'inbox') return false;
  return canCustomerSeeTicket(portalPrincipal(contactId), ticket);
}

/** The portal's list as a query filter: the twin of portalMayShowTicket, for repositories to translate. */
export function portalTicketScope(contactId: number): { readonly contactId: number; readonly internal: false; readonly folder: 'inbox' } {
  return { contactId, internal: false, folder: 'inbox' };
}

/** The items of a ticket's thread the portal shows; none at all when the ticket is not this customer's. */
export function portalThread<T extends { readonly kind: ThreadItemKind }>(contactId: number, ticket: PortalTicket, items: readonly T[]): T[] {
  if (!portalMayShowTicket(contactId, ticket)) return [];
  return visibleThread(portalPrincipal(contactId), ticket, items);
}

/**
 * Whether a file may be downloaded from the portal: it belongs to an item of this ticket that the customer
 * may see. Anything else (an internal note's file, another ticket's) is not found.
 */
export function portalMayDownload(contactId: number, ticket: PortalTicket & { readonly id: number }, item: { readonly kind: ThreadItemKind; readonly ticketId: number } | null): boolean {
  return item !== null && item.ticketId === ticket.id && portalMayShowTicket(contactId, ticket) && isThreadItemVisibleToCustomer(item);
}

/** The three states a customer is told about; the desk's own statuses (custom ones, postponed) stay inside. */
export type PortalTicketStatus = 'open' | 'answered' | 'resolved';

export function portalTicketStatus(status: TicketState['status']): PortalTicketStatus {
  return status === 'resolved' ? 'resolved' : status === 'answered' ? 'answered' : 'open';
}
