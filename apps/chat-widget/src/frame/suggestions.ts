/**
 * Articles suggested while the visitor writes their first message: asked once they pause typing (debounced),
 * at most SUGGESTIONS of them, among articles holding any of the message's words. A newer text cancels the
 * request of an older one, and an answer that comes for an older text is ignored.
 */
import type { KbSearchHitDto } from '@parley/protocol';
import type { KbClient } from './kb-client';

export const SUGGESTIONS = 3;
/** The pause in typing after which articles are looked for. */
export const SUGGEST_DELAY_MS = 400;
/** Fewer letters than this say too little to look for. */
export const SUGGEST_MIN_LETTERS = 4;

export class Suggestions {
  hits: readonly KbSearchHitDto[] = [];
  #text = '';
  #timer: ReturnType<typeof setTimeout> | undefined;
  #request: AbortController | null = null;
  readonly #client: Pick<KbClient, 'search'>;
  readonly #changed: () => void;

  constructor(client: Pick<KbClient, 'search'>, changed: () => void) {
    this.#client = client;
    this.#changed = changed;
  }

  /** The message box now holds `text`: articles for it after a pause; none for a text too short. */
  input(text: string): void {
    const trimmed = text.trim();
    if (trimmed === this.#text) return;
    this.#text = trimmed;
    clearTimeout(this.#timer);
    this.#request?.abort();
    this.#request = null;
    if ([...trimmed].length < SUGGEST_MIN_LETTERS) {
      this.#show([]);
      return;
    }
    this.#timer = setTimeout(() => void this.#ask(trimmed), SUGGEST_DELAY_MS);
  }

  /** The message was sent (or the box left for good): nothing more is asked or shown. */
  clear(): void {
    this.#text = '';
    clearTimeout(this.#timer);
    this.#request?.abort();
    this.#request = null;
    this.#show([]);
  }

  async #ask(text: string): Promise<void> {
    const request = new AbortController();
    this.#request = request;
    try {
      const hits = await this.#client.search(text, { limit: SUGGESTIONS, match: 'any', signal: request.signal });
      if (this.#request === request) this.#show(hits.slice(0, SUGGESTIONS));
    } catch {
      // No suggestions this time (offline, rate-limited, cancelled): the message can still be sent.
    }
    if (this.#request === request) this.#request = null;
  }

  #show(hits: readonly KbSearchHitDto[]): void {
    if (hits.length === 0 && this.hits.length === 0) return;
    this.hits = hits;
    this.#changed();
  }
}
