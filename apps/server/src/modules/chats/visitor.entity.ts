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
    /** The site vouched for this visitor (identity verification): contactId is that known contact. */
    verified: p.boolean().default(false),
    /** The site's own id for its user, when verified. */
    externalUserId: p.string().length(200).nullable(),
    /** An email typed in the pre-chat form that belongs to another contact: kept for agents, not linked. */
    claimedEmail: p.string().length(254).nullable(),
    /** Pages of this visit, newest last (recordPageVisit keeps the last 20). */
    pages: p.json<{ url: string; title?: string | undefined; at: string }[]>().nullable(),
    referrer: p.string().length(2000).nullable(),
    browser: p.string().length(100).nullable(),
    os: p.string().length(100).nullable(),
    language: p.string().length(35).nullable(),
    timeZone: p.string().length(64).nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});
export type Visitor = InferEntity<typeof Visitor>;
