import type { SearchRequestQuery, SearchResultsDto } from '@parley/protocol';
import type { TicketListFilter } from '@parley/domain';
import { http, queryString } from './http';

/**
 * The search box: tickets (ranked, with snippets), contacts and companies; `before:`/`after:` in the agent's own
 * time zone; within the list's filters when given.
 */
export function searchEverything(q: string, filters: TicketListFilter = {}, options: { timeZone?: string; limit?: number } = {}): Promise<SearchResultsDto> {
  const { internal, ...rest } = filters;
  const query = {
    ...rest,
    ...(internal !== undefined ? { internal: internal ? 'true' : 'false' } : {}),
    q,
    timeZone: options.timeZone ?? browserTimeZone(),
    limit: options.limit ?? 20,
  } satisfies SearchRequestQuery;
  return http.request<SearchResultsDto>('GET', `/search${queryString(query)}`);
}

function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
