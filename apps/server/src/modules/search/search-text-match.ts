import type { SearchQuery } from '@parley/domain';
import { type RawBuilder, sql } from 'kysely';
import type { Sql } from '../../db/sql.js';
import { excludedInText, wordsInText } from './search-match.js';

/**
 * Whether the search text in `column` matches the query, by plain substring checks on the padded text
 * (search-match.ts, wordsInText): exact for search text, and well under a microsecond a row where building
 * a PostgreSQL tsvector took about 11. Each word is a bound parameter. True when nothing positive is asked.
 */
export function searchTextHolds(query: Sql, column: RawBuilder<unknown>, words: SearchQuery): RawBuilder<unknown> {
  const padded = sql`(' ' || ${column} || ' ')`;
  const position = (needle: string) => (query.dialect === 'sqlite' ? sql`instr(${padded}, ${needle})` : sql`strpos(${padded}, ${needle})`);
  const checks = [
    ...wordsInText(words).map((needle) => sql`${position(needle)} > 0`),
    ...excludedInText(words).map((needle) => sql`${position(needle)} = 0`),
  ];
  return checks.length === 0 ? sql`1 = 1` : sql`(${sql.join(checks, sql` and `)})`;
}

/** `column` is one of `ids`, bound as ONE parameter (so the statement's text is the same for any number). */
export function isOneOf(query: Sql, column: RawBuilder<unknown>, ids: readonly number[]): RawBuilder<unknown> {
  return query.dialect === 'sqlite'
    ? sql`${column} in (select value from json_each(${JSON.stringify(ids)}))`
    : sql`${column} = any(${`{${ids.join(',')}}`}::int[])`;
}
