import type { SearchRequestQuery, SearchResultsDto } from '@parley/protocol';
import { http, queryString } from './http';

/** The search box: tickets (ranked, with snippets), contacts and companies; `before:`/`after:` in the agent's own time zone. */
export function searchEverything(q: string, options: { timeZone?: string; limit?: number } = {}): Promise<SearchResultsDto> {
  const query = { q, timeZone: options.timeZone ?? browserTimeZone(), limit: options.limit ?? 20 } satisfies SearchRequestQuery;
  return http.request<SearchResultsDto>('GET', `/search${queryString(query)}`);
}

function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
