import { raw } from '@mikro-orm/core';
import { DomainError, ErrorCodes } from '@parley/domain';

/**
 * Filters and paging shared by the searchable lists (contacts, companies, canned responses).
 *
 * `$like` alone behaves differently on the two databases: PostgreSQL's LIKE is case-sensitive and takes
 * `\` as its escape character, SQLite's LIKE ignores ASCII case and has no escape character unless one
 * is named. So the search is written out: lower() on both sides and an explicit ESCAPE, which makes it
 * case-insensitive and makes `%`, `_` and `\` in the text match themselves on both. (SQLite's lower()
 * folds ASCII letters only; PostgreSQL folds every alphabet.)
 */
export function containsText(column: string, text: string): Record<symbol, []> {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return { [raw((alias: string) => `lower(${alias}.${column}) like ? escape '\\'`, [pattern])]: [] };
}

/** The last id seen, as text, is an id list's cursor; anything else is refused before it reaches the database. */
function idOfCursor(cursor: string): number {
  const id = Number(cursor);
  if (!/^\d+$/.test(cursor) || !Number.isSafeInteger(id)) throw new DomainError(ErrorCodes.requestInvalidCursor, 'cursor: not a cursor of this list.');
  return id;
}

/** The id after which a list resumes: its cursor is the last id seen, as text. */
export function afterIdCursor(cursor: string | undefined): { id: { $gt: number } } | null {
  return cursor === undefined ? null : { id: { $gt: idOfCursor(cursor) } };
}

/** The same for a list read newest first: it resumes below the last id seen. */
export function beforeIdCursor(cursor: string | undefined): { id: { $lt: number } } | null {
  return cursor === undefined ? null : { id: { $lt: idOfCursor(cursor) } };
}

/** Rows were read with `limit + 1`: the extra row, when there, says another page follows. */
export function pageById<T extends { readonly id: number }>(rows: T[], limit: number): { rows: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { rows, nextCursor: null };
  const page = rows.slice(0, limit);
  return { rows: page, nextCursor: String(page[page.length - 1]!.id) };
}
