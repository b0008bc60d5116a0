import { DomainError, ErrorCodes } from '../errors.js';

/**
 * What a website visitor may upload into a chat: pictures and everyday documents, each type with the file
 * name endings it may carry (a "photo.png" that claims to be a PDF, or an .html that claims to be text, is
 * refused). Anyone on the internet can open a chat, so this is an allow-list, not a block-list.
 */
export const VISITOR_UPLOAD_TYPES: Readonly<Record<string, readonly string[]>> = {
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'application/pdf': ['pdf'],
  'text/plain': ['txt', 'log'],
  'text/csv': ['csv'],
  'application/msword': ['doc'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.ms-excel': ['xls'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'application/vnd.oasis.opendocument.text': ['odt'],
  'application/vnd.oasis.opendocument.spreadsheet': ['ods'],
};

export const DEFAULT_VISITOR_UPLOAD_BYTES = 10 * 1024 * 1024;

/** True when the declared type is allowed and the file's name ends the way that type does. */
export function isVisitorUploadAllowed(contentType: string, filename: string): boolean {
  const endings = VISITOR_UPLOAD_TYPES[contentType.toLowerCase()];
  if (!endings) return false;
  const dot = filename.lastIndexOf('.');
  const ending = dot >= 0 ? filename.slice(dot + 1).toLowerCase() : '';
  return endings.includes(ending);
}

export function assertVisitorUploadAllowed(contentType: string, filename: string): void {
  if (!isVisitorUploadAllowed(contentType, filename)) {
    throw new DomainError(ErrorCodes.attachmentTypeNotAllowed, 'This type of file cannot be sent in a chat: send a picture, a PDF or an office document.', {
      contentType,
      allowed: Object.keys(VISITOR_UPLOAD_TYPES),
    });
  }
}

/** Pictures the widget shows as thumbnails; every other file is a download link. */
export function isInlineImage(contentType: string): boolean {
  return ['image/png', 'image/jpeg', 'image/gif', 'image/webp'].includes(contentType);
}

/** How long a visitor's file may wait to be sent with a message; after that it is deleted (nobody can see it anyway). */
export const VISITOR_UPLOAD_UNSENT_TTL_MS = 24 * 3600_000;
