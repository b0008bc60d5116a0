import type { Clock } from '../../clock.js';

/**
 * What a credential (a session cookie, an API token) proved when it was last checked, kept briefly so that
 * authentication, which every request needs, does not read the same rows again for each one.
 *
 * Everything kept is forgotten, on every instance, as soon as a write to what credentials prove commits
 * (db/credential-writes.ts: sign-out, revocation, password change, deactivation, role, departments,
 * two-factor, on any code path), so revoking a credential takes effect at once. A check that started before
 * such a write and ends after it keeps nothing. An instance whose channel to the others is down keeps
 * nothing (credential-forgetting.ts); an entry lapses after `ttlMs` all the same, which bounds the one case
 * left (a message lost while both instances stay connected, when the writer's publish fails: that is
 * logged), and never outlives the session's own expiry. Unknown credentials are not kept: guessing cannot
 * fill the memory.
 */
export class CredentialCache {
  /** Keys name their kind (`session:…`, `token:…`), so each key's proof is always of one type. */
  readonly #entries = new Map<string, { readonly proof: unknown; readonly until: number }>();
  #generation = 0;
  /** False while changes could go unheard (the instances' channel is down): then every check reads. */
  keeping = true;

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = 60_000,
    private readonly capacity = 10_000,
  ) {}

  /**
   * The proof kept for `key`, or `check`'s (null: the credential proves nothing), kept until the earlier of
   * `ttlMs` from now and the `expiresAt` it gives.
   */
  async proofOf<Proof>(key: string, check: () => Promise<{ proof: Proof; expiresAt: Date | null } | null>): Promise<Proof | null> {
    if (!this.keeping) return (await check())?.proof ?? null;
    const now = this.clock.now().getTime();
    const kept = this.#entries.get(key);
    if (kept && kept.until > now) return kept.proof as Proof;
    if (kept) this.#entries.delete(key);
    const generation = this.#generation;
    const checked = await check();
    if (!checked) return null;
    if (generation === this.#generation) {
      if (this.#entries.size >= this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
      const until = Math.min(now + this.ttlMs, checked.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY);
      this.#entries.set(key, { proof: checked.proof, until });
    }
    return checked.proof;
  }

  /** Forgets everything kept, including what checks still running would keep. */
  forget(): void {
    this.#entries.clear();
    this.#generation++;
  }
}
