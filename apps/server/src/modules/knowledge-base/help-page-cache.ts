/**
 * Rendered public pages kept in memory. Each entry is stored under the page's address with a fingerprint of
 * everything the page shows (the article's id and revision, its translations' revisions and states, its
 * category, the theme); a request reads the fingerprint from the database (a few indexed reads) and serves
 * the kept HTML only when it matches, so a save anywhere, on any instance, is seen at once without telling
 * the cache. A save through this instance also drops the address at once (`forget`). Bounded: the least
 * recently used page goes first.
 */
export class HelpPageCache {
  readonly #pages = new Map<string, { fingerprint: string; html: string }>();

  constructor(private readonly maxPages = 2000) {}

  get(address: string, fingerprint: string): string | null {
    const entry = this.#pages.get(address);
    if (!entry || entry.fingerprint !== fingerprint) return null;
    // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
    this.#pages.delete(address);
    this.#pages.set(address, entry);
    return entry.html;
  }

  set(address: string, fingerprint: string, html: string): void {
    this.#pages.delete(address);
    this.#pages.set(address, { fingerprint, html });
    while (this.#pages.size > this.maxPages) this.#pages.delete(this.#pages.keys().next().value!);
  }

  forgetAll(): void {
    this.#pages.clear();
  }

  get size(): number {
    return this.#pages.size;
  }
}
