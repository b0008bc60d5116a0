import { randomUUID } from 'node:crypto';
import { cleanFileName, DomainError, ErrorCodes } from '@parley/domain';
import type { AttachmentDto } from '@parley/protocol';
import busboy from 'busboy';
import type { Request } from 'express';
import type { AgentScope, AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { addFileNamesToSearch } from '../search/search-words-update.js';
import { mayDownloadTeamAttachment } from '../team-chat/team-chat.service.js';
import { ThreadItem } from '../tickets/ticket.entity.js';
import { Widget } from '../widgets/widget.entity.js';
import { presentAttachment } from '../tickets/ticket.presenter.js';
import { findTicketForAgent } from '../tickets/ticket.repository.js';
import { Attachment } from './attachment.entity.js';
import { countedFile } from './counted-file.js';

/** Binds files the agent uploaded (and has not used yet) to the thread item they were sent with. */
export async function bindAttachments(em: Em, agentId: number, itemId: number, ids: readonly string[]): Promise<Attachment[]> {
  if (ids.length === 0) return [];
  const unique = [...new Set(ids)];
  const rows = await em.find(Attachment, { id: { $in: unique }, uploadedByAgent: agentId, threadItem: null, teamMessage: null });
  if (rows.length !== unique.length) {
    throw new DomainError(ErrorCodes.attachmentNotFound, 'An attachment does not exist, is not yours, or is already used.', {
      missing: unique.filter((id) => !rows.some((r) => r.id === id)),
    });
  }
  for (const row of rows) row.threadItem = itemId;
  await em.flush();
  await addFileNamesToSearch(em, itemId, rows.map((row) => row.filename));
  return rows;
}

const SAFE_INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/**
 * Streams one multipart file to storage, hashing as it goes, and refuses it past the size limit without
 * buffering it in memory. The row is written only after the file is complete.
 */
export async function uploadAttachment(scope: AgentScope, req: Request): Promise<AttachmentDto> {
  const stored = await receiveUpload(scope.app, req, scope.app.config.limits.uploadBytes);
  return presentAttachment(await saveUploadRow(scope.app, scope.em, stored, { uploadedByAgent: scope.agent.agentId, uploadedByVisitor: null }));
}

export interface StoredUpload {
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
  readonly storageKey: string;
}

/**
 * The one file of a multipart request (field "file"), streamed to storage from its first byte. `accept` sees
 * the file's declared name and type before any of it is stored and may refuse it by throwing; a file past
 * `limit` bytes is refused. Whatever ends it early (a refusal, the limit, a malformed body, the client going
 * away mid-body) closes and removes the partial file before this settles. The caller writes the row.
 */
export async function receiveUpload(app: AppContext, req: Request, limit: number, accept?: (file: { filename: string; contentType: string }) => void): Promise<StoredUpload> {
  const type = req.get('content-type') ?? '';
  if (!type.startsWith('multipart/form-data')) {
    throw new DomainError(ErrorCodes.requestUnsupportedMediaType, 'Send the file as multipart/form-data in the field "file".');
  }
  const key = app.storage.newKey();
  // The file is opened before parsing starts, so the upload streams to disk from its first byte.
  const partial = await app.storage.openPartial(key);
  let parser: busboy.Busboy | null = null;
  let onClose: (() => void) | null = null;
  try {
    const stored = await new Promise<{ filename: string; contentType: string; size: number; sha256: string }>((resolve, reject) => {
      // A client that goes away mid-body never ends the parser: without this the upload would wait forever,
      // holding its file open.
      onClose = () => {
        if (!req.complete) reject(new DomainError(ErrorCodes.requestInvalid, 'The upload was cut off before it was complete.'));
      };
      req.once('close', onClose);
      req.once('error', onClose);
      if (req.destroyed) {
        onClose();
        return;
      }
      try {
        // Browsers send a file's name as UTF-8; busboy would read it as Latin-1 ("ekrÄnuzÅÄmums.png").
        parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 1, fileSize: limit, fields: 5, parts: 6 } });
      } catch {
        reject(new DomainError(ErrorCodes.requestInvalid, 'The multipart body is malformed.'));
        return;
      }
      receiveFilePart(parser, partial.stream, limit, accept).then(resolve, reject);
      req.pipe(parser);
    });
    await partial.commit();
    return { ...stored, storageKey: key };
  } catch (error) {
    await partial.discard();
    req.unpipe();
    (parser as busboy.Busboy | null)?.destroy();
    // A refused upload's remaining body is read and dropped so the answer reaches the client.
    if (!req.destroyed) req.resume();
    throw error;
  } finally {
    if (onClose) {
      req.off('close', onClose);
      req.off('error', onClose);
    }
  }
}

/** Streams the part named "file" into `out`, hashing and counting it; settles with what was stored. */
function receiveFilePart(
  parser: busboy.Busboy,
  out: NodeJS.WritableStream,
  limit: number,
  accept: ((file: { filename: string; contentType: string }) => void) | undefined,
): Promise<{ filename: string; contentType: string; size: number; sha256: string }> {
  return new Promise((resolve, reject) => {
    let seen = false;
    parser.on('file', (field, file, info) => {
      if (field !== 'file' || seen) {
        file.resume();
        return;
      }
      seen = true;
      const filename = cleanFileName(info.filename);
      const contentType = normalizeType(info.mimeType);
      try {
        accept?.({ filename, contentType });
      } catch (error) {
        file.resume();
        reject(error);
        return;
      }
      countedFile(file, limit)
        .pipeTo(out)
        .then(({ size, sha256 }) => resolve({ filename, contentType, size, sha256 }))
        .catch(reject);
    });
    parser.on('error', () => reject(new DomainError(ErrorCodes.requestInvalid, 'The multipart body is malformed.')));
    parser.on('close', () => {
      if (!seen) reject(new DomainError(ErrorCodes.requestInvalid, 'file: no file in the field "file".'));
    });
  });
}

/** Writes the row of a stored upload; if that fails the file goes too, so no file is left that nothing names. */
export async function saveUploadRow(app: AppContext, em: Em, stored: StoredUpload, owner: { uploadedByAgent: number | null; uploadedByVisitor: string | null }): Promise<Attachment> {
  const attachment = em.create(Attachment, { id: randomUUID(), ...stored, ...owner, threadItem: null, teamMessage: null });
  try {
    await em.flush();
  } catch (error) {
    await app.storage.remove(stored.storageKey);
    throw error;
  }
  return attachment;
}

/** The attachment if the agent may see the item it belongs to (or uploaded it and has not sent it yet). */
export async function attachmentForAgent(scope: AgentScope, id: string): Promise<Attachment> {
  const attachment = await scope.em.findOne(Attachment, { id });
  if (!attachment) throw new DomainError(ErrorCodes.attachmentNotFound, 'Attachment not found.');
  if (attachment.teamMessage !== null && attachment.teamMessage !== undefined) {
    if (!(await mayDownloadTeamAttachment(scope.em, scope.agent, attachment.teamMessage))) throw new DomainError(ErrorCodes.attachmentNotFound, 'Attachment not found.');
    return attachment;
  }
  if (attachment.threadItem === null || attachment.threadItem === undefined) {
    // A help center logo is public anyway: every administrator's console previews it.
    const isLogo = attachment.uploadedByAgent !== scope.agent.agentId && (await scope.em.count(Widget, { logoAttachment: id })) > 0;
    if (attachment.uploadedByAgent !== scope.agent.agentId && !isLogo) throw new DomainError(ErrorCodes.attachmentNotFound, 'Attachment not found.');
    return attachment;
  }
  const item = await scope.em.findOneOrFail(ThreadItem, { id: attachment.threadItem });
  try {
    await findTicketForAgent(scope.em, scope.agent, item.ticket);
  } catch {
    throw new DomainError(ErrorCodes.attachmentNotFound, 'Attachment not found.');
  }
  return attachment;
}

/**
 * Headers that make a download safe: only well-known image types are shown inline; everything else is a
 * download, never sniffed, never scripted.
 */
export function downloadHeaders(attachment: Attachment): Record<string, string> {
  const inline = SAFE_INLINE_TYPES.has(attachment.contentType);
  // Rows stored before the name rule existed may still hold direction overrides: the header never carries them.
  const filename = cleanFileName(attachment.filename);
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return {
    'Content-Type': inline ? attachment.contentType : 'application/octet-stream',
    'Content-Length': String(attachment.size),
    'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cache-Control': 'private, max-age=3600',
  };
}

export function normalizeType(type: string | undefined): string {
  const clean = (type ?? '').toLowerCase().split(';')[0]?.trim() ?? '';
  return /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(clean) ? clean : 'application/octet-stream';
}
