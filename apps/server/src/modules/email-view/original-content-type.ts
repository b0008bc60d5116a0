import { isUtf8 } from 'node:buffer';
import { declaredCharsets, decodes, eightBitWords, guessCharset } from '../email/charset-guess.js';

/**
 * The Content-Type to show a raw letter under. Its bytes are served untouched, so the label must be true of
 * them: UTF-8 (ASCII included) when they are; else the one charset the letter's declarations or detection
 * point at, if it reads every byte; else message/rfc822, which claims no charset at all.
 */
export function originalContentType(raw: Buffer): string {
  if (isUtf8(raw)) return 'text/plain; charset=utf-8';
  const charset = guessCharset(eightBitWords(raw), declaredCharsets(raw));
  if (charset && charset !== 'utf-8' && decodes(raw, charset)) return `text/plain; charset=${new TextDecoder(charset).encoding}`;
  return 'message/rfc822';
}
