import { z } from 'zod';
import { TicketStatus } from './ticket.js';

/** A ticket related to this one, as far as the asking agent may see it (an invisible one is not listed). */
export const RelatedTicketDto = z.object({
  id: z.number().int(),
  number: z.string(),
  subject: z.string(),
  status: TicketStatus,
});
export type RelatedTicketDto = z.infer<typeof RelatedTicketDto>;

/** A ticket merged into this one, and until when the merge can be undone (null once it cannot). */
export const MergedTicketDto = RelatedTicketDto.extend({
  mergedAt: z.string(),
  undoableUntil: z.string().nullable(),
});
export type MergedTicketDto = z.infer<typeof MergedTicketDto>;

export const TicketRelationsDto = z.object({
  links: z.array(RelatedTicketDto),
  /** Tickets merged into this one (not undone), newest first. */
  merged: z.array(MergedTicketDto),
  /** When this ticket was itself merged away: the ticket it went into, if the agent may see it. */
  mergedInto: RelatedTicketDto.nullable(),
});
export type TicketRelationsDto = z.infer<typeof TicketRelationsDto>;

export const LinkTicketRequest = z.strictObject({ ticketId: z.number().int().positive() });
export type LinkTicketRequest = z.infer<typeof LinkTicketRequest>;

export const MergeTicketsRequest = z.strictObject({
  /** The tickets to merge into this one; they close and point here. */
  ticketIds: z.array(z.number().int().positive()).min(1).max(50),
});
export type MergeTicketsRequest = z.infer<typeof MergeTicketsRequest>;

export const SplitTicketRequest = z.strictObject({
  /** The message from which on the thread moves to the new ticket. */
  fromItemId: z.number().int().positive(),
});
export type SplitTicketRequest = z.infer<typeof SplitTicketRequest>;
