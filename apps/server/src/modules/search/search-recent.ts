import { type SearchQuery, searchScore } from '@parley/domain';
import { type RawBuilder, sql } from 'kysely';
import type { Sql } from '../../db/sql.js';
import type { SearchCandidate } from './search-candidate.js';
import { isOneOf, searchTextHolds } from './search-text-match.js';

/** The newest tickets the agent may see are read in windows of these sizes, each older than the one before. */
export const RECENT_WINDOWS: readonly number[] = [200, 800];

export interface RecentMatches {
  readonly candidates: SearchCandidate[];
  /** How many different tickets matched. */
  readonly tickets: number;
  /** The oldest ticket read; null when every ticket the conditions allow was read (nothing older is left). */
  readonly readDownTo: number | null;
}

/**
 * The first pass of a search: the newest tickets that pass `conditions` (on `t`), a window at a time, and
 * which of their subjects, messages, notes and contacts' cards hold the words. Stops once `wanted` tickets
 * matched. A common word (or one common among the tickets this agent may see, whatever the rest of the desk
 * holds) is found here at the cost of the few hundred tickets read, where an index would hand over every
 * match in the desk to be joined and filtered.
 */
export async function recentMatches(query: Sql, words: SearchQuery, conditions: RawBuilder<unknown>, wanted: number, windows = RECENT_WINDOWS): Promise<RecentMatches> {
  const candidates: SearchCandidate[] = [];
  const matched = new Set<number>();
  let before: number | null = null;
  for (const size of windows) {
    const window = await recentTickets(query, words, conditions, before, size);
    for (const candidate of await matchesInWindow(query, words, window)) {
      candidates.push(candidate);
      matched.add(candidate.ticketId);
    }
    if (window.length < size) return { candidates, tickets: matched.size, readDownTo: null };
    before = window.at(-1)!.id;
    if (matched.size >= wanted) break;
  }
  return { candidates, tickets: matched.size, readDownTo: before };
}

interface WindowTicket {
  readonly id: number;
  readonly contactId: number | null;
  /** The subject's search text when it matches. */
  readonly subjectText: string | null;
}

async function recentTickets(query: Sql, words: SearchQuery, conditions: RawBuilder<unknown>, before: number | null, size: number): Promise<WindowTicket[]> {
  const older = before === null ? sql`` : sql` and t.id < ${before}`;
  const { rows } = await sql<{ id: unknown; contact_id: unknown; subject_text: unknown }>`select t.id as id, t.contact_id as contact_id,
      case when ${searchTextHolds(query, sql`t.search_text`, words)} then t.search_text end as subject_text
    from ticket t where ${conditions}${older} order by t.id desc limit ${size}`.execute(query.db);
  return rows.map((row) => ({
    id: Number(row.id),
    contactId: row.contact_id === null ? null : Number(row.contact_id),
    subjectText: row.subject_text === null ? null : String(row.subject_text),
  }));
}

async function matchesInWindow(query: Sql, words: SearchQuery, window: readonly WindowTicket[]): Promise<SearchCandidate[]> {
  if (window.length === 0) return [];
  const ticketIds = window.map((ticket) => ticket.id);
  const contactIds = [...new Set(window.flatMap((ticket) => (ticket.contactId === null ? [] : [ticket.contactId])))];
  const holds = (column: string) => searchTextHolds(query, sql.ref(column), words);
  type Row = { doc_id: unknown; ticket_id: unknown; text: unknown };
  const [items, notes, contacts] = await Promise.all([
    sql<Row>`select d.id as doc_id, d.ticket_id as ticket_id, d.search_text as text from thread_item d
      where ${isOneOf(query, sql`d.ticket_id`, ticketIds)} and ${holds('d.search_text')}`.execute(query.db),
    sql<Row>`select n.id as doc_id, n.ticket_id as ticket_id, n.search_text as text from editable_note n
      where ${isOneOf(query, sql`n.ticket_id`, ticketIds)} and ${holds('n.search_text')}`.execute(query.db),
    contactIds.length === 0
      ? { rows: [] as Row[] }
      : sql<Row>`select c.id as doc_id, null as ticket_id, c.search_text as text from contact c
          where ${isOneOf(query, sql`c.id`, contactIds)} and ${holds('c.search_text')}`.execute(query.db),
  ]);
  const score = (text: unknown) => searchScore(String(text ?? ''), words);
  const candidates: SearchCandidate[] = window.flatMap((ticket) =>
    ticket.subjectText === null ? [] : [{ ticketId: ticket.id, source: 'subject' as const, docId: ticket.id, score: score(ticket.subjectText) }],
  );
  for (const row of items.rows) candidates.push({ ticketId: Number(row.ticket_id), source: 'item', docId: Number(row.doc_id), score: score(row.text) });
  for (const row of notes.rows) candidates.push({ ticketId: Number(row.ticket_id), source: 'note', docId: Number(row.doc_id), score: score(row.text) });
  const contactScores = new Map(contacts.rows.map((row) => [Number(row.doc_id), score(row.text)]));
  for (const ticket of window) {
    const contactScore = ticket.contactId === null ? undefined : contactScores.get(ticket.contactId);
    if (contactScore !== undefined) candidates.push({ ticketId: ticket.id, source: 'contact', docId: ticket.contactId!, score: contactScore });
  }
  return candidates;
}
