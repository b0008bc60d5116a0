import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/**
 * An email waiting to be sent (or sent). It is written in the same transaction as what caused it, so a
 * queued mail survives a crash or restart; the outbox job sends it and retries failures with backoff.
 */
export const OutboxMail = defineEntity({
  name: 'OutboxMail',
  tableName: 'outbox_mail',
  properties: {
    id: p.integer().primary().autoincrement(),
    recipient: p.string().length(254),
    subject: p.string().length(500),
    text: p.text(),
    /** What the mail is about, for an operator reading the table (e.g. "chat_transcript"). */
    purpose: p.string().length(50),
    ticketId: p.integer().fieldName('ticket_id').nullable(),
    attempts: p.integer().default(0),
    /** When the job may next try it; null once sent or given up. */
    nextAttemptAt: p.datetime().fieldName('next_attempt_at').nullable().index(),
    sentAt: p.datetime().fieldName('sent_at').nullable(),
    lastError: p.string().length(1000).fieldName('last_error').nullable(),
    createdAt: p.datetime(),
  },
});
export type OutboxMail = InferEntity<typeof OutboxMail>;
