import { randomUUID } from 'node:crypto';
import type { Em } from '../../db/orm.js';
import { Attachment } from '../attachments/attachment.entity.js';
import type { StoredUpload } from '../attachments/attachment.service.js';
import { addFileNamesToSearch } from '../search/search-words-update.js';

/**
 * Files a customer sent with a message (the portal's forms), already in storage, written as the message's
 * attachments in the caller's transaction: whoever may see the message may download them. No uploader is
 * recorded; the message's author is the customer.
 */
export async function bindCustomerFiles(em: Em, itemId: number, files: readonly StoredUpload[]): Promise<Attachment[]> {
  const rows = files.map((file) => em.create(Attachment, { id: randomUUID(), ...file, uploadedByAgent: null, uploadedByVisitor: null, threadItem: itemId, teamMessage: null }));
  await em.flush();
  await addFileNamesToSearch(em, itemId, rows.map((row) => row.filename));
  return rows;
}
