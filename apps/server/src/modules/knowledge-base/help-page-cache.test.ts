import { describe, expect, it } from 'vitest';
import { HelpPageCache } from './help-page-cache.js';

describe('HelpPageCache', () => {
  it('serves a page as it is while fresh, then only while its fingerprint matches', () => {
    const cache = new HelpPageCache(1000, 10);
    cache.set('bg/a', 'r1', '<p>1</p>', 0);
    expect(cache.fresh('bg/a', 999)).toBe('<p>1</p>');
    expect(cache.fresh('bg/a', 1000)).toBeNull();
    expect(cache.revalidate('bg/a', 'r2', 1000)).toBeNull();
    expect(cache.revalidate('bg/a', 'r1', 1000)).toBe('<p>1</p>');
    expect(cache.fresh('bg/a', 1999)).toBe('<p>1</p>');
  });

  it('forgets everything on a save and drops the least recently used page when full', async () => {
    const cache = new HelpPageCache(1000, 2);
    cache.set('a', 'x', 'A', 0);
    cache.set('b', 'x', 'B', 0);
    cache.fresh('a', 1);
    cache.set('c', 'x', 'C', 1);
    expect(cache.fresh('b', 2)).toBeNull();
    expect(cache.fresh('a', 2)).toBe('A');
    expect(await cache.remember('i', async () => 'I', 2)).toBe('I');
    expect(await cache.remember('i', async () => 'other', 3)).toBe('I');
    cache.forgetAll();
    expect(cache.size).toBe(0);
    expect(await cache.remember('i', async () => 'new', 4)).toBe('new');
  });
});
