import { describe, expect, it } from 'vitest';
import { isEmptySearch, parseSearchQuery, SEARCH_MAX_TERMS, SEARCH_QUERY_MAX_LENGTH } from './search-query.js';

describe('understanding what an agent types into search', () => {
  it('takes words, the last one as a prefix while it is still being typed', () => {
    expect(parseSearchQuery('charged twi').terms).toEqual([
      { word: 'charged', prefix: false },
      { word: 'twi', prefix: true },
    ]);
    // Fewer than three letters match only as a whole word.
    expect(parseSearchQuery('charged tw').terms.at(-1)).toEqual({ word: 'tw', prefix: false });
    expect(parseSearchQuery('на').terms).toEqual([{ word: 'на', prefix: false }]);
    expect(parseSearchQuery('charged twice ').terms.at(-1)).toEqual({ word: 'twice', prefix: false });
    expect(parseSearchQuery('print* twice ').terms[0]).toEqual({ word: 'print', prefix: true });
  });

  it('folds words as the index does', () => {
    expect(parseSearchQuery('ΚΑΛΗΜΈΡΑ Rīga ').terms.map((t) => t.word)).toEqual(['καλημερα', 'riga']);
  });

  it('keeps quoted phrases together, and an unclosed quote runs to the end', () => {
    const query = parseSearchQuery('"charged twice" refund "не печа');
    expect(query.phrases).toEqual([
      ['charged', 'twice'],
      ['не', 'печа'],
    ]);
    expect(query.terms).toEqual([{ word: 'refund', prefix: false }]);
  });

  it('excludes -words and -"phrases", but a lone dash is nothing', () => {
    const query = parseSearchQuery('printer -laser -"out of paper" - ');
    expect(query.terms).toEqual([{ word: 'printer', prefix: false }]);
    expect(query.excluded).toEqual([['laser'], ['out', 'of', 'paper']]);
  });

  it('reads filters, case-insensitively, with quoted values', () => {
    const query = parseSearchQuery('Status:open status:answered tag:VIP from:@example.bg department:"Customer care" assignee:me priority:high channel:web-form after:2027-03-01 before:2027-04-01 refund');
    expect(query.filters).toEqual({
      status: ['open', 'answered'],
      priority: ['high'],
      channel: ['web_form'],
      tags: ['vip'],
      from: ['@example.bg'],
      departments: ['Customer care'],
      assignees: ['me'],
      before: '2027-04-01',
      after: '2027-03-01',
    });
    expect(query.terms).toEqual([{ word: 'refund', prefix: true }]);
    expect(query.problems).toEqual([]);
  });

  it('says what it did not understand instead of ignoring it', () => {
    const query = parseSearchQuery('status:closed before:2027-02-30 after:yesterday tag: ');
    expect(query.problems).toEqual([
      { code: 'unknown_value', filter: 'status', value: 'closed' },
      { code: 'invalid_date', filter: 'before', value: '2027-02-30' },
      { code: 'invalid_date', filter: 'after', value: 'yesterday' },
    ]);
    expect(query.filters.status).toEqual([]);
  });

  it('treats an unknown key as text a customer might have written', () => {
    expect(parseSearchQuery('error:42 ').phrases).toEqual([['error', '42']]);
    expect(parseSearchQuery('https://example.bg/x ').phrases).toEqual([['https', 'example', 'bg', 'x']]);
  });

  it('splits a word with punctuation into a phrase of its parts', () => {
    expect(parseSearchQuery('anna@example.bg ').phrases).toEqual([['anna', 'example', 'bg']]);
  });

  it('limits the length and the number of words', () => {
    expect(parseSearchQuery('a'.repeat(SEARCH_QUERY_MAX_LENGTH + 1)).problems).toEqual([{ code: 'too_long' }]);
    const many = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ');
    expect(parseSearchQuery(many).terms).toHaveLength(SEARCH_MAX_TERMS);
  });

  it('knows an empty search from one with only filters', () => {
    expect(isEmptySearch(parseSearchQuery('   '))).toBe(true);
    expect(isEmptySearch(parseSearchQuery('!!! ,,,'))).toBe(true);
    expect(isEmptySearch(parseSearchQuery('tag:vip'))).toBe(false);
  });
});
