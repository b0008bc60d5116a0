import { type KbLanguage, type KbReader, parseSearchQuery, readableArticleStates, type SearchQuery, searchDocument, searchScore, searchSnippet } from '@parley/domain';
import type { KbSearchHitDto } from '@parley/protocol';
import { type RawBuilder, sql } from 'kysely';
import type { Em } from '../../db/orm.js';
import { sql as sqlOf, type Sql } from '../../db/sql.js';
import { fts5Match, tsQuery } from '../search/search-match.js';
import { isOneOf, searchTextHolds } from '../search/search-text-match.js';
import { helpArticleUrl } from './kb-presenter.js';

/** Matching articles read from the index at most, newest first, before they are ranked. */
const CANDIDATES = 500;
/** A word in the title counts this much more than one in the text. */
const TITLE_WEIGHT = 2;

export interface KbSearchInput {
  readonly q: string;
  readonly language: KbLanguage;
  readonly limit: number;
}

/**
 * Articles of one language matching the words, best first, among those the reader may see. The technique of
 * ticket search (modules/search): the query folded by the domain as the stored words were (search-text.ts),
 * FTS5 on SQLite and the parley_search_lexemes GIN index on PostgreSQL to find the rows, substring checks to
 * confirm them, and the domain's searchScore to rank, the title weighing more. Filters of the ticket search
 * box (`status:`…) mean nothing here and are ignored.
 */
export async function searchArticles(em: Em, publicUrl: string, reader: KbReader, input: KbSearchInput): Promise<KbSearchHitDto[]> {
  const words = parseSearchQuery(input.q);
  if (words.terms.length + words.phrases.length === 0) return [];
  const query = sqlOf(em);
  const states = readableArticleStates(reader);
  const rows = await candidates(query, words, sql`d.language = ${input.language} and d.status in (${sql.join(states.statuses)}) and d.visibility in (${sql.join(states.visibilities)})`);
  const ranked = rows
    .map((row) => ({ ...row, score: searchScore(row.text, words) + TITLE_WEIGHT * searchScore(searchDocument([row.title]), words) }))
    .sort((a, b) => b.score - a.score || b.id - a.id)
    .slice(0, input.limit);
  if (ranked.length === 0) return [];
  const { rows: bodies } = await sql<{ id: unknown; body_text: unknown }>`select d.id as id, d.body_text as body_text from kb_article d where ${isOneOf(query, sql`d.id`, ranked.map((r) => r.id))}`.execute(query.db);
  const textOf = new Map(bodies.map((row) => [Number(row.id), String(row.body_text ?? '')]));
  return ranked.map((row) => ({
    id: row.id,
    language: input.language,
    slug: row.slug,
    title: row.title,
    snippet: searchSnippet(textOf.get(row.id) ?? '', words) ?? searchSnippet(row.title, words) ?? [{ text: (textOf.get(row.id) ?? '').slice(0, 180), match: false }],
    status: row.status,
    visibility: row.visibility,
    categoryId: row.categoryId,
    url: row.status === 'published' && row.visibility === 'public' ? helpArticleUrl(publicUrl, input.language, row.slug) : null,
  }));
}

interface Candidate {
  readonly id: number;
  readonly slug: string;
  readonly title: string;
  readonly text: string;
  readonly status: 'draft' | 'published';
  readonly visibility: 'public' | 'internal';
  readonly categoryId: number | null;
}

async function candidates(query: Sql, words: SearchQuery, allowed: RawBuilder<unknown>): Promise<Candidate[]> {
  const columns = sql`d.id as id, d.slug as slug, d.title as title, d.search_text as text, d.status as status, d.visibility as visibility, d.category_id as category_id`;
  let statement: RawBuilder<Record<string, unknown>>;
  if (query.dialect === 'sqlite') {
    const match = fts5Match(words);
    if (match === null) return [];
    statement = sql`select ${columns} from kb_article_search join kb_article d on d.id = kb_article_search.rowid
      where kb_article_search match ${match} and ${searchTextHolds(query, sql`d.search_text`, words)} and ${allowed}
      order by kb_article_search.rowid desc limit ${CANDIDATES}`;
  } else {
    const text = tsQuery(words);
    if (text === null) return [];
    statement = sql`select ${columns} from kb_article d
      where parley_search_lexemes(coalesce(d.search_text, '')) @@ cast(${text} as tsquery) and ${searchTextHolds(query, sql`d.search_text`, words)} and ${allowed}
      order by d.id desc limit ${CANDIDATES}`;
  }
  const { rows } = await statement.execute(query.db);
  return rows.map((row) => ({
    id: Number(row.id),
    slug: String(row.slug),
    title: String(row.title),
    text: String(row.text ?? ''),
    status: row.status as Candidate['status'],
    visibility: row.visibility as Candidate['visibility'],
    categoryId: row.category_id === null || row.category_id === undefined ? null : Number(row.category_id),
  }));
}
