import { trashPurgeAt } from '@parley/domain';
import type { AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { Attachment } from '../attachments/attachment.entity.js';
import { InboundMail } from '../email/email.entity.js';
import { ThreadItem, Ticket } from '../tickets/ticket.entity.js';

/** Tickets purged per transaction: a large trash empties in steps that never hold the write lock for long. */
const PURGE_BATCH = 100;

/**
 * Deletes tickets for good (the database cascades to their thread, letters, links and files' rows), then
 * removes their files and raw letters from disk once the deletion has committed.
 */
export async function purgeTickets(app: AppContext, ids: readonly number[]): Promise<number> {
  if (ids.length === 0) return 0;
  const keys = await app.orm.em.fork().transactional(async (tx) => {
    const em = tx as Em;
    const items = await em.find(ThreadItem, { ticket: { $in: [...ids] } }, { fields: ['id'] });
    const itemIds = items.map((item) => item.id);
    const files = itemIds.length === 0 ? [] : await em.find(Attachment, { threadItem: { $in: itemIds } }, { fields: ['id', 'storageKey'] });
    const letters = await em.find(InboundMail, { ticketId: { $in: [...ids] } }, { fields: ['id', 'storageKey'] });
    await em.nativeDelete(InboundMail, { id: { $in: letters.map((l) => l.id) } });
    await em.nativeDelete(Ticket, { id: { $in: [...ids] }, folder: 'trash' });
    return [...files.map((f) => f.storageKey), ...letters.map((l) => l.storageKey)];
  });
  for (const key of keys) await app.storage.remove(key);
  return ids.length;
}

/** The job: tickets whose time in the trash is up, a batch at a time, found by the folder index. */
export async function purgeExpiredTrash(app: AppContext): Promise<number> {
  const now = app.clock.now();
  // Moved to the trash before this instant: their purge time has come.
  const cutoff = new Date(now.getTime() - (trashPurgeAt(now, app.config.trashRetentionDays).getTime() - now.getTime()));
  const em = app.orm.em.fork() as Em;
  const due = await em.find(Ticket, { folder: 'trash', folderChangedAt: { $lte: cutoff } }, { fields: ['id'], limit: PURGE_BATCH, orderBy: { folderChangedAt: 'asc' } });
  return purgeTickets(app, due.map((t) => t.id));
}

/** Empties the trash now (administrators), every ticket in it, in batches. */
export async function emptyTrash(app: AppContext): Promise<number> {
  let purged = 0;
  for (;;) {
    const em = app.orm.em.fork() as Em;
    const batch = await em.find(Ticket, { folder: 'trash' }, { fields: ['id'], limit: PURGE_BATCH, orderBy: { id: 'asc' } });
    if (batch.length === 0) return purged;
    purged += await purgeTickets(app, batch.map((t) => t.id));
  }
}
