import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Agent } from '../agents/agent.entity.js';
import { Ticket } from '../tickets/ticket.entity.js';

/** Two related tickets, stored once with the smaller id first (the domain's ticketLink), shown on both. */
export const TicketLink = defineEntity({
  name: 'TicketLink',
  tableName: 'ticket_link',
  properties: {
    lowTicket: () => p.manyToOne(Ticket).mapToPk().primary().fieldName('low_ticket_id').deleteRule('cascade'),
    highTicket: () => p.manyToOne(Ticket).mapToPk().primary().fieldName('high_ticket_id').deleteRule('cascade').index(),
    createdByAgentId: () => p.manyToOne(Agent).mapToPk().fieldName('created_by_agent_id').strictNullable().deleteRule('set null'),
    createdAt: p.datetime(),
  },
});
export type TicketLink = InferEntity<typeof TicketLink>;

/** What a merged-away ticket was before the merge, so an undo can put it back. */
export interface MergedTicketBefore {
  readonly status: Ticket['status'];
  readonly customStatusId: number | null;
  readonly resolvedAt: string | null;
  readonly waitingSince: string | null;
  readonly postponedUntil: string | null;
}

/**
 * One ticket merged into another: which items moved (only those go back on undo; what arrived on the
 * surviving ticket after the merge stays there), and what both tickets were before.
 */
export const TicketMerge = defineEntity({
  name: 'TicketMerge',
  tableName: 'ticket_merge',
  properties: {
    id: p.integer().primary().autoincrement(),
    targetTicket: () => p.manyToOne(Ticket).mapToPk().fieldName('target_ticket_id').deleteRule('cascade').index(),
    sourceTicket: () => p.manyToOne(Ticket).mapToPk().fieldName('source_ticket_id').deleteRule('cascade').index(),
    agentId: () => p.manyToOne(Agent).mapToPk().fieldName('agent_id').strictNullable().deleteRule('set null'),
    movedItemIds: p.json<number[]>(),
    sourceBefore: p.json<MergedTicketBefore>(),
    /** The addresses the merge added to the surviving ticket's CC; an undo takes exactly these away. */
    addedCc: p.json<string[]>(),
    createdAt: p.datetime(),
    undoneAt: p.datetime().strictNullable(),
  },
});
export type TicketMerge = InferEntity<typeof TicketMerge>;
