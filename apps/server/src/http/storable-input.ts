import { isUtf8 } from 'node:buffer';
import { DomainError, ErrorCodes, findUnstorableText } from '@parley/domain';

const REASONS = {
  nul: 'the NUL character (U+0000)',
  lone_surrogate: 'an unpaired surrogate (half of a UTF-16 pair)',
} as const;

/**
 * Refuses a request or socket payload holding text that could not be stored exactly on both databases
 * (see `unstorableTextReason`), wherever in it that text is. Run before the schemas, so every field of every
 * request is covered, including ones added later.
 */
export function assertStorableInput(value: unknown): void {
  const found = findUnstorableText(value);
  if (!found) return;
  const message = `Text may not contain ${REASONS[found.reason]}.`;
  throw new DomainError(ErrorCodes.requestInvalidText, found.path === '' ? message : `${found.path}: ${message}`, { ...found });
}

/**
 * express.json's `verify`: a UTF-8 body must be UTF-8. The parser would otherwise read broken bytes as
 * U+FFFD and store something other than what was sent.
 */
export function verifyUtf8Body(_req: unknown, _res: unknown, body: Buffer, encoding: string): void {
  if (encoding.toLowerCase() === 'utf-8' && !isUtf8(body)) {
    throw new DomainError(ErrorCodes.requestInvalidText, 'The body is not valid UTF-8.', { reason: 'invalid_utf8' });
  }
}
