import type { SearchQuery } from './search-query.js';
import { searchWords } from './search-text.js';

/** A piece of a snippet: matched pieces are shown highlighted. Plain text, never HTML. */
export interface SnippetPart {
  readonly text: string;
  readonly match: boolean;
}

/** How much of a long text a snippet shows around its first match. */
export const SNIPPET_MAX_LENGTH = 180;
const CONTEXT_BEFORE = 50;

/**
 * The part of `text` around the first word the query matched, as plain-text parts with every matched word
 * marked. Words are compared folded, as the index compares them, but the snippet shows the text as it was
 * written ("Принтер" highlighted for the query "принтер"). Null when no word of the text matches.
 */
export function searchSnippet(text: string, query: SearchQuery, maxLength = SNIPPET_MAX_LENGTH): SnippetPart[] | null {
  const flat = text.replace(/\s+/gu, ' ').trim();
  const matches = matchedWords(flat, query);
  if (matches.length === 0) return null;

  const first = matches[0]!;
  let start = Math.max(0, first.start - CONTEXT_BEFORE);
  if (start > 0) start = wordBoundaryAfter(flat, start);
  let end = Math.min(flat.length, start + maxLength);
  if (end < flat.length) end = wordBoundaryBefore(flat, end, first.end);

  const parts: SnippetPart[] = [];
  const push = (piece: string, match: boolean) => {
    if (piece.length > 0) parts.push({ text: piece, match });
  };
  let at = start;
  for (const m of matches) {
    if (m.end <= start) continue;
    if (m.start >= end) break;
    push(flat.slice(at, Math.max(at, m.start)), false);
    push(flat.slice(Math.max(at, m.start), Math.min(end, m.end)), true);
    at = Math.min(end, m.end);
  }
  push(flat.slice(at, end), false);
  if (start > 0) parts.unshift({ text: '…', match: false });
  if (end < flat.length) parts.push({ text: '…', match: false });
  return parts;
}

interface Span {
  readonly start: number;
  readonly end: number;
}

/** The spans of `text`'s words that a term, a phrase's word, or a prefix of the query matches. */
function matchedWords(text: string, query: SearchQuery): Span[] {
  const exact = new Set<string>([...query.terms.filter((t) => !t.prefix).map((t) => t.word), ...query.phrases.flat()]);
  const prefixes = query.terms.filter((t) => t.prefix).map((t) => t.word);
  if (exact.size === 0 && prefixes.length === 0) return [];
  const spans: Span[] = [];
  // Letters with their combining marks, digits: what searchWords keeps of a word once folded.
  for (const found of text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
    const words = searchWords(found[0]);
    if (words.some((word) => exact.has(word) || prefixes.some((prefix) => word.startsWith(prefix)))) {
      spans.push({ start: found.index, end: found.index + found[0].length });
    }
  }
  return spans;
}

function wordBoundaryAfter(text: string, from: number): number {
  const space = text.indexOf(' ', from);
  return space === -1 ? from : space + 1;
}

/** The last space before `end`, unless that would cut off the first match. */
function wordBoundaryBefore(text: string, end: number, keep: number): number {
  const space = text.lastIndexOf(' ', end);
  return space > keep ? space : end;
}
