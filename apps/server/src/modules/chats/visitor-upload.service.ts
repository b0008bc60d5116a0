import { assertVisitorUploadAllowed, DomainError, ErrorCodes } from '@parley/domain';
import type { AttachmentDto } from '@parley/protocol';
import type { Request } from 'express';
import type { AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { addFileNamesToSearch } from '../search/search-words-update.js';
import { Attachment } from '../attachments/attachment.entity.js';
import { receiveUpload, saveUploadRow } from '../attachments/attachment.service.js';
import { presentAttachment } from '../tickets/ticket.presenter.js';

/**
 * `POST /widget/attachments`: a file the token's visitor will send with a chat message. The token is checked
 * and the visitor's upload allowance counted before a byte is stored; the type allow-list is checked on the
 * file's declared name and type before its content is read; the size limit stops it mid-stream.
 */
export async function uploadVisitorAttachment(app: AppContext, em: Em, token: string | null, req: Request): Promise<AttachmentDto> {
  const { visitorId } = app.visitorTokens.verify(token ?? '', app.clock.now());
  await app.rateLimits.consumeVisitorUpload(visitorId);
  const stored = await receiveUpload(app, req, app.config.limits.visitorUploadBytes, (file) => assertVisitorUploadAllowed(file.contentType, file.filename));
  const attachment = await saveUploadRow(app, em, stored, { uploadedByAgent: null, uploadedByVisitor: visitorId });
  return { ...presentAttachment(attachment), url: `/api/v1/widget/attachments/${attachment.id}` };
}

/** Binds files the visitor uploaded (and has not sent yet) to their message; anyone else's, or a used one, is refused. */
export async function bindVisitorAttachments(tx: Em, visitorId: string, itemId: number, ids: readonly string[] | undefined): Promise<void> {
  if (!ids || ids.length === 0) return;
  const unique = [...new Set(ids)];
  const rows = await tx.find(Attachment, { id: { $in: unique }, uploadedByVisitor: visitorId, threadItem: null, teamMessage: null });
  if (rows.length !== unique.length) {
    throw new DomainError(ErrorCodes.attachmentNotFound, 'An attachment does not exist, is not yours, or is already used.', {
      missing: unique.filter((id) => !rows.some((r) => r.id === id)),
    });
  }
  for (const row of rows) row.threadItem = itemId;
  await tx.flush();
  await addFileNamesToSearch(tx, itemId, rows.map((row) => row.filename));
}
