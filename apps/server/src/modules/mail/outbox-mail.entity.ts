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
    /** The mailbox whose SMTP server sends it (a department's own); null: the installation's SMTP_URL. */
    mailboxId: p.integer().fieldName('mailbox_id').nullable(),
    /**
     * The whole letter as it goes out (MIME, built when it was queued), for letters that must be sent byte for
     * byte the same on every attempt and retry (our replies: same Message-ID, same attachments). Null for plain
     * notices (chat transcripts), which are composed from recipient, subject and text when sent.
     */
    raw: p.text().nullable(),
    /** The SMTP envelope's recipients for a raw letter (To and Cc); `recipient` is the first of them. */
    envelopeTo: p.json<string[]>().fieldName('envelope_to').nullable(),
    /** The envelope sender of a raw letter. */
    envelopeFrom: p.string().length(320).fieldName('envelope_from').nullable(),
    /** The reply this letter carries: its email row's delivery state follows the letter's. */
    threadItemId: p.integer().fieldName('thread_item_id').nullable().index(),
    attempts: p.integer().default(0),
    /**
     * When the job may next try it; null once sent or given up, and while a reply's letter is held because
     * no mail server can send it (no attempts, no raw letter yet: MailOutbox.hold).
     */
    nextAttemptAt: p.datetime().fieldName('next_attempt_at').nullable().index(),
    sentAt: p.datetime().fieldName('sent_at').nullable(),
    lastError: p.string().length(1000).fieldName('last_error').nullable(),
    createdAt: p.datetime(),
  },
});
export type OutboxMail = InferEntity<typeof OutboxMail>;
