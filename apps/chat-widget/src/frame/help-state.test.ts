import type { KbPublicArticleDto, KbSearchHitDto } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { HELP_RESULTS, HelpState } from './help-state';
import type { KbClient } from './kb-client';

const hit = (id: number, title: string): KbSearchHitDto => ({ id, language: 'bg', slug: `a-${id}`, title, snippet: [{ text: title, match: true }], status: 'published', visibility: 'public', categoryId: null, url: `/help/bg/a-${id}` });
const article = (id: number): KbPublicArticleDto => ({ id, language: 'bg', slug: `a-${id}`, title: `Статия ${id}`, body: '<p>Текст</p>', tags: [], updatedAt: '2026-12-01T00:00:00.000Z', url: `/help/bg/a-${id}`, translations: [] });

/** A client whose answers the test gives by hand, in any order; it records what was asked and what was cancelled. */
function manualClient() {
  const searches: { q: string; limit: number; signal: AbortSignal | undefined; resolve: (hits: KbSearchHitDto[]) => void; reject: (error: Error) => void }[] = [];
  const reads: { slug: string; resolve: (a: KbPublicArticleDto) => void; reject: (error: Error) => void; signal: AbortSignal | undefined }[] = [];
  const votes: [number, string][] = [];
  let counted = true;
  const client: KbClient = {
    search: (q, { limit, signal }) => new Promise((resolve, reject) => searches.push({ q, limit, signal, resolve, reject })),
    article: (_language, slug, signal) => new Promise((resolve, reject) => reads.push({ slug, resolve, reject, signal })),
    feedback: async (id, answer) => {
      votes.push([id, answer]);
      return counted;
    },
  };
  const refuse = () => {
    counted = false;
  };
  const accept = () => {
    counted = true;
  };
  return { client, searches, reads, votes, refuse, accept };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('HelpState', () => {
  it('shows the newest search only: an older one is cancelled and its late answer ignored', async () => {
    const c = manualClient();
    let changes = 0;
    const state = new HelpState(c.client, () => changes++);
    const first = state.search('парол');
    const second = state.search('  паролата  ');
    expect(c.searches.map((s) => [s.q, s.limit])).toEqual([['парол', HELP_RESULTS], ['паролата', HELP_RESULTS]]);
    expect(c.searches[0]!.signal!.aborted).toBe(true);
    expect(c.searches[1]!.signal!.aborted).toBe(false);
    expect(state.phase).toBe('searching');
    c.searches[1]!.resolve([hit(2, 'Нова')]);
    await second;
    c.searches[0]!.resolve([hit(1, 'Стара')]);
    await first;
    expect(state.phase).toBe('done');
    expect(state.results.map((h) => h.id)).toEqual([2]);
    expect(changes).toBeGreaterThan(0);
  });

  it('says a search failed, and goes back to nothing searched when the words are cleared', async () => {
    const c = manualClient();
    const state = new HelpState(c.client, () => undefined);
    const failing = state.search('x');
    c.searches[0]!.reject(new Error('kb: 429'));
    await failing;
    expect([state.phase, state.results]).toEqual(['failed', []]);
    await state.search('   ');
    expect([state.phase, state.query, c.searches.length]).toEqual(['idle', '', 1]);
  });

  it('opens the newest article asked for and goes back to the results', async () => {
    const c = manualClient();
    const state = new HelpState(c.client, () => undefined);
    const older = state.open(hit(1, 'a'));
    const newer = state.open(hit(2, 'b'));
    expect(c.reads[0]!.signal!.aborted).toBe(true);
    c.reads[1]!.resolve(article(2));
    c.reads[0]!.resolve(article(1));
    await Promise.all([older, newer]);
    expect(state.article?.id).toBe(2);
    state.back();
    expect(state.article).toBeNull();
    const missing = state.open(hit(3, 'c'));
    c.reads[2]!.reject(new Error('kb: 404'));
    await missing;
    expect([state.article, state.articleFailed]).toEqual([null, true]);
  });

  it('sends "was this helpful?" once per article; a failed send may be tried again', async () => {
    const c = manualClient();
    const state = new HelpState(c.client, () => undefined);
    const opening = state.open(hit(5, 'e'));
    c.reads[0]!.resolve(article(5));
    await opening;
    c.refuse();
    await state.answer('yes');
    expect(state.vote()).toBe('failed');
    c.accept();
    const sending = state.answer('yes');
    expect(state.vote()).toBe('sending');
    await state.answer('no'); // a second press while the first is on its way sends nothing
    await sending;
    await state.answer('no');
    expect(state.vote()).toBe('yes');
    expect(c.votes).toEqual([[5, 'yes'], [5, 'yes']]);
    // Another article has its own answer; back on the first, its answer is remembered.
    const other = state.open(hit(6, 'f'));
    c.reads[1]!.resolve(article(6));
    await other;
    expect(state.vote()).toBeNull();
    const again = state.open(hit(5, 'e'));
    c.reads[2]!.resolve(article(5));
    await again;
    await settle();
    expect(state.vote()).toBe('yes');
  });
});
