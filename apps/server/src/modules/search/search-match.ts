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
export function fts5Match(query: SearchQuery): string | null {
  const positive = [
    ...query.terms.map((t) => (t.prefix ? `${fts5Word(indexedPrefix(t.word))}*` : fts5Word(t.word))),
    ...query.phrases.map((words) => fts5Phrase(words)),
  ];
  if (positive.length === 0) return null;
  const excluded = query.excluded.map((words) => ` NOT ${fts5Phrase(words)}`).join('');
  return `${positive.join(' AND ')}${excluded}`;
}

/**
 * The FTS5 indexes keep a prefix index of this many letters (migration "search": `prefix='3'`), which reads a
 * prefix's matches newest first without merging every word it begins. A longer prefix is looked up by its
 * first three letters and checked whole on each row (`longPrefixes`).
 */
export const FTS5_PREFIX_INDEX_LENGTH = 3;

function indexedPrefix(word: string): string {
  return [...word].slice(0, FTS5_PREFIX_INDEX_LENGTH).join('');
}

/** The prefixes longer than the FTS5 prefix index: each row found by its first letters is checked for the whole prefix. */
export function longPrefixes(query: SearchQuery): string[] {
  return query.terms.filter((t) => t.prefix && [...t.word].length > FTS5_PREFIX_INDEX_LENGTH).map((t) => t.word);
}

/**
 * PostgreSQL: a `to_tsquery('simple', $1)` text naming the words every match holds, for the GIN index to
 * narrow the rows down: each word single-quoted (a quote inside doubled) so tsquery operators typed by the
 * agent stay words, a prefix `'word':*`, the words of a phrase each on its own. Word order and exclusions
 * are left to the substring checks that go with it (wordsInText): a phrase operator (`<->`) would make
 * PostgreSQL rebuild the tsvector of every row holding both words to check positions, about 11 µs a row.
 * Null when nothing positive is asked.
 */
export function tsQuery(query: SearchQuery): string | null {
  const positive = [...query.terms.map((t) => (t.prefix ? `${tsWord(t.word)}:*` : tsWord(t.word))), ...query.phrases.flat().map(tsWord)];
  return positive.length === 0 ? null : positive.join(' & ');
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

function tsWord(word: string): string {
  return `'${word.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}
