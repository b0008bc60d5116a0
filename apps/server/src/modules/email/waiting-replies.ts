import type { AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { rowsInPages } from '../../db/rows-in-pages.js';
import { sql } from '../../db/sql.js';
import { Mailbox } from '../mailboxes/mailbox.entity.js';
import { senderFor } from '../mail/sender.js';
import { ThreadItem, Ticket } from '../tickets/ticket.entity.js';
import { EmailMessage } from './email.entity.js';
import { answeredLetter, composeReply } from './reply-email.service.js';

/**
 * Replies queued while no mail server could send them (`awaiting_server`, held in the outbox) get their
 * letter now that one can: composed from the sender their department has today, the email row `queued` and
 * the outbox's letter due. A reply whose department still cannot send stays held. The row moves from
 * `awaiting_server` with a conditional update inside the transaction, so two instances release it once.
 * Answers how many were released.
 *
 * Only the replies that can go are looked at: this runs on every scheduler tick, and an installation without
 * a mail server holds every reply it would email. A transaction per held reply per tick took 8–11 s a pass
 * at 2,000 held replies; with no way to send at all this now costs one query.
 */
export async function releaseWaitingReplies(app: AppContext, batchSize = 50): Promise<number> {
  const em = app.orm.em.fork() as Em;
  const sending = await departmentsThatSend(em, app.config.mail?.from ?? null);
  if (sending !== 'every' && sending.length === 0) return 0;
  let released = 0;
  const held = rowsInPages(batchSize, (after: number | null, limit) => heldReplies(em, sending, after ?? 0, limit), (row) => row.threadItem);
  for await (const row of held) {
    const ticketId = await em
      .fork()
      .transactional(async (tx) => release(app, tx as Em, row))
      .catch((error: unknown) => {
        if (error instanceof NotHeld) return null;
        throw error;
      });
    if (ticketId === null) continue;
    released++;
    app.events.publish('email.delivery_changed', { ticketId, itemId: row.threadItem, state: 'queued' });
  }
  return released;
}

type HeldReply = Pick<EmailMessage, 'threadItem' | 'ticketId' | 'to' | 'cc' | 'subject'>;

/** The next held replies after `after` whose department can send, oldest first. */
async function heldReplies(em: Em, sending: 'every' | readonly number[], after: number, limit: number): Promise<HeldReply[]> {
  const { db, values } = sql(em);
  let query = db
    .selectFrom('email_message as e')
    .select(['e.thread_item_id', 'e.ticket_id', 'e.to', 'e.cc', 'e.subject'])
    .where('e.direction', '=', 'out')
    .where('e.delivery_state', '=', 'awaiting_server')
    .where('e.thread_item_id', '>', after)
    .orderBy('e.thread_item_id')
    .limit(limit);
  if (sending !== 'every') query = query.innerJoin('ticket as t', 't.id', 'e.ticket_id').where('t.department_id', 'in', sending);
  const rows = await query.execute();
  return rows.map((row) => ({
    threadItem: Number(row.thread_item_id),
    ticketId: Number(row.ticket_id),
    to: values.readJson<string[]>(row.to),
    cc: values.readJson<string[]>(row.cc),
    subject: row.subject,
  }));
}

/**
 * The departments whose replies have a sender now (senderFor's rule): every one when MAIL_FROM sends, else
 * those with an active mailbox that sends.
 */
async function departmentsThatSend(em: Em, mailFrom: string | null): Promise<'every' | number[]> {
  if (mailFrom) return 'every';
  const mailboxes = await em.find(Mailbox, { active: true, smtpEnabled: true, department: { $ne: null } }, { fields: ['department'] });
  return [...new Set(mailboxes.map((mailbox) => mailbox.department!))];
}

/** Releases one held reply; answers its ticket, or null when it cannot go yet (or is no longer held). */
async function release(app: AppContext, tx: Em, row: HeldReply): Promise<number | null> {
  const [ticket, item] = await Promise.all([tx.findOne(Ticket, { id: row.ticketId }), tx.findOne(ThreadItem, { id: row.threadItem })]);
  if (!ticket || !item) return null;
  const sender = await senderFor(tx, ticket.departmentId ?? null, app.config.mail?.from ?? null);
  if (!sender) return null;
  const answered = await answeredLetter(tx, ticket.id, item.id);
  const letter = await composeReply(app, tx, { ticket, item, sender, answered, to: row.to, cc: row.cc, subject: row.subject });
  const changed = await tx.nativeUpdate(
    EmailMessage,
    { threadItem: item.id, direction: 'out', deliveryState: 'awaiting_server' },
    {
      deliveryState: 'queued',
      messageId: letter.messageId,
      inReplyTo: letter.inReplyTo,
      references: letter.references,
      fromAddress: sender.address,
      fromName: letter.fromName,
      subject: letter.subject,
    },
  );
  // Another instance released it first; or its letter is not held (sent, removed): nothing is written.
  if (changed !== 1 || !(await app.outbox.release(tx, item.id, letter.raw, sender.mailboxId))) throw new NotHeld();
  return ticket.id;
}

/** Rolls back a release that found nothing to release. */
class NotHeld extends Error {}
