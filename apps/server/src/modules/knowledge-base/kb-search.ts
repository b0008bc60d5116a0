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
  /** 'any': an article holding any one of the words is found (the widget's suggestions); 'all' by default. */
  readonly match?: 'all' | 'any' | undefined;
}

/**
 * In 'any' mode, words shorter than this are left out when the text has longer ones: a sentence's little words
 * ("how", "да", "και") would otherwise find every article.
 */
const ANY_MODE_MIN_LETTERS = 4;

/**
 * Articles of one language matching the words, best first, among those the reader may see. The technique of
 * ticket search (modules/search): the query folded by the domain as the stored words were (search-text.ts),
 * FTS5 on SQLite and the stored parley_search_lexemes (GIN) on PostgreSQL to find the rows, substring checks to
 * confirm them, and the domain's searchScore to rank, the title weighing more. Filters of the ticket search
 * box (`status:`…) mean nothing here and are ignored.
 */
export async function searchArticles(em: Em, publicUrl: string, reader: KbReader, input: KbSearchInput): Promise<KbSearchHitDto[]> {
  const parsed = parseSearchQuery(input.q);
  const words = input.match === 'any' ? withoutLittleWords(parsed) : parsed;
  if (words.terms.length + words.phrases.length === 0) return [];
  const query = sqlOf(em);
  const states = readableArticleStates(reader);
  const alternatives = input.match === 'any' ? eachAlone(words) : [words];
  const rows = await candidates(query, alternatives, sql`d.language = ${input.language} and d.status in (${sql.join(states.statuses)}) and d.visibility in (${sql.join(states.visibilities)})`);
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

/** The query without its words of fewer than ANY_MODE_MIN_LETTERS letters, unless those are all it has. */
function withoutLittleWords(words: SearchQuery): SearchQuery {
  const long = words.terms.filter((term) => [...term.word].length >= ANY_MODE_MIN_LETTERS);
  return long.length > 0 || words.phrases.length > 0 ? { ...words, terms: long } : words;
}

/** Each word and phrase as a query of its own, without exclusions: 'any' mode finds what matches one of them. */
function eachAlone(words: SearchQuery): SearchQuery[] {
  return [...words.terms.map((term) => ({ ...words, terms: [term], phrases: [], excluded: [] })), ...words.phrases.map((phrase) => ({ ...words, terms: [], phrases: [phrase], excluded: [] }))];
}

/** Rows matching at least one of the alternatives (one alternative: the whole query, every word in it). */
async function candidates(query: Sql, alternatives: readonly SearchQuery[], allowed: RawBuilder<unknown>): Promise<Candidate[]> {
  const columns = sql`d.id as id, d.slug as slug, d.title as title, d.search_text as text, d.status as status, d.visibility as visibility, d.category_id as category_id`;
  const holds = sql`(${sql.join(alternatives.map((words) => searchTextHolds(query, sql`d.search_text`, words)), sql` or `)})`;
  let statement: RawBuilder<Record<string, unknown>>;
  if (query.dialect === 'sqlite') {
    // The whole prefix: the articles are ranked, not read newest first, so a long typed word is looked up as
    // typed instead of by its first three letters, which every article holds.
    const matches = alternatives.map((words) => fts5Match(words, Number.POSITIVE_INFINITY)).filter((match) => match !== null);
    if (matches.length === 0) return [];
    const match = matches.length === 1 ? matches[0]! : matches.map((m) => `(${m})`).join(' OR ');
    statement = sql`select ${columns} from kb_article_search join kb_article d on d.id = kb_article_search.rowid
      where kb_article_search match ${match} and ${holds} and ${allowed}
      order by kb_article_search.rowid desc limit ${CANDIDATES}`;
  } else {
    const texts = alternatives.map(tsQuery).filter((text) => text !== null);
    if (texts.length === 0) return [];
    // The stored lexemes (migration "kb-search-lexemes"), not the index's expression: checking a row is a read,
    // never building its lexemes again (a word in every article cost 1.5 s that way). `d.id + 0`: the
    // candidates come from sorting what the GIN index found, not from walking the key backwards through every
    // article for a rare word (71 ms against 8).
    statement = sql`select ${columns} from kb_article d
      where d.search_lexemes @@ cast(${texts.join(' | ')} as tsquery) and ${holds} and ${allowed}
      order by d.id + 0 desc limit ${CANDIDATES}`;
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
