import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { noteSearchText } from '@parley/domain';
import { Agent } from '../agents/agent.entity.js';
import { Company, Contact } from '../contacts/contact.entity.js';
import { Ticket } from '../tickets/ticket.entity.js';

/**
 * Ticket, contact and company notes: editable working notes. Exactly one of ticket, contact, company is set;
 * the unique ticket column keeps one note per ticket.
 */
export const EditableNote = defineEntity({
  name: 'EditableNote',
  tableName: 'editable_note',
  properties: {
    id: p.integer().primary().autoincrement(),
    ticket: () => p.manyToOne(Ticket).mapToPk().fieldName('ticket_id').nullable().unique().deleteRule('cascade'),
    contact: () => p.manyToOne(Contact).mapToPk().fieldName('contact_id').nullable().index().deleteRule('cascade'),
    company: () => p.manyToOne(Company).mapToPk().fieldName('company_id').nullable().index().deleteRule('cascade'),
    body: p.text(),
    /** The note's folded words, for full-text search (modules/search); never loaded with the row. */
    searchText: p.text().fieldName('search_text').strictNullable().lazy().onCreate((n) => noteSearchText(n.body)).onUpdate((n) => noteSearchText(n.body)),
    createdByAgentId: () => p.manyToOne(Agent).mapToPk().fieldName('created_by_agent_id'),
    createdAt: p.datetime(),
    updatedByAgentId: () => p.manyToOne(Agent).mapToPk().fieldName('updated_by_agent_id'),
    updatedAt: p.datetime(),
  },
});
export type EditableNote = InferEntity<typeof EditableNote>;
