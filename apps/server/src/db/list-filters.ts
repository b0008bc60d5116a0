import { raw } from '@mikro-orm/core';
import { DomainError, ErrorCodes, searchWords } from '@parley/domain';

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
  return { [raw((alias: string) => `lower(${alias}.${column}) like ? escape '\\'`, [containsPattern(text)])]: [] };
}

/**
 * `containsText` on `column`, or, when the text is words alone (letters, digits, spaces), those words in
 * order at the start of words of the row's folded search text (modules/search): so "иван" finds "Иван"
 * and "ακμη" finds "Ακμή" on SQLite too, whose lower() folds ASCII only. Text with other characters
 * ("100%", "a@b") is matched as typed only, so nothing it did not match before turns up.
 */
export function containsTextOrWords(column: string, text: string): Record<symbol, []> {
  const words = searchWords(text).join(' ');
  if (words === '' || !/^[\p{L}\p{N}\p{M}\s]+$/u.test(text)) return containsText(column, text);
  return {
    [raw((alias: string) => `(lower(${alias}.${column}) like ? escape '\\' or (' ' || ${alias}.search_text) like ?)`, [containsPattern(text), `% ${words}%`])]: [],
  };
}

function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
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
