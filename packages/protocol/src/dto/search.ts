import { SEARCH_FILTER_KEYS, SEARCH_QUERY_MAX_LENGTH } from '@parley/domain';
import { z } from 'zod';
import { CountTicketsQuery } from '../http/requests.js';
import { TicketDto } from './ticket.js';
import { TimeZoneName } from './widget.js';

/**
 * The one search box: words, "phrases", -exclusions and filters (`status:open`, `tag:vip`, `from:@example.bg`,
 * `department:Billing`, `assignee:me`, `before:`/`after:` dates) in `q`, combinable with the ticket list's
 * own filters (folder, status, department, …) beside it.
 */
export const SearchRequestQuery = CountTicketsQuery.omit({ q: true }).extend({
  q: z.string().max(SEARCH_QUERY_MAX_LENGTH),
  /** The agent's time zone, for `before:` and `after:` dates (an IANA name; UTC when not given). */
  timeZone: TimeZoneName.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type SearchRequestQuery = z.input<typeof SearchRequestQuery>;
/** The query as the server reads it, defaults applied. */
export type SearchRequest = z.output<typeof SearchRequestQuery>;

/** A piece of a snippet; `match` pieces are the words the query found. Plain text: render it as text, never as HTML. */
export const SnippetPart = z.object({ text: z.string(), match: z.boolean() });
export type SnippetPart = z.infer<typeof SnippetPart>;

/** Where in a ticket the query matched: its subject, a thread item (by kind), its ticket note, or its contact's card. */
export const SearchMatchSource = z.enum(['subject', 'customer_message', 'agent_reply', 'internal_note', 'ticket_note', 'contact']);
export type SearchMatchSource = z.infer<typeof SearchMatchSource>;

export const TicketSearchHit = z.object({
  ticket: TicketDto,
  matchedIn: SearchMatchSource.nullable().describe('Null when only filters were asked.'),
  /** The thread item that matched, to open the ticket at it. */
  threadItemId: z.number().int().nullable(),
  snippet: z.array(SnippetPart),
});
export type TicketSearchHit = z.infer<typeof TicketSearchHit>;

export const ContactSearchHit = z.object({ id: z.number().int(), name: z.string().nullable(), email: z.string().nullable(), snippet: z.array(SnippetPart) });
export type ContactSearchHit = z.infer<typeof ContactSearchHit>;
export const CompanySearchHit = z.object({ id: z.number().int(), name: z.string(), snippet: z.array(SnippetPart) });
export type CompanySearchHit = z.infer<typeof CompanySearchHit>;

/** What the box could not understand, so the console can say so instead of silently ignoring it. */
export const SearchProblem = z.discriminatedUnion('code', [
  z.object({ code: z.literal('unknown_value'), filter: z.enum(SEARCH_FILTER_KEYS), value: z.string() }),
  z.object({ code: z.literal('invalid_date'), filter: z.enum(['before', 'after']), value: z.string() }),
  z.object({ code: z.literal('empty_filter'), filter: z.enum(SEARCH_FILTER_KEYS) }),
  z.object({ code: z.literal('too_long') }),
]);
export type SearchProblem = z.infer<typeof SearchProblem>;

export const SearchResultsDto = z.object({
  tickets: z.array(TicketSearchHit),
  contacts: z.array(ContactSearchHit),
  companies: z.array(CompanySearchHit),
  problems: z.array(SearchProblem),
});
export type SearchResultsDto = z.infer<typeof SearchResultsDto>;
