import { type SearchQuery, searchScore } from '@parley/domain';
import { type RawBuilder, sql } from 'kysely';
import type { Sql } from '../../db/sql.js';
import { fts5Match, longPrefixes, tsQuery, wordsInText } from './search-match.js';

/** Where a ticket matched: its subject, one of its thread items, its ticket note, or its contact's card. */
export type CandidateSource = 'subject' | 'item' | 'note' | 'contact';

export interface SearchCandidate {
  readonly ticketId: number;
  readonly source: CandidateSource;
  /** The matching row: the ticket, thread item, note or contact. */
  readonly docId: number;
  /** The domain's searchScore of the matching row's text: higher is better, the same on both databases. */
  readonly score: number;
}

/**
 * Most matching rows read per source. Each source is read newest first along its full-text index and stops
 * here, so a common word costs the same as a rare one; the hits are ranked among these.
 */
export const CANDIDATES_PER_SOURCE = 100;

/** The FTS5 index of each source (SQLite), its row table and how that row reaches its ticket. */
const SOURCES: Record<CandidateSource, { index: string; table: string; ticketJoin: string }> = {
  subject: { index: 'ticket_search', table: 'ticket', ticketJoin: 't.id = d.id' },
  item: { index: 'thread_item_search', table: 'thread_item', ticketJoin: 't.id = d.ticket_id' },
  note: { index: 'editable_note_search', table: 'editable_note', ticketJoin: 't.id = d.ticket_id' },
  contact: { index: 'contact_search', table: 'contact', ticketJoin: 't.contact_id = d.id' },
};

/**
 * The newest rows of one source that match the words and whose ticket passes `conditions` (on `t`), with their
 * rank. Null MATCH text (only exclusions or filters asked) reads nothing: the caller lists by filters instead.
 */
export async function searchCandidates(query: Sql, source: CandidateSource, words: SearchQuery, conditions: RawBuilder<unknown>, limit = CANDIDATES_PER_SOURCE): Promise<SearchCandidate[]> {
  const statement = query.dialect === 'sqlite' ? sqliteStatement(source, words, conditions, limit) : postgresStatement(source, words, conditions, limit);
  if (!statement) return [];
  const { rows } = await statement.execute(query.db);
  return rows.map((row) => ({ ticketId: Number(row.ticket_id), source, docId: Number(row.doc_id), score: searchScore(String(row.text ?? ''), words) }));
}

type CandidateRow = { ticket_id: unknown; doc_id: unknown; text: unknown };

/** On SQLite, each prefix longer than the FTS5 prefix index checked whole on the row found by its first letters. */
function wholePrefixes(words: SearchQuery): RawBuilder<unknown> {
  const checks = longPrefixes(words).map((prefix) => sql` and (' ' || d.search_text) like ${`% ${prefix}%`}`);
  return checks.length === 0 ? sql`` : sql.join(checks, sql``);
}

function sqliteStatement(source: CandidateSource, words: SearchQuery, conditions: RawBuilder<unknown>, limit: number): RawBuilder<CandidateRow> | null {
  const match = fts5Match(words);
  if (match === null) return null;
  const { index, table, ticketJoin } = SOURCES[source];
  const fts = sql.table(index);
  // The full-text index drives (newest match first, as FTS5 reads its rowids backwards), each row is joined
  // to its ticket by primary key and kept only if that ticket passes; reading stops after `limit`. No bm25():
  // it counts every match of each word across the index first, which for a common word is most of the time.
  return sql<CandidateRow>`select t.id as ticket_id, d.id as doc_id, d.search_text as text
    from ${fts} join ${sql.table(table)} d on d.id = ${fts}.rowid join ticket t on ${sql.raw(ticketJoin)}
    where ${fts} match ${match}${wholePrefixes(words)} and ${conditions}
    order by ${fts}.rowid desc limit ${limit}`;
}

/** A row's words on PostgreSQL (row alias `d`): the very expression of the GIN indexes (migration "search"), so they serve the match. */
const POSTGRES_DOCUMENT = sql`to_tsvector('simple'::regconfig, coalesce(d.search_text, ''))`;

/**
 * The full-text match on PostgreSQL: the GIN index's expression against the query, after a plain substring
 * check of each word. When the planner reads rows newest first rather than through the index (a common
 * word), building each row's tsvector cost about 11 µs and the substring check under 1: only rows holding
 * every word get the full check. Written as `strpos(…) > 0`, which the planner rates as an ordinary
 * filter; as LIKE it took the check for very selective and chose plans seconds slower.
 */
function postgresMatch(words: SearchQuery, text: string): RawBuilder<unknown> {
  const contains = wordsInText(words).map((needle) => sql` and strpos(' ' || d.search_text || ' ', ${needle}) > 0`);
  return sql`${POSTGRES_DOCUMENT} @@ to_tsquery('simple'::regconfig, ${text})${sql.join(contains, sql``)}`;
}

function postgresStatement(source: CandidateSource, words: SearchQuery, conditions: RawBuilder<unknown>, limit: number): RawBuilder<CandidateRow> | null {
  const text = tsQuery(words);
  if (text === null) return null;
  const { table, ticketJoin } = SOURCES[source];
  return sql<CandidateRow>`select t.id as ticket_id, d.id as doc_id, d.search_text as text
    from ${sql.table(table)} d join ticket t on ${sql.raw(ticketJoin)}
    where ${postgresMatch(words, text)} and ${conditions}
    order by d.id desc limit ${limit}`;
}

/** Tickets by the filters alone (no words asked), newest first. */
export async function filteredTickets(query: Sql, conditions: RawBuilder<unknown>, limit: number): Promise<number[]> {
  const { rows } = await sql<{ id: unknown }>`select t.id as id from ticket t where ${conditions} order by t.id desc limit ${limit}`.execute(query.db);
  return rows.map((row) => Number(row.id));
}

export interface DirectoryHit {
  readonly id: number;
  readonly score: number;
}

/** Contacts or companies whose card matches, best first (the newest `DIRECTORY_CANDIDATES` matches ranked). */
export async function directoryMatches(query: Sql, table: 'contact' | 'company', words: SearchQuery, limit: number): Promise<DirectoryHit[]> {
  let statement: RawBuilder<{ id: unknown; text: unknown }>;
  if (query.dialect === 'sqlite') {
    const match = fts5Match(words);
    if (match === null) return [];
    const fts = sql.table(`${table}_search`);
    statement = sql`select d.id as id, d.search_text as text from ${fts} join ${sql.table(table)} d on d.id = ${fts}.rowid
      where ${fts} match ${match}${wholePrefixes(words)} order by ${fts}.rowid desc limit ${DIRECTORY_CANDIDATES}`;
  } else {
    const text = tsQuery(words);
    if (text === null) return [];
    statement = sql`select d.id as id, d.search_text as text from ${sql.table(table)} d
      where ${postgresMatch(words, text)} order by d.id desc limit ${DIRECTORY_CANDIDATES}`;
  }
  const { rows } = await statement.execute(query.db);
  return rows
    .map((row) => ({ id: Number(row.id), score: searchScore(String(row.text ?? ''), words) }))
    .sort((a, b) => b.score - a.score || b.id - a.id)
    .slice(0, limit);
}

const DIRECTORY_CANDIDATES = 100;
