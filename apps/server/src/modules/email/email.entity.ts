import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { AUTOMATED_MAIL_KINDS, EMAIL_DELIVERY_STATES, INBOUND_MAIL_STATES } from '@parley/domain';
import { Department } from '../organisation/department.entity.js';
import { ThreadItem, Ticket } from '../tickets/ticket.entity.js';

/**
 * A letter as it arrived, stored before anything is done with it: the raw bytes on disk (storage key) and
 * this row. Processing turns it into a thread item and marks it processed in the same transaction, so a
 * crash leaves it pending (and the recovery job finishes it), never half done. `dedupeKey` is the
 * Message-ID, or the raw bytes' sha256 when there is none: the same letter twice is one row.
 */
export const InboundMail = defineEntity({
  name: 'InboundMail',
  tableName: 'inbound_mail',
  properties: {
    id: p.integer().primary().autoincrement(),
    dedupeKey: p.string().length(255).unique(),
    messageId: p.string().length(255).strictNullable(),
    sha256: p.string().length(64),
    storageKey: p.string().length(100),
    size: p.integer(),
    /** Where it came from: a mailbox's name, `import`, `smtp`. */
    source: p.string().length(100),
    departmentId: () => p.manyToOne(Department).mapToPk().fieldName('department_id').strictNullable().deleteRule('set null'),
    state: p.enum([...INBOUND_MAIL_STATES]).default('pending'),
    /** Why it was ignored or failed (a bounce of nothing of ours, a parse error). */
    detail: p.string().length(500).strictNullable(),
    ticketId: () => p.manyToOne(Ticket).mapToPk().fieldName('ticket_id').strictNullable().deleteRule('set null'),
    threadItemId: () => p.manyToOne(ThreadItem).mapToPk().fieldName('thread_item_id').strictNullable().deleteRule('set null'),
    receivedAt: p.datetime(),
    processedAt: p.datetime().strictNullable(),
  },
  indexes: [{ properties: ['state', 'id'], name: 'inbound_mail_state_idx' }],
});
export type InboundMail = InferEntity<typeof InboundMail>;

/**
 * The email side of a thread item (a customer's letter or our reply): its headers for threading and
 * reply-to-all, its HTML as sent (sanitized only when shown), and, for letters that arrived, the raw
 * message behind "show original". The thread item itself stays insert-only; so does this row, except for
 * an outgoing letter's delivery state.
 */
export const EmailMessage = defineEntity({
  name: 'EmailMessage',
  tableName: 'email_message',
  properties: {
    threadItem: () => p.manyToOne(ThreadItem).mapToPk().primary().fieldName('thread_item_id').deleteRule('cascade'),
    ticketId: () => p.manyToOne(Ticket).mapToPk().fieldName('ticket_id').deleteRule('cascade').index(),
    /** With angle brackets, as it appears in headers. */
    messageId: p.string().length(255).index(),
    inReplyTo: p.string().length(255).strictNullable(),
    references: p.json<string[]>(),
    fromAddress: p.string().length(320).strictNullable(),
    fromName: p.string().length(200).strictNullable(),
    to: p.json<string[]>(),
    cc: p.json<string[]>(),
    replyTo: p.json<string[]>(),
    subject: p.string().length(500),
    html: p.text().strictNullable(),
    automated: p.enum([...AUTOMATED_MAIL_KINDS]).strictNullable(),
    inboundMailId: () => p.manyToOne(InboundMail).mapToPk().fieldName('inbound_mail_id').strictNullable().deleteRule('set null'),
    direction: p.enum(['in', 'out']),
    /** `received` for letters that came in; an outgoing letter's way through the outbox, and a bounce's verdict. */
    deliveryState: p.enum([...EMAIL_DELIVERY_STATES]),
  },
  // Finds the replies waiting for a mail server when one is configured, without reading every letter.
  indexes: [{ properties: ['deliveryState'], name: 'email_message_delivery_state_idx' }],
});
export type EmailMessage = InferEntity<typeof EmailMessage>;
