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
  #enabled: { readonly at: number; readonly list: readonly WebhookSubscription[] } | null = null;

  constructor(deps: { orm: Orm; clock: Clock; logger: Logger; serverSecret: string } & Pick<WebhookOutboxDeps, 'send' | 'timeoutMs'>) {
    this.seal = new DerivedSeal(deps.serverSecret, 'parley:webhook-secret:v1');
    this.outbox = new WebhookOutbox({ ...deps, seal: this.seal });
    this.#clock = deps.clock;
  }

  async enabledSubscriptions(em: Em): Promise<readonly WebhookSubscription[]> {
    const now = this.#clock.now().getTime();
    if (this.#enabled && now - this.#enabled.at < SUBSCRIPTIONS_KEPT_MS) return this.#enabled.list;
    const list = await em.find(WebhookSubscription, { enabled: true }, { orderBy: { id: 'asc' }, disableIdentityMap: true });
    this.#enabled = { at: now, list };
    return list;
  }

  /** After a subscription changed here: read them again on the next event. */
  forget(): void {
    this.#enabled = null;
  }
}
