import { cleanFileName, DomainError, ErrorCodes, MESSAGE_BODY_MAX_LENGTH } from '@parley/domain';
import busboy from 'busboy';
import type { Request } from 'express';
import type { AppContext } from '../../app-context.js';
import type { PartialFile } from '../attachments/attachment-storage.js';
import { normalizeType, type StoredUpload } from '../attachments/attachment.service.js';
import { countedFile, type FilePart } from '../attachments/counted-file.js';

/** Files one portal form may carry. */
export const PORTAL_MAX_FILES = 3;

export interface PortalFormBody {
  readonly fields: Record<string, string>;
  readonly files: StoredUpload[];
  /** Removes the stored files: called when the form is refused or its write fails. */
  discard(): Promise<void>;
}

/**
 * A portal form sent as multipart (the reply and new-request forms, which may carry files): its text fields
 * and up to PORTAL_MAX_FILES files, each streamed to storage from its first byte and refused past
 * `fileLimit` bytes without being held in memory. An empty file input (what a browser sends when nothing was
 * chosen) is skipped. Whatever ends it early removes every file it stored before this settles.
 */
export async function readPortalForm(app: AppContext, req: Request, fileLimit: number): Promise<PortalFormBody> {
  const type = req.get('content-type') ?? '';
  if (!type.startsWith('multipart/form-data')) throw new DomainError(ErrorCodes.requestUnsupportedMediaType, 'Send the form as multipart/form-data.');
  const fields: Record<string, string> = {};
  const files: StoredUpload[] = [];
  const partials: PartialFile[] = [];
  const writes: Promise<void>[] = [];
  const discard = async () => {
    await Promise.all(partials.map((partial) => partial.discard()));
    await Promise.all(files.map((file) => app.storage.remove(file.storageKey)));
  };
  let parser: busboy.Busboy;
  try {
    // A field may hold a whole message in UTF-8 (up to four bytes a character).
    parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: PORTAL_MAX_FILES, fileSize: fileLimit, fields: 10, fieldSize: MESSAGE_BODY_MAX_LENGTH * 4, parts: 20 } });
  } catch {
    throw new DomainError(ErrorCodes.requestInvalid, 'The multipart body is malformed.');
  }
  try {
    await new Promise<void>((resolve, reject) => {
      const fail = (error: unknown) => {
        req.unpipe(parser);
        reject(error);
      };
      req.once('close', () => {
        if (!req.complete) fail(new DomainError(ErrorCodes.requestInvalid, 'The form was cut off before it was complete.'));
      });
      parser.on('field', (name, value, info) => {
        if (info.valueTruncated) fail(new DomainError(ErrorCodes.requestInvalid, `${name}: too long.`));
        else fields[name] = value;
      });
      parser.on('filesLimit', () => fail(new DomainError(ErrorCodes.requestInvalid, `At most ${PORTAL_MAX_FILES} files.`, { maxFiles: PORTAL_MAX_FILES })));
      parser.on('fieldsLimit', () => fail(new DomainError(ErrorCodes.requestInvalid, 'Too many fields.')));
      parser.on('partsLimit', () => fail(new DomainError(ErrorCodes.requestInvalid, 'Too many parts.')));
      parser.on('file', (field, file, info) => {
        if (field !== 'files' || !info.filename) {
          file.resume();
          return;
        }
        // Cut short (a refusal, a client gone), busboy fails the file stream too; its error is the form's, already told.
        file.on('error', () => undefined);
        writes.push(storeFile(app, file, { filename: info.filename, mimeType: info.mimeType }, fileLimit, partials, files).catch((error: unknown) => {
          file.resume();
          fail(error);
        }));
      });
      parser.on('error', () => fail(new DomainError(ErrorCodes.requestInvalid, 'The multipart body is malformed.')));
      parser.on('close', () => {
        Promise.all(writes).then(() => resolve(), fail);
      });
      req.pipe(parser);
    });
    return { fields, files, discard };
  } catch (error) {
    parser.destroy();
    // A refused form's remaining body is read and dropped so the answer reaches the browser.
    if (!req.destroyed) req.resume();
    await Promise.allSettled(writes);
    await discard();
    throw error;
  }
}

async function storeFile(
  app: AppContext,
  file: FilePart,
  info: { filename: string; mimeType: string },
  limit: number,
  partials: PartialFile[],
  files: StoredUpload[],
): Promise<void> {
  const counted = countedFile(file, limit);
  const key = app.storage.newKey();
  const partial = await app.storage.openPartial(key);
  partials.push(partial);
  const { size, sha256 } = await counted.pipeTo(partial.stream);
  await partial.commit();
  partials.splice(partials.indexOf(partial), 1);
  files.push({ filename: cleanFileName(info.filename), contentType: normalizeType(info.mimeType), size, sha256, storageKey: key });
}
