import { VISITOR_UPLOAD_UNSENT_TTL_MS } from '@parley/domain';
import type { AppContext } from '../app-context.js';
import type { Em } from '../db/orm.js';
import { Attachment } from '../modules/attachments/attachment.entity.js';

/**
 * Deletes files website visitors uploaded but never sent (a closed tab, a change of mind): anyone on the
 * internet can upload into a chat, so unsent files must not pile up on disk. The row goes first, with a
 * condition that it is still unsent, so a file bound to a message at the same moment is never removed.
 */
export async function removeAbandonedVisitorUploads(app: AppContext, batchSize = 200): Promise<number> {
  const em = app.orm.em.fork() as Em;
  const before = new Date(app.clock.now().getTime() - VISITOR_UPLOAD_UNSENT_TTL_MS);
  const stale = await em.find(
    Attachment,
    { uploadedByVisitor: { $ne: null }, threadItem: null, teamMessage: null, createdAt: { $lt: before } },
    { fields: ['id', 'storageKey'], limit: batchSize },
  );
  let removed = 0;
  for (const file of stale) {
    const deleted = await em.nativeDelete(Attachment, { id: file.id, threadItem: null, teamMessage: null });
    if (deleted !== 1) continue;
    await app.storage.remove(file.storageKey);
    removed++;
  }
  return removed;
}

/**
 * A partial file untouched this long belongs to no upload in progress (one that stalls is cut off by the
 * server's request timeout long before): it was left by a process that stopped mid-upload.
 */
export const STALE_PARTIAL_UPLOAD_MS = 60 * 60 * 1000;

/** Removes partial uploads a crashed or killed process left on disk (a live process removes its own at once). */
export function removeStalePartialUploads(app: AppContext): Promise<number> {
  // File times are the real clock's, not the app's (which tests move).
  return app.storage.removeStalePartials(new Date(Date.now() - STALE_PARTIAL_UPLOAD_MS));
}
