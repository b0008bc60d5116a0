import { type SearchQuery, searchScore } from '@parley/domain';
import { type RawBuilder, sql } from 'kysely';
import type { Sql } from '../../db/sql.js';
import type { CandidateSource, SearchCandidate } from './search-candidate.js';
import { fts5Match, tsQuery } from './search-match.js';
import { isOneOf, searchTextHolds } from './search-text-match.js';

/** Matching rows read from a full-text index at a time, newest first. */
const ROWS_PER_READ = 500;
/** Reads per source at most: a word common in the desk but rare among the agent's tickets stops here. */
const READS_PER_SOURCE = 4;

/** Each source's table, FTS5 index (SQLite) and the column that names its ticket (for a contact: none). */
const SOURCES: Record<CandidateSource, { table: string; index: string; ticket: string | null }> = {
  subject: { table: 'ticket', index: 'ticket_search', ticket: 'id' },
  item: { table: 'thread_item', index: 'thread_item_search', ticket: 'ticket_id' },
  note: { table: 'editable_note', index: 'editable_note_search', ticket: 'ticket_id' },
  contact: { table: 'contact', index: 'contact_search', ticket: null },
};

/**
 * The second pass of a search, for words the newest tickets hardly hold (search-recent.ts): each source's
 * full-text index hands over its matching rows newest first, only those of tickets older than `before`
 * (the first pass read the rest), and a second statement keeps those whose ticket passes `conditions`.
 * Two statements rather than a join: given one, PostgreSQL misjudged how rare a word was and chose hash or
 * merge joins over a department's hundred thousand tickets (0.6–1.3 s for a word in twenty messages).
 */
export async function indexedMatches(query: Sql, source: CandidateSource, words: SearchQuery, conditions: RawBuilder<unknown>, before: number, wanted: number): Promise<SearchCandidate[]> {
  const candidates: SearchCandidate[] = [];
  const tickets = new Set<number>();
  let olderThanRow: number | null = null;
  for (let read = 0; read < READS_PER_SOURCE && tickets.size < wanted; read++) {
    const rows = await matchingRows(query, source, words, before, olderThanRow);
    if (rows.length === 0) break;
    for (const candidate of await keepVisible(query, source, words, conditions, before, rows)) {
      candidates.push(candidate);
      tickets.add(candidate.ticketId);
    }
    if (rows.length < ROWS_PER_READ) break;
    olderThanRow = rows.at(-1)!.docId;
  }
  return candidates;
}

interface MatchingRow {
  readonly docId: number;
  /** The row's ticket (null for a contact's card). */
  readonly ticketId: number | null;
  readonly text: string;
}

async function matchingRows(query: Sql, source: CandidateSource, words: SearchQuery, before: number, olderThanRow: number | null): Promise<MatchingRow[]> {
  const { table, index, ticket } = SOURCES[source];
  const ticketColumn = ticket === null ? sql`null` : sql.ref(`d.${ticket}`);
  const olderTicket = ticket === null ? sql`` : sql` and ${ticketColumn} < ${before}`;
  const olderRow = olderThanRow === null ? sql`` : sql` and d.id < ${olderThanRow}`;
  let statement: RawBuilder<{ doc_id: unknown; ticket_id: unknown; text: unknown }>;
  if (query.dialect === 'sqlite') {
    const match = fts5Match(words);
    if (match === null) return [];
    const fts = sql.table(index);
    // The index drives: FTS5 reads its rowids newest first and the row is fetched by key.
    statement = sql`select d.id as doc_id, ${ticketColumn} as ticket_id, d.search_text as text
      from ${fts} join ${sql.table(table)} d on d.id = ${fts}.rowid
      where ${fts} match ${match} and ${searchTextHolds(query, sql`d.search_text`, words)}${olderTicket}${olderRow}
      order by ${fts}.rowid desc limit ${ROWS_PER_READ}`;
  } else {
    const text = tsQuery(words);
    if (text === null) return [];
    // `d.id + 0`: the newest matches come from sorting what the GIN index found, never from walking the
    // primary key backwards. The words are rare among the newest tickets (else the first pass would have
    // ended the search), but PostgreSQL cannot tell a word in twenty messages from one in thousands, and
    // walking back through 10,000,000 messages for twenty took 3.9 s where the index took 2 ms.
    statement = sql`select d.id as doc_id, ${ticketColumn} as ticket_id, d.search_text as text from ${sql.table(table)} d
      where ${postgresMatch(query, words, text)}${olderTicket}${olderRow}
      order by d.id + 0 desc limit ${ROWS_PER_READ}`;
  }
  const { rows } = await statement.execute(query.db);
  return rows.map((row) => ({ docId: Number(row.doc_id), ticketId: row.ticket_id === null ? null : Number(row.ticket_id), text: String(row.text ?? '') }));
}

/** The rows whose ticket the agent may see and the filters allow, as candidates; a contact's card speaks for each of their tickets. */
async function keepVisible(query: Sql, source: CandidateSource, words: SearchQuery, conditions: RawBuilder<unknown>, before: number, rows: readonly MatchingRow[]): Promise<SearchCandidate[]> {
  if (source === 'contact') {
    const ids = rows.map((row) => row.docId);
    const { rows: tickets } = await sql<{ id: unknown; contact_id: unknown }>`select t.id as id, t.contact_id as contact_id from ticket t
      where ${isOneOf(query, sql`t.contact_id`, ids)} and t.id < ${before} and ${conditions} order by t.id desc limit ${ROWS_PER_READ}`.execute(query.db);
    const scores = new Map(rows.map((row) => [row.docId, searchScore(row.text, words)]));
    return tickets.map((ticket) => ({ ticketId: Number(ticket.id), source, docId: Number(ticket.contact_id), score: scores.get(Number(ticket.contact_id)) ?? 0 }));
  }
  const ticketIds = [...new Set(rows.map((row) => row.ticketId!))];
  const { rows: visible } = await sql<{ id: unknown }>`select t.id as id from ticket t where ${isOneOf(query, sql`t.id`, ticketIds)} and ${conditions}`.execute(query.db);
  const allowed = new Set(visible.map((ticket) => Number(ticket.id)));
  return rows.filter((row) => allowed.has(row.ticketId!)).map((row) => ({ ticketId: row.ticketId!, source, docId: row.docId, score: searchScore(row.text, words) }));
}

/** A row's words and pairs of words on PostgreSQL (row alias `d`): the very expression of the GIN indexes (migration "search-phrase-pairs"), so they serve the match. */
const POSTGRES_DOCUMENT = sql`parley_search_lexemes(coalesce(d.search_text, ''))`;

/**
 * The full-text match on PostgreSQL: the GIN index's expression against the query, and the substring checks
 * of search-text-match.ts, which decide (the index knows words and pairs of words, not whole phrases or
 * exclusions). When the planner reads rows newest first instead of through the index, only the rows holding
 * the words get their lexemes built. Written as `strpos(…) > 0`, which the planner rates as an ordinary
 * filter; as LIKE it took the check for very selective and chose plans seconds slower.
 */
function postgresMatch(query: Sql, words: SearchQuery, text: string): RawBuilder<unknown> {
  return sql`${POSTGRES_DOCUMENT} @@ cast(${text} as tsquery) and ${searchTextHolds(query, sql`d.search_text`, words)}`;
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
      where ${fts} match ${match} and ${searchTextHolds(query, sql`d.search_text`, words)} order by ${fts}.rowid desc limit ${DIRECTORY_CANDIDATES}`;
  } else {
    const text = tsQuery(words);
    if (text === null) return [];
    statement = sql`select d.id as id, d.search_text as text from ${sql.table(table)} d
      where ${postgresMatch(query, words, text)} order by d.id desc limit ${DIRECTORY_CANDIDATES}`;
  }
  const { rows } = await statement.execute(query.db);
  return rows
    .map((row) => ({ id: Number(row.id), score: searchScore(String(row.text ?? ''), words) }))
    .sort((a, b) => b.score - a.score || b.id - a.id)
    .slice(0, limit);
}

const DIRECTORY_CANDIDATES = 100;
