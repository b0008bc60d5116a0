/**
 * What the Help tab shows, without the DOM: the last search (its words, its articles, or that it failed), the
 * article open, and the "was this helpful?" answers given. A newer search or article cancels the request of an
 * older one, whose answer, should it still come, is ignored.
 */
import type { KbPublicArticleDto, KbSearchHitDto } from '@parley/protocol';
import type { FeedbackAnswer, KbClient } from './kb-client';

/** How many articles a search in the Help tab lists. */
export const HELP_RESULTS = 10;

export type SearchPhase = 'idle' | 'searching' | 'done' | 'failed';
export type VoteState = FeedbackAnswer | 'sending' | 'failed' | null;

export class HelpState {
  query = '';
  phase: SearchPhase = 'idle';
  results: readonly KbSearchHitDto[] = [];
  /** The article being read; null: the search and its results. */
  article: KbPublicArticleDto | null = null;
  /** An article asked for could not be read. */
  articleFailed = false;
  readonly #votes = new Map<number, VoteState>();
  #search: AbortController | null = null;
  #reading: AbortController | null = null;
  readonly #client: KbClient;
  readonly #changed: () => void;

  constructor(client: KbClient, changed: () => void) {
    this.#client = client;
    this.#changed = changed;
  }

  /** Searches the words (blank: back to no search); only the newest search's answer is shown. */
  async search(query: string): Promise<void> {
    this.#search?.abort();
    this.query = query.trim();
    this.article = null;
    if (!this.query) {
      this.#search = null;
      this.phase = 'idle';
      this.results = [];
      this.#changed();
      return;
    }
    const request = new AbortController();
    this.#search = request;
    this.phase = 'searching';
    this.#changed();
    try {
      const results = await this.#client.search(this.query, { limit: HELP_RESULTS, signal: request.signal });
      if (this.#search !== request) return;
      this.results = results;
      this.phase = 'done';
    } catch {
      if (this.#search !== request) return;
      this.results = [];
      this.phase = 'failed';
    }
    this.#search = null;
    this.#changed();
  }

  /** Reads one article (from the results or a suggestion); the newest asked wins. */
  async open(hit: Pick<KbSearchHitDto, 'language' | 'slug'>): Promise<void> {
    this.#reading?.abort();
    const request = new AbortController();
    this.#reading = request;
    this.articleFailed = false;
    try {
      const article = await this.#client.article(hit.language, hit.slug, request.signal);
      if (this.#reading !== request) return;
      this.article = article;
    } catch {
      if (this.#reading !== request) return;
      this.articleFailed = true;
    }
    this.#reading = null;
    this.#changed();
  }

  /** Back from the article to the search and its results. */
  back(): void {
    this.#reading?.abort();
    this.#reading = null;
    this.article = null;
    this.articleFailed = false;
    this.#changed();
  }

  /** The answer given for the open article (or that it is on its way, or failed and may be given again). */
  vote(): VoteState {
    return this.article ? (this.#votes.get(this.article.id) ?? null) : null;
  }

  /** "Was this helpful?": sent once per article; a failed send may be tried again. */
  async answer(answer: FeedbackAnswer): Promise<void> {
    const article = this.article;
    const current = this.vote();
    if (!article || (current !== null && current !== 'failed')) return;
    this.#votes.set(article.id, 'sending');
    this.#changed();
    const counted = await this.#client.feedback(article.id, answer);
    this.#votes.set(article.id, counted ? answer : 'failed');
    this.#changed();
  }
}
