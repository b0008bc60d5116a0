import { DomainError, ErrorCodes } from '@parley/domain';

/**
 * The last line against U+0000 reaching a database. The API refuses such text before it gets here
 * (`assertStorableInput`) and letters have it dropped when parsed (`toStorableText`); should one still get
 * this far, it is refused with the API's own error on both databases alike. SQLite would store it (or, in
 * SQL text the ORM renders, end the statement early: a 500) while PostgreSQL cannot store it at all.
 */
export function refuseNul(value: unknown): void {
  if (typeof value === 'string' && value.includes('\u0000')) {
    throw new DomainError(ErrorCodes.requestInvalidText, 'Text may not contain the NUL character (U+0000).', { reason: 'nul' });
  }
}
