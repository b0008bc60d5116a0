import type { AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
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
 */
export async function releaseWaitingReplies(app: AppContext, batchSize = 50): Promise<number> {
  const em = app.orm.em.fork() as Em;
  let released = 0;
  let after = 0;
  for (;;) {
    const waiting = await em.find(
      EmailMessage,
      { direction: 'out', deliveryState: 'awaiting_server', threadItem: { $gt: after } },
      { orderBy: { threadItem: 'asc' }, limit: batchSize, fields: ['threadItem', 'ticketId', 'to', 'cc', 'subject'] },
    );
    for (const row of waiting) {
      after = row.threadItem;
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
    if (waiting.length < batchSize) return released;
  }
}

/** Releases one held reply; answers its ticket, or null when it cannot go yet (or is no longer held). */
async function release(app: AppContext, tx: Em, row: Pick<EmailMessage, 'threadItem' | 'ticketId' | 'to' | 'cc' | 'subject'>): Promise<number | null> {
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
