import type { DomainEventMap, DomainEventName, TicketAudienceSnapshot } from '@parley/domain';
import type { ContactSummaryDto, ThreadItemDto } from '@parley/protocol';
import type { Ticket } from '../modules/tickets/ticket.entity.js';

/**
 * What a write produced, handed to the listeners of its facts so they announce it as it was committed instead
 * of reading it back (issue 10: a reply's fan-out used to re-read the ticket, its items, their attachments and
 * letters). It is optional: a fact published without it (a replayed retry, a job) is loaded by id as before.
 */
export interface ProducedTicket {
  /** A copy of the ticket's committed fields, not a managed entity: later changes to the entity do not leak in. */
  readonly ticket: Ticket;
  /** The contact as the write knew it; absent when the write did not load it (the listener fetches it). */
  readonly contact?: ContactSummaryDto | null;
}

export interface ProducedItem {
  /** The item as agents see it, attachments and letter included. */
  readonly item: ThreadItemDto;
  readonly audience: TicketAudienceSnapshot;
  readonly channel: Ticket['channel'];
  /** The visitors of the item's chat, when the write read them (a visitor's message); else the visitor listener does. */
  readonly chatVisitorIds?: readonly string[];
}

type WithProduced<K extends DomainEventName, P> = DomainEventMap[K] & { readonly produced?: P };

/** The domain's facts as this server publishes them: the same payloads, some with what the write produced. */
export type ServerEventMap = Omit<DomainEventMap, 'ticket.created' | 'ticket.updated' | 'thread.item_created'> & {
  'ticket.created': WithProduced<'ticket.created', ProducedTicket>;
  /** `previousStatus`: the status before the change, when the publisher knew it (webhooks tell of a status change by it). */
  'ticket.updated': WithProduced<'ticket.updated', ProducedTicket> & { readonly previousStatus?: Ticket['status'] };
  'thread.item_created': WithProduced<'thread.item_created', ProducedItem>;
  /** An automation rule's "notify" action, after its transaction committed: the console tells each agent. */
  /** A customer rated their ticket (committed); `notifyAgentId`: the agent to tell of a bad rating, when the desk asks for it. */
  'satisfaction.rated': {
    readonly ticketId: number;
    readonly surveyId: number;
    readonly rating: 'good' | 'bad';
    readonly comment: string | null;
    readonly ratedAt: string;
    readonly notifyAgentId: number | null;
  };
  'automation.notice': { readonly ticketId: number; readonly agentIds: readonly number[]; readonly subject: string; readonly ruleName: string; readonly message: string };
};

export type ServerEventName = keyof ServerEventMap;

/** A snapshot of the ticket's own fields, safe to hand to listeners that run after the request moved on. */
export function ticketSnapshot(ticket: Ticket): Ticket {
  return { ...ticket, tags: [...ticket.tags], cc: [...ticket.cc] } as Ticket;
}
