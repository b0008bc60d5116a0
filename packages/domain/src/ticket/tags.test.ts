import { describe, expect, it } from 'vitest';
import { diffTags, normalizeTags, TAG_MAX_LENGTH, TAGS_MAX_COUNT } from './tags.js';

describe('normalizeTags', () => {
  it('lower-cases tags', () => {
    expect(normalizeTags(['VIP', 'Billing'])).toEqual(['vip', 'billing']);
  });

  it('trims and turns inner whitespace runs into one dash', () => {
    expect(normalizeTags(['  needs   follow up\t', 'a\nb'])).toEqual(['needs-follow-up', 'a-b']);
  });

  it('drops duplicates compared case- and space-insensitively, keeping the first order', () => {
    expect(normalizeTags(['b', 'A', 'a', ' B ', 'follow up', 'Follow-Up'])).toEqual(['b', 'a', 'follow-up']);
  });

  it('drops empty and blank tags', () => {
    expect(normalizeTags(['', '   ', '\n', 'ok'])).toEqual(['ok']);
  });

  it('keeps a tag of exactly the maximum length and drops a longer one', () => {
    const max = 'x'.repeat(TAG_MAX_LENGTH);
    expect(TAG_MAX_LENGTH).toBe(50);
    expect(normalizeTags([max, 'y'.repeat(TAG_MAX_LENGTH + 1)])).toEqual([max]);
  });

  it('measures the length after trimming', () => {
    const max = 'x'.repeat(TAG_MAX_LENGTH);
    expect(normalizeTags([`  ${max}  `])).toEqual([max]);
  });

  it('keeps at most the maximum count, first ones first', () => {
    expect(TAGS_MAX_COUNT).toBe(30);
    const many = Array.from({ length: TAGS_MAX_COUNT + 5 }, (_, i) => `tag-${i}`);
    const result = normalizeTags(many);
    expect(result).toHaveLength(TAGS_MAX_COUNT);
    expect(result).toEqual(many.slice(0, TAGS_MAX_COUNT));
  });

  it('counts distinct tags, not duplicates, towards the maximum', () => {
    const input = [...Array.from({ length: 10 }, () => 'dup'), ...Array.from({ length: TAGS_MAX_COUNT }, (_, i) => `t${i}`)];
    const result = normalizeTags(input);
    expect(result).toHaveLength(TAGS_MAX_COUNT);
    expect(result[0]).toBe('dup');
    expect(result).toContain(`t${TAGS_MAX_COUNT - 2}`);
    expect(result).not.toContain(`t${TAGS_MAX_COUNT - 1}`);
  });

  it('is idempotent', () => {
    const once = normalizeTags(['  A b ', 'C', 'c', 'x'.repeat(60)]);
    expect(normalizeTags(once)).toEqual(once);
  });

  it('returns an empty list for no tags', () => {
    expect(normalizeTags([])).toEqual([]);
  });
});

describe('diffTags', () => {
  it('lists what was added and removed', () => {
    expect(diffTags(['a', 'b', 'c'], ['b', 'c', 'd', 'e'])).toEqual({ added: ['d', 'e'], removed: ['a'] });
  });

  it('is empty when nothing changed, whatever the order', () => {
    expect(diffTags(['a', 'b'], ['b', 'a'])).toEqual({ added: [], removed: [] });
  });

  it('handles empty sides', () => {
    expect(diffTags([], ['a'])).toEqual({ added: ['a'], removed: [] });
    expect(diffTags(['a'], [])).toEqual({ added: [], removed: ['a'] });
    expect(diffTags([], [])).toEqual({ added: [], removed: [] });
  });

  it('compares exactly (normalize first)', () => {
    expect(diffTags(['vip'], ['VIP'])).toEqual({ added: ['VIP'], removed: ['vip'] });
    expect(diffTags(normalizeTags(['vip']), normalizeTags(['VIP']))).toEqual({ added: [], removed: [] });
  });
});
