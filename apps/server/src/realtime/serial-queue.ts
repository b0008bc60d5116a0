import type { Logger } from '../logger.js';

/**
 * Runs work one at a time per key (a ticket's viewers, an agent's presence), so two announcements about the
 * same thing leave this instance in the order they were asked for and the last one sent is the freshest.
 * It holds no state beyond the work in flight; what is announced is always read anew from the sockets.
 */
export class SerialQueue<K> {
  readonly #tails = new Map<K, Promise<unknown>>();
  #closed = false;

  constructor(private readonly logger: Logger) {}

  /** Runs `work` after the work already queued for `key`; resolves with its result (null after close or on failure). */
  run<T>(key: K, work: () => Promise<T>): Promise<T | null> {
    if (this.#closed) return Promise.resolve(null);
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const next = previous.then(async () => {
      if (this.#closed) return null;
      try {
        return await work();
      } catch (error) {
        this.logger.error({ err: error, key: String(key) }, 'realtime announcement failed');
        return null;
      }
    });
    this.#tails.set(key, next);
    void next.then(() => {
      if (this.#tails.get(key) === next) this.#tails.delete(key);
    });
    return next;
  }

  /** Refuses new work and waits for the work in flight (on shutdown, before the database closes). */
  async close(): Promise<void> {
    this.#closed = true;
    while (this.#tails.size > 0) await Promise.allSettled([...this.#tails.values()]);
  }
}
