import type { Clock } from '../../clock.js';
import { DerivedSeal } from '../../crypto/derived-seal.js';
import type { Em, Orm } from '../../db/orm.js';
import type { Logger } from '../../logger.js';
import { WebhookSubscription } from './webhook.entity.js';
import { WebhookOutbox, type WebhookOutboxDeps } from './webhook-outbox.js';

/** How long an instance trusts its list of enabled subscriptions; a change made on this instance takes effect at once. */
const SUBSCRIPTIONS_KEPT_MS = 5_000;

/**
 * Webhooks in the running server: the sealed signing secrets, the delivery outbox, and the enabled
 * subscriptions kept in memory for a few seconds, so that an event no subscription wants costs nothing
 * more than a look in memory (every reply and chat message is such an event).
 */
export class Webhooks {
  readonly seal: DerivedSeal;
  readonly outbox: WebhookOutbox;
  readonly #clock: Clock;
  readonly #orm: Orm;
  #enabled: { readonly at: number; readonly list: readonly WebhookSubscription[] } | null = null;
  /** The read under way, which the events of one write (a reply publishes three) share. */
  #reading: { readonly generation: number; readonly list: Promise<readonly WebhookSubscription[]> } | null = null;
  #generation = 0;

  constructor(deps: { orm: Orm; clock: Clock; logger: Logger; serverSecret: string } & Pick<WebhookOutboxDeps, 'send' | 'timeoutMs'>) {
    this.seal = new DerivedSeal(deps.serverSecret, 'parley:webhook-secret:v1');
    this.outbox = new WebhookOutbox({ ...deps, seal: this.seal });
    this.#clock = deps.clock;
    this.#orm = deps.orm;
  }

  /** The enabled subscriptions, re-read at most every few seconds (on an entity manager of its own: most events find none, and need none). */
  async enabledSubscriptions(): Promise<readonly WebhookSubscription[]> {
    const now = this.#clock.now().getTime();
    if (this.#enabled && now - this.#enabled.at < SUBSCRIPTIONS_KEPT_MS) return this.#enabled.list;
    if (this.#reading?.generation === this.#generation) return this.#reading.list;
    const generation = this.#generation;
    const list = (this.#orm.em.fork() as Em).find(WebhookSubscription, { enabled: true }, { orderBy: { id: 'asc' }, disableIdentityMap: true });
    this.#reading = { generation, list };
    try {
      const read = await list;
      // A change made while reading may not be in what was read: it is read again next time.
      if (generation === this.#generation) this.#enabled = { at: now, list: read };
      return read;
    } finally {
      if (this.#reading?.list === list) this.#reading = null;
    }
  }

  /** After a subscription changed here: read them again on the next event. */
  forget(): void {
    this.#enabled = null;
    this.#generation++;
  }
}
