import { BASE_STATUSES, type BaseStatus } from '../ticket/status.js';
import { CHANNELS, type Channel, PRIORITIES, type Priority } from '../ticket/ticket.js';
import { searchWords } from './search-text.js';

/**
 * What an agent types into the one search box, understood: words (the last one a prefix while they are still
 * typing it), "phrases in quotes", -excluded words or phrases, and filters (`status:open`, `tag:vip`,
 * `from:@example.bg`, `department:Billing`, `assignee:me`, `before:2027-03-01`, `after:…`, `priority:high`,
 * `channel:email`). Words and phrases are folded as the index folds them (search-text.ts).
 */
export interface SearchQuery {
  /** Each term is one folded word; `prefix` when it should match any word it begins. */
  readonly terms: readonly SearchTerm[];
  /** Each phrase is its folded words, to be found next to each other and in order. */
  readonly phrases: readonly (readonly string[])[];
  /** Words or phrases no result may contain (each as its folded words). */
  readonly excluded: readonly (readonly string[])[];
  readonly filters: SearchFilters;
  /** What was not understood, so the box can say so instead of silently ignoring it. */
  readonly problems: readonly SearchQueryProblem[];
}

export interface SearchTerm {
  readonly word: string;
  readonly prefix: boolean;
}

export interface SearchFilters {
  readonly status: readonly BaseStatus[];
  readonly priority: readonly Priority[];
  readonly channel: readonly Channel[];
  readonly tags: readonly string[];
  /** An address (`anna@example.bg`) or a domain (`@example.bg`, `example.bg`), lower-cased. */
  readonly from: readonly string[];
  /** Department names as typed; the server resolves them among the departments the agent may see. */
  readonly departments: readonly string[];
  /** 'me', 'none', or an agent's name or email as typed. */
  readonly assignees: readonly string[];
  /** Calendar dates (YYYY-MM-DD) in the agent's time zone: created before the start of / on or after. */
  readonly before: string | null;
  readonly after: string | null;
}

export type SearchQueryProblem =
  | { readonly code: 'unknown_value'; readonly filter: SearchFilterKey; readonly value: string }
  | { readonly code: 'invalid_date'; readonly filter: 'before' | 'after'; readonly value: string }
  | { readonly code: 'empty_filter'; readonly filter: SearchFilterKey }
  | { readonly code: 'too_long' };

export const SEARCH_FILTER_KEYS = ['status', 'priority', 'channel', 'tag', 'from', 'department', 'assignee', 'before', 'after'] as const;
export type SearchFilterKey = (typeof SEARCH_FILTER_KEYS)[number];

/** Longer input is refused rather than turned into a query that scans everything. */
export const SEARCH_QUERY_MAX_LENGTH = 500;
/**
 * The fewest letters a word needs to match as a prefix: shorter ones ("a", "на") match only as whole words,
 * since a one- or two-letter prefix matches nearly every message and helps no one find anything.
 */
export const SEARCH_PREFIX_MIN_LENGTH = 3;
/** Words and phrases beyond these are dropped (and reported): each one costs the database a lookup. */
export const SEARCH_MAX_TERMS = 16;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

interface Token {
  readonly negated: boolean;
  readonly key: string | null;
  readonly value: string;
  readonly quoted: boolean;
  /** The token ran to the end of the input with no space after it: the agent may still be typing it. */
  readonly open: boolean;
}

export function parseSearchQuery(input: string): SearchQuery {
  const terms: SearchTerm[] = [];
  const phrases: string[][] = [];
  const excluded: string[][] = [];
  const problems: SearchQueryProblem[] = [];
  const filters = {
    status: [] as BaseStatus[],
    priority: [] as Priority[],
    channel: [] as Channel[],
    tags: [] as string[],
    from: [] as string[],
    departments: [] as string[],
    assignees: [] as string[],
    before: null as string | null,
    after: null as string | null,
  };
  if (input.length > SEARCH_QUERY_MAX_LENGTH) {
    return { terms, phrases, excluded, filters, problems: [{ code: 'too_long' }] };
  }

  for (const token of tokenize(input)) {
    const key = token.key?.toLowerCase() ?? null;
    if (key !== null && isFilterKey(key)) {
      applyFilter(filters, problems, key, token.value.trim());
      continue;
    }
    // An unknown "key:" is text ("error:42" is something a customer writes): keep it whole as words.
    const text = token.key === null ? token.value : `${token.key}:${token.value}`;
    const words = searchWords(text);
    if (words.length === 0) continue;
    if (token.negated) excluded.push(words);
    else if (token.quoted || words.length > 1) phrases.push(words);
    else terms.push({ word: words[0]!, prefix: (token.open || text.endsWith('*')) && [...words[0]!].length >= SEARCH_PREFIX_MIN_LENGTH });
  }

  const kept = Math.max(0, SEARCH_MAX_TERMS - phrases.length - excluded.length);
  return { terms: terms.slice(0, kept), phrases: phrases.slice(0, SEARCH_MAX_TERMS), excluded: excluded.slice(0, SEARCH_MAX_TERMS), filters, problems };
}

/** Whether the query asks for anything at all (words, phrases, exclusions or filters). */
export function isEmptySearch(query: SearchQuery): boolean {
  const f = query.filters;
  return (
    query.terms.length + query.phrases.length + query.excluded.length === 0 &&
    f.status.length + f.priority.length + f.channel.length + f.tags.length + f.from.length + f.departments.length + f.assignees.length === 0 &&
    f.before === null &&
    f.after === null
  );
}

function isFilterKey(key: string): key is SearchFilterKey {
  return (SEARCH_FILTER_KEYS as readonly string[]).includes(key);
}

function applyFilter(filters: MutableFilters, problems: SearchQueryProblem[], key: SearchFilterKey, value: string): void {
  if (value.length === 0) {
    problems.push({ code: 'empty_filter', filter: key });
    return;
  }
  const lower = value.toLowerCase();
  const unknown = () => problems.push({ code: 'unknown_value', filter: key, value });
  switch (key) {
    case 'status':
      pushKnown(filters.status, BASE_STATUSES, lower, unknown);
      break;
    case 'priority':
      pushKnown(filters.priority, PRIORITIES, lower, unknown);
      break;
    case 'channel':
      pushKnown(filters.channel, CHANNELS, lower.replace('-', '_'), unknown);
      break;
    case 'tag':
      filters.tags.push(lower);
      break;
    case 'from':
      filters.from.push(lower);
      break;
    case 'department':
      filters.departments.push(value);
      break;
    case 'assignee':
      filters.assignees.push(lower === 'me' || lower === 'none' ? lower : value);
      break;
    case 'before':
    case 'after':
      if (!isCalendarDate(value)) problems.push({ code: 'invalid_date', filter: key, value });
      else filters[key] = value;
      break;
  }
}

type MutableFilters = {
  -readonly [K in keyof SearchFilters]: SearchFilters[K] extends readonly (infer T)[] ? T[] : SearchFilters[K];
};

function pushKnown<T extends string>(into: T[], known: readonly T[], value: string, unknown: () => void): void {
  if ((known as readonly string[]).includes(value)) {
    if (!into.includes(value as T)) into.push(value as T);
  } else unknown();
}

function isCalendarDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Splits the input at spaces outside quotes. `-` before a word or a quote negates it; `key:` before a value
 * (quoted or not) makes a filter. An unclosed quote runs to the end, as the agent is still typing it.
 */
function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    while (i < input.length && /\s/u.test(input[i]!)) i++;
    if (i >= input.length) break;
    let negated = false;
    if (input[i] === '-' && i + 1 < input.length && !/\s/u.test(input[i + 1]!)) {
      negated = true;
      i++;
    }
    let key: string | null = null;
    const keyMatch = /^([A-Za-z]+):(?=\S)/.exec(input.slice(i));
    if (keyMatch) {
      key = keyMatch[1]!;
      i += keyMatch[0].length;
    }
    if (input[i] === '"') {
      const close = input.indexOf('"', i + 1);
      const end = close === -1 ? input.length : close;
      tokens.push({ negated, key, value: input.slice(i + 1, end), quoted: true, open: close === -1 });
      i = close === -1 ? input.length : close + 1;
      continue;
    }
    const start = i;
    while (i < input.length && !/\s/u.test(input[i]!)) i++;
    tokens.push({ negated, key, value: input.slice(start, i), quoted: false, open: i >= input.length });
  }
  return tokens;
}
