import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { BASE_STATUSES, CHANNELS, PRIORITIES, type SlaHistory, type SystemEvent, THREAD_ITEM_KINDS, type TicketFolder, ticketSearchText } from '@parley/domain';
import { Agent } from '../agents/agent.entity.js';
import { Contact } from '../contacts/contact.entity.js';
import { CustomStatus } from '../organisation/custom-status.entity.js';
import { Department } from '../organisation/department.entity.js';

/**
 * The ticket row mirrors the domain's TicketState field for field; the service hands it to the rules and
 * writes back the patch they return. The numeric id doubles as the human-readable ticket number (#1042).
 */
export const Ticket = defineEntity({
  name: 'Ticket',
  tableName: 'ticket',
  properties: {
    id: p.integer().primary().autoincrement(),
    subject: p.string().length(250),
    status: p.enum([...BASE_STATUSES]).default('new'),
    customStatusId: () => p.manyToOne(CustomStatus).mapToPk().fieldName('custom_status_id').strictNullable().deleteRule('set null'),
    internal: p.boolean().default(false),
    channel: p.enum([...CHANNELS]),
    priority: p.enum([...PRIORITIES]).default('normal'),
    departmentId: () => p.manyToOne(Department).mapToPk().fieldName('department_id').strictNullable().deleteRule('set null'),
    assignedAgentId: () => p.manyToOne(Agent).mapToPk().fieldName('assigned_agent_id').strictNullable().deleteRule('set null'),
    contactId: () => p.manyToOne(Contact).mapToPk().fieldName('contact_id').strictNullable().deleteRule('set null').index(),
    createdByAgentId: () => p.manyToOne(Agent).mapToPk().fieldName('created_by_agent_id').strictNullable().deleteRule('set null'),
    tags: p.json<string[]>(),
    cc: p.json<string[]>(),
    /** Idempotency: the creator's own id for this request, so a retried creation returns the first ticket. */
    clientId: p.string().length(64).strictNullable().unique(),
    /** sha256 of the token a customer uses to read and answer this ticket (web form, links in emails). */
    customerTokenHash: p.string().length(64).strictNullable().unique(),
    createdAt: p.datetime(),
    updatedAt: p.datetime().onUpdate(() => new Date()),
    firstAgentReplyAt: p.datetime().strictNullable(),
    lastCustomerMessageAt: p.datetime().strictNullable(),
    lastAgentReplyAt: p.datetime().strictNullable(),
    resolvedAt: p.datetime().strictNullable(),
    postponedUntil: p.datetime().strictNullable().index(),
    waitingSince: p.datetime().strictNullable(),
    /**
     * Set when the ticket was merged into another: it is closed, and mail, form messages and customer links
     * that reach it go on to that ticket. A plain id, not a foreign key, so adding it alters the table in
     * place on SQLite; a pointer to a purged ticket is read as none.
     */
    mergedIntoId: p.integer().fieldName('merged_into_id').strictNullable().index(),
    /**
     * The queue, the trash or spam (the domain's TICKET_FOLDERS); lists show one at a time. Text rather than
     * an enum, so adding it alters the table in place on SQLite instead of rebuilding it.
     */
    folder: p.string().length(8).default('inbox').$type<TicketFolder>(),
    /** When it last moved between folders: the trash is purged by this. */
    folderChangedAt: p.datetime().strictNullable(),
    /** When the status last changed (the "status changed" time rules count from it); null on rows from before it was kept. */
    statusChangedAt: p.datetime().strictNullable(),
    // Service levels (modules/sla): the policy that covers the ticket, what its clocks need besides these
    // columns, each target's due time, the soonest of them (lists and "To solve" sort by it) and when the
    // alarm sweep must look next. Plain columns, so adding them alters the table in place on SQLite.
    slaPolicyId: p.integer().fieldName('sla_policy_id').strictNullable(),
    slaHistory: p.json<SlaHistory>().fieldName('sla_history').strictNullable(),
    slaFirstResponseDueAt: p.datetime().fieldName('sla_first_response_due_at').strictNullable(),
    slaNextResponseDueAt: p.datetime().fieldName('sla_next_response_due_at').strictNullable(),
    slaResolutionDueAt: p.datetime().fieldName('sla_resolution_due_at').strictNullable(),
    slaChatAnswerDueAt: p.datetime().fieldName('sla_chat_answer_due_at').strictNullable(),
    slaNextDueAt: p.datetime().fieldName('sla_next_due_at').strictNullable(),
    slaNextAlarmAt: p.datetime().fieldName('sla_next_alarm_at').strictNullable().index(),
    /** The subject's folded words, indexed for full-text search (modules/search); never loaded with the row. */
    searchText: p.text().fieldName('search_text').strictNullable().lazy().onCreate((t) => ticketSearchText(t.subject)),
  },
  indexes: [
    { properties: ['departmentId', 'status', 'waitingSince', 'id'], name: 'ticket_department_status_waiting_idx' },
    { properties: ['assignedAgentId', 'status', 'waitingSince', 'id'], name: 'ticket_agent_status_waiting_idx' },
    { properties: ['status', 'waitingSince', 'id'], name: 'ticket_status_waiting_idx' },
    { properties: ['updatedAt', 'id'], name: 'ticket_updated_idx' },
    { properties: ['folder', 'folderChangedAt'], name: 'ticket_folder_idx' },
    // The time rules' sweep: per status, tickets whose anchor is old enough, oldest first.
    { properties: ['status', 'createdAt'], name: 'ticket_status_created_idx' },
    { properties: ['status', 'statusChangedAt'], name: 'ticket_status_changed_idx' },
    { properties: ['status', 'lastCustomerMessageAt'], name: 'ticket_status_customer_message_idx' },
    { properties: ['status', 'lastAgentReplyAt'], name: 'ticket_status_agent_reply_idx' },
    // Lists sorted by SLA due, and "To solve" taking the most urgent promise first.
    { properties: ['status', 'slaNextDueAt', 'id'], name: 'ticket_status_sla_due_idx' },
    { properties: ['departmentId', 'status', 'slaNextDueAt', 'id'], name: 'ticket_department_status_sla_due_idx' },
    // "To solve" per department and status in the domain's order: SLA due, then waiting since, then id.
    { properties: ['departmentId', 'status', 'slaNextDueAt', 'waitingSince', 'id'], name: 'ticket_to_solve_idx' },
  ],
});
export type Ticket = InferEntity<typeof Ticket>;

export const TicketTag = defineEntity({
  name: 'TicketTag',
  tableName: 'ticket_tag',
  properties: {
    ticket: () => p.manyToOne(Ticket).mapToPk().primary().fieldName('ticket_id').deleteRule('cascade'),
    tag: p.string().length(50).primary(),
  },
  indexes: [{ properties: ['tag', 'ticket'], name: 'ticket_tag_tag_idx' }],
});
export type TicketTag = InferEntity<typeof TicketTag>;

/**
 * The thread. Rows are only ever inserted: no code path changes what one says (internal notes included),
 * which is what keeps a ticket's history honest. Two exceptions, both outside the history: its search text
 * gains the names of files bound to it, and erasure on request empties a customer's messages.
 */
export const ThreadItem = defineEntity({
  name: 'ThreadItem',
  tableName: 'thread_item',
  properties: {
    id: p.integer().primary().autoincrement(),
    ticket: () => p.manyToOne(Ticket).mapToPk().fieldName('ticket_id').deleteRule('cascade'),
    kind: p.enum([...THREAD_ITEM_KINDS]),
    body: p.text(),
    authorAgent: () => p.manyToOne(Agent).mapToPk().fieldName('author_agent_id').strictNullable().deleteRule('set null'),
    authorContact: () => p.manyToOne(Contact).mapToPk().fieldName('author_contact_id').strictNullable().deleteRule('set null'),
    systemEvent: p.json<SystemEvent>().strictNullable(),
    recipientsTo: p.json<string[]>().strictNullable(),
    recipientsCc: p.json<string[]>().strictNullable(),
    clientId: p.string().length(64).strictNullable(),
    createdAt: p.datetime(),
    /** The text's and its files' names' folded words, indexed for full-text search (modules/search); never loaded with the row. */
    searchText: p.text().fieldName('search_text').strictNullable().lazy(),
  },
  indexes: [{ properties: ['ticket', 'id'], name: 'thread_item_ticket_idx' }],
  uniques: [{ properties: ['ticket', 'clientId'], name: 'thread_item_client_id_unique' }],
});
export type ThreadItem = InferEntity<typeof ThreadItem>;
