/**
 * The visitor's files: what can be checked before uploading (the size; the type is the server's call), the
 * message to show for a refusal, and how a file is shown (pictures as thumbnails, anything else as a link).
 */
import type { ChatMessages } from '../i18n/chat-messages';

/** Pictures the server serves inline; every other file is a download. */
const INLINE_IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export function isThumbnail(contentType: string): boolean {
  return INLINE_IMAGES.has(contentType);
}

/** "{name}"-style placeholders filled in (the dictionaries hold plain strings). */
export function fill(template: string, params: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => params[key] ?? whole);
}

/** A size in the visitor's language: "10 MB", "512 kB". */
export function formatSize(bytes: number, locale: string): string {
  const [value, unit] = bytes >= 1024 * 1024 ? [bytes / (1024 * 1024), 'megabyte'] : [Math.max(1, Math.round(bytes / 1024)), 'kilobyte'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(value);
}

/** The text to show when a file is refused, from the size check here or the server's error code. */
export function uploadProblem(text: ChatMessages, locale: string, maxBytes: number, refusal: { size?: number; code?: string }): string | null {
  if (refusal.size !== undefined && refusal.size > maxBytes) return fill(text.fileTooLarge, { size: formatSize(maxBytes, locale) });
  switch (refusal.code) {
    case undefined:
      return null;
    case 'attachment/too_large':
    case 'request/too_large':
      return fill(text.fileTooLarge, { size: formatSize(maxBytes, locale) });
    case 'attachment/type_not_allowed':
    case 'request/unsupported_media_type':
      return text.fileType;
    case 'request/rate_limited':
      return text.fileRateLimited;
    default:
      return text.fileFailed;
  }
}

/** The body of a message that carries only files: their names, so the thread and the agents see what it is. */
export function bodyForFiles(body: string, files: readonly { filename: string }[]): string {
  return body.trim() !== '' ? body.trim() : files.map((f) => f.filename).join(', ');
}
