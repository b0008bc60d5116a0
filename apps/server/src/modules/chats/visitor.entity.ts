import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Contact } from '../contacts/contact.entity.js';
import { Ticket } from '../tickets/ticket.entity.js';

/**
 * A website visitor who has chatted. Identity lives in the signed token (a visitor who only looked has no
 * row); the row appears with the first chat and links the visitor to their contact and their current chat.
 */
export const Visitor = defineEntity({
  name: 'Visitor',
  tableName: 'visitor',
  properties: {
    /** The random id carried, signed, in the visitor's token. */
    id: p.string().length(40).primary(),
    contactId: () => p.manyToOne(Contact).mapToPk().fieldName('contact_id').strictNullable().deleteRule('set null'),
    /** The visitor's chat: one at a time; a new one starts only when there is none. */
    chatTicketId: () => p.manyToOne(Ticket).mapToPk().fieldName('chat_ticket_id').strictNullable().deleteRule('set null').index(),
    /** The page the visitor was on when they last started or continued the chat (url, title, referrer). */
    page: p.json<{ url: string; title?: string | undefined; referrer?: string | undefined }>().strictNullable(),
    /** Receipts of the current chat (item ids, only moving forward): what the widget received and the visitor saw. */
    deliveredUpToItemId: p.integer().fieldName('delivered_up_to_item_id').nullable(),
    seenUpToItemId: p.integer().fieldName('seen_up_to_item_id').nullable(),
    /** How far an agent has seen the visitor's messages (the widget shows "Seen" under them). */
    agentSeenUpToItemId: p.integer().fieldName('agent_seen_up_to_item_id').nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});
export type Visitor = InferEntity<typeof Visitor>;
