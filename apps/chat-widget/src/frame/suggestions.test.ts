import type { KbSearchHitDto } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KbClient } from './kb-client';
import { SUGGEST_DELAY_MS, SUGGESTIONS, Suggestions } from './suggestions';

const hit = (id: number): KbSearchHitDto => ({ id, language: 'en', slug: `a-${id}`, title: `A${id}`, snippet: [], status: 'published', visibility: 'public', categoryId: null, url: null });

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function client() {
  const asked: { q: string; limit: number; match: string | undefined; signal: AbortSignal | undefined; resolve: (hits: KbSearchHitDto[]) => void }[] = [];
  const search: KbClient['search'] = (q, { limit, match, signal }) => new Promise((resolve) => asked.push({ q, limit, match, signal, resolve }));
  return { asked, client: { search } };
}

describe('Suggestions', () => {
  it('asks once the visitor pauses, for a few articles holding any of the words', async () => {
    const c = client();
    const changes: number[][] = [];
    const s = new Suggestions(c.client, () => changes.push(s.hits.map((h) => h.id)));
    s.input('How do I');
    vi.advanceTimersByTime(SUGGEST_DELAY_MS - 100);
    s.input('How do I reset');
    vi.advanceTimersByTime(SUGGEST_DELAY_MS - 100);
    expect(c.asked).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(c.asked.map((a) => [a.q, a.limit, a.match])).toEqual([['How do I reset', SUGGESTIONS, 'any']]);
    c.asked[0]!.resolve([hit(1), hit(2), hit(3), hit(4)]);
    await vi.runAllTimersAsync();
    expect(s.hits.map((h) => h.id)).toEqual([1, 2, 3]);
    expect(changes).toEqual([[1, 2, 3]]);
  });

  it('cancels the request of an older text and ignores its late answer', async () => {
    const c = client();
    const s = new Suggestions(c.client, () => undefined);
    s.input('printer');
    vi.advanceTimersByTime(SUGGEST_DELAY_MS);
    s.input('printer paper');
    expect(c.asked[0]!.signal!.aborted).toBe(true);
    vi.advanceTimersByTime(SUGGEST_DELAY_MS);
    c.asked[1]!.resolve([hit(2)]);
    await vi.runAllTimersAsync();
    c.asked[0]!.resolve([hit(1)]);
    await vi.runAllTimersAsync();
    expect(s.hits.map((h) => h.id)).toEqual([2]);
  });

  it('asks nothing for a text too short or unchanged, and clears when the message is sent', async () => {
    const c = client();
    let changes = 0;
    const s = new Suggestions(c.client, () => changes++);
    s.input('abc');
    s.input('  abc ');
    vi.advanceTimersByTime(SUGGEST_DELAY_MS * 2);
    expect([c.asked.length, changes]).toEqual([0, 0]);
    s.input('invoice');
    vi.advanceTimersByTime(SUGGEST_DELAY_MS);
    s.input('invoice ');
    vi.advanceTimersByTime(SUGGEST_DELAY_MS);
    expect(c.asked).toHaveLength(1);
    c.asked[0]!.resolve([hit(7)]);
    await vi.runAllTimersAsync();
    expect(s.hits).toHaveLength(1);
    s.input('inv');
    expect(s.hits).toEqual([]);
    s.input('invoices');
    s.clear();
    vi.advanceTimersByTime(SUGGEST_DELAY_MS * 2);
    expect([c.asked.length, s.hits]).toEqual([1, []]);
  });
});
