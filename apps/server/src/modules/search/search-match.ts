import type { SearchQuery } from '@parley/domain';

/**
 * The parsed query turned into the text each database's full-text operator takes, always bound as ONE
 * parameter (never concatenated into SQL). Words are already folded by the domain, as the index is, so
 * both databases compare the same words.
 *
 * FTS5: every word is double-quoted (a quote inside doubled), so nothing the agent typed is read as FTS5
 * syntax (AND, NEAR, column filters, parentheses); a prefix is `"word"*`, a phrase `"a" + "b"`, an
 * exclusion `NOT (…)`. FTS5's NOT is binary, so exclusions follow the positive part; a query of only
 * exclusions has no MATCH text (null): the caller filters by exclusions alone in SQL instead.
 */
export function fts5Match(query: SearchQuery, prefixLetters: number = FTS5_PREFIX_INDEX_LENGTH): string | null {
  const positive = [
    ...query.terms.map((t) => (t.prefix ? `${fts5Word(indexedPrefix(t.word, prefixLetters))}*` : fts5Word(t.word))),
    ...query.phrases.map((words) => fts5Phrase(words)),
  ];
  if (positive.length === 0) return null;
  const excluded = query.excluded.map((words) => ` NOT ${fts5Phrase(words)}`).join('');
  return `${positive.join(' AND ')}${excluded}`;
}

/**
 * The FTS5 indexes keep a prefix index of this many letters (migration "search": `prefix='3'`), which reads a
 * prefix's matches newest first without merging every word it begins. A longer prefix is looked up by its
 * first three letters and checked whole on each row (search-text-match.ts), unless the caller asks for more
 * letters (`fts5Match`'s `prefixLetters`): a search that ranks every match rather than reading the newest.
 */
export const FTS5_PREFIX_INDEX_LENGTH = 3;

function indexedPrefix(word: string, letters: number): string {
  return [...word].slice(0, letters).join('');
}

/**
 * PostgreSQL: a tsquery (cast from text, never parsed into words again) naming what every match holds, for
 * the GIN index over `parley_search_lexemes` (migration "search-phrase-pairs") to narrow the rows down: each
 * word, a prefix as `'word':*`, and a phrase as its pairs of adjacent words ('order please'), which the
 * index holds as lexemes, so a phrase of common words is as rare in the index as it is in the text. Each
 * lexeme single-quoted (a quote or backslash inside escaped), so tsquery operators typed by the agent stay
 * words. Rows too long to be indexed whole carry LONG_DOCUMENT_LEXEME and are always asked for. Word order
 * beyond pairs and exclusions are left to the substring checks that go with it (wordsInText). Null when
 * nothing positive is asked.
 */
export function tsQuery(query: SearchQuery): string | null {
  const lexemes = [
    ...query.terms.map((t) => (t.prefix ? `${tsLexeme(t.word)}:*` : tsLexeme(t.word))),
    ...query.phrases.flatMap((words) => (words.length === 1 ? [tsLexeme(words[0]!)] : adjacentPairs(words).map(tsLexeme))),
  ];
  if (lexemes.length === 0) return null;
  return `(${[...new Set(lexemes)].join(' & ')}) | ${tsLexeme(LONG_DOCUMENT_LEXEME)}`;
}

/** The lexeme parley_search_lexemes adds to a row whose search text is longer than it indexes (not a word: words are letters and digits). */
export const LONG_DOCUMENT_LEXEME = '#long';

function adjacentPairs(words: readonly string[]): string[] {
  return words.slice(1).map((word, i) => `${words[i]} ${word}`);
}

/**
 * What each positive word or phrase looks like inside a row's search text padded with a space at each end
 * (the text is the folded words joined by single spaces): " word ", " word" for a prefix, " a b " for a
 * phrase. A row matches the query exactly when its padded text holds every one of these and none of
 * `excludedInText`: the same answer as the full-text indexes, without them.
 */
export function wordsInText(query: SearchQuery): string[] {
  return [...query.terms.map((t) => (t.prefix ? ` ${t.word}` : ` ${t.word} `)), ...query.phrases.map((words) => ` ${words.join(' ')} `)];
}

/** The excluded words and phrases as they would appear in a padded search text (see wordsInText). */
export function excludedInText(query: SearchQuery): string[] {
  return query.excluded.map((words) => ` ${words.join(' ')} `);
}

function fts5Word(word: string): string {
  return `"${word.replaceAll('"', '""')}"`;
}

function fts5Phrase(words: readonly string[]): string {
  return words.length === 1 ? fts5Word(words[0]!) : `(${words.map(fts5Word).join(' + ')})`;
}

function tsLexeme(lexeme: string): string {
  return `'${lexeme.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}
