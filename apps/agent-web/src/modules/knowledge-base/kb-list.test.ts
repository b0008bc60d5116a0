import type { KbSearchHitDto } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { filterHits, filtersFromRoute, listQueryOf, routeFromFilters, searchLanguagesOf } from './kb-list';

const hit = (id: number, extra: Partial<KbSearchHitDto> = {}): KbSearchHitDto => ({
  id,
  language: 'bg',
  slug: `a-${id}`,
  title: `A ${id}`,
  snippet: [],
  status: 'published',
  visibility: 'public',
  categoryId: null,
  url: null,
  ...extra,
});

describe('the article list\'s address', () => {
  it('reads known filters and drops the rest', () => {
    expect(filtersFromRoute({ language: 'uk', status: 'draft', visibility: 'internal', category: '4', q: '  принтер ' })).toEqual({ language: 'uk', status: 'draft', visibility: 'internal', categoryId: 4, q: 'принтер' });
    expect(filtersFromRoute({ language: 'de', status: 'gone', visibility: 'secret', category: '-1', q: '   ' })).toEqual({});
    expect(filtersFromRoute({ category: 'x' })).toEqual({});
  });

  it('writes back what it reads', () => {
    const filters = { language: 'el', status: 'published', visibility: 'public', categoryId: 7, q: 'χαρτί' } as const;
    expect(filtersFromRoute(routeFromFilters(filters) as Record<string, string>)).toEqual(filters);
    expect(routeFromFilters({ q: '  ' })).toEqual({});
  });

  it('asks the list endpoint without the words, with the cursor when paging', () => {
    expect(listQueryOf({ language: 'bg', categoryId: 2, q: 'x' }, null)).toEqual({ language: 'bg', categoryId: 2, limit: 50 });
    expect(listQueryOf({}, 'abc')).toEqual({ cursor: 'abc', limit: 50 });
  });
});

describe('searching', () => {
  it('searches the chosen language, or every language with the agent\'s own first', () => {
    expect(searchLanguagesOf({ language: 'lv' }, 'bg')).toEqual(['lv']);
    expect(searchLanguagesOf({}, 'uk')).toEqual(['uk', 'bg', 'el', 'en', 'lv', 'ru']);
    expect(searchLanguagesOf({}, 'de')).toEqual(['bg', 'el', 'en', 'lv', 'ru', 'uk']);
  });

  it('keeps the languages\' order and applies the other filters to the hits', () => {
    const perLanguage = [[hit(1), hit(2, { status: 'draft' })], [hit(3, { language: 'en', visibility: 'internal', categoryId: 5 })]];
    expect(filterHits(perLanguage, {}).map((h) => h.id)).toEqual([1, 2, 3]);
    expect(filterHits(perLanguage, { status: 'published' }).map((h) => h.id)).toEqual([1, 3]);
    expect(filterHits(perLanguage, { visibility: 'internal' }).map((h) => h.id)).toEqual([3]);
    expect(filterHits(perLanguage, { categoryId: 5, status: 'draft' }).map((h) => h.id)).toEqual([]);
  });
});
