import { createHmac } from 'node:crypto';
import { nextWebhookAttemptAt, toStorableText, truncateText, WEBHOOK_TIMEOUT_MS } from '@parley/domain';
import { WEBHOOK_SIGNATURE_HEADER, webhookSignatureHeader, webhookSignedText } from '@parley/protocol';
import type { Clock } from '../../clock.js';
import type { DerivedSeal } from '../../crypto/derived-seal.js';
import type { Em, Orm } from '../../db/orm.js';
import { CoalescedRun } from '../../jobs/coalesced-run.js';
import type { Logger } from '../../logger.js';
import { WebhookDelivery, WebhookSubscription } from './webhook.entity.js';
import { type SendWebhook, sendWebhook } from './webhook-sender.js';

/** How long a claimed delivery is left alone by other senders while one sends it. */
const CLAIM_MS = 60_000;
/** Deliveries sent at once; more wait for the next round. */
const PARALLEL_SENDS = 8;

export interface WebhookOutboxDeps {
  readonly orm: Orm;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly seal: DerivedSeal;
  readonly send?: SendWebhook;
  readonly timeoutMs?: number;
}

/** What a subscription's signing secret is bound to. */
export const webhookSecretBinding = (subscriptionId: number) => `parley-webhook:${subscriptionId}`;

/**
 * Webhook deliveries: written after the event committed (webhook-deliveries.ts), then sent from here by the
 * instance that wrote them at once and by every instance's periodic sweep, each claimed by a conditional
 * update so it is never sent by two at once. A failure is retried with backoff for a day
 * (nextWebhookAttemptAt); then the delivery is given up and the subscription switched off with the reason.
 */
export class WebhookOutbox {
  #closed = false;
  readonly #sweep = new CoalescedRun(
    () => this.deliverDue(),
    (error) => this.deps.logger.error({ err: error }, 'webhook outbox failed'),
  );

  constructor(private readonly deps: WebhookOutboxDeps) {}

  /** Sends what is due now, in the background; overlapping calls run once more, not twice at once. */
  kick(): void {
    if (!this.#closed) this.#sweep.kick();
  }

  /** Sends every due delivery of an enabled subscription; answers how many were delivered. */
  async deliverDue(batchSize = 100): Promise<number> {
    if (this.#closed) return 0;
    const em = this.deps.orm.em.fork() as Em;
    const subscriptions = await em.find(WebhookSubscription, { enabled: true });
    if (subscriptions.length === 0) return 0;
    const byId = new Map(subscriptions.map((subscription) => [subscription.id, subscription]));
    const due = await em.find(
      WebhookDelivery,
      { state: 'pending', nextAttemptAt: { $lte: this.deps.clock.now() }, subscription: { $in: [...byId.keys()] } },
      { orderBy: { nextAttemptAt: 'asc', id: 'asc' }, limit: batchSize },
    );
    let delivered = 0;
    let next = 0;
    const worker = async () => {
      while (next < due.length && !this.#closed) {
        const delivery = due[next++]!;
        if (await this.#sendOne(em, delivery, byId.get(delivery.subscription)!)) delivered++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_SENDS, due.length) }, worker));
    return delivered;
  }

  /** Makes a delivery due now again, whatever its state, with a fresh day of retries; answers it as it is then. */
  async resend(em: Em, delivery: WebhookDelivery): Promise<WebhookDelivery> {
    const now = this.deps.clock.now();
    await em.nativeUpdate(WebhookDelivery, { id: delivery.id }, { state: 'pending', dueAt: now, nextAttemptAt: now });
    return em.findOneOrFail(WebhookDelivery, { id: delivery.id }, { refresh: true });
  }

  /** Claims one delivery, sends it signed, and records the answer; answers whether it was delivered. */
  async #sendOne(em: Em, delivery: WebhookDelivery, subscription: WebhookSubscription): Promise<boolean> {
    const claimedAt = this.deps.clock.now();
    const claimed = await em.nativeUpdate(
      WebhookDelivery,
      { id: delivery.id, state: 'pending', nextAttemptAt: delivery.nextAttemptAt! },
      { nextAttemptAt: new Date(claimedAt.getTime() + CLAIM_MS) },
    );
    if (claimed !== 1) return false; // another instance (or a sweep) has it
    const attempts = delivery.attempts + 1;
    let status: number | null = null;
    let answer: string | null = null;
    let failure: string | null = null;
    try {
      const secret = this.deps.seal.open(webhookSecretBinding(subscription.id), subscription.secretSealed);
      const timestamp = Math.floor(this.deps.clock.now().getTime() / 1000);
      const signature = createHmac('sha256', secret).update(webhookSignedText(timestamp, delivery.body)).digest('hex');
      const result = await (this.deps.send ?? sendWebhook)(subscription.url, delivery.body, { [WEBHOOK_SIGNATURE_HEADER]: webhookSignatureHeader(timestamp, signature), 'Parley-Event': delivery.event, 'Parley-Delivery': delivery.eventId }, {
        allowPrivateNetwork: subscription.allowPrivateNetwork,
        timeoutMs: this.deps.timeoutMs ?? WEBHOOK_TIMEOUT_MS,
      });
      status = result.status;
      answer = toStorableText(result.body);
      if (status < 200 || status >= 300) failure = status >= 300 && status < 400 ? `answered ${status} (redirects are not followed)` : `answered ${status}`;
    } catch (error) {
      failure = error instanceof Error ? (error.name === 'TimeoutError' ? `no answer within ${this.deps.timeoutMs ?? WEBHOOK_TIMEOUT_MS} ms` : error.message) : String(error);
    }
    const now = this.deps.clock.now();
    const outcome = { attempts, lastAttemptAt: now, responseStatus: status, responseBody: answer };
    if (failure === null) {
      await em.nativeUpdate(WebhookDelivery, { id: delivery.id }, { ...outcome, state: 'delivered', deliveredAt: now, nextAttemptAt: null, error: null });
      return true;
    }
    const retryAt = nextWebhookAttemptAt(delivery.dueAt.getTime(), attempts, now.getTime());
    const error = toStorableText(truncateText(failure, 1000));
    await em.nativeUpdate(WebhookDelivery, { id: delivery.id }, { ...outcome, error, state: retryAt === null ? 'failed' : 'pending', nextAttemptAt: retryAt === null ? null : new Date(retryAt) });
    this.deps.logger.warn({ webhookId: subscription.id, deliveryId: delivery.id, attempts, error, gaveUp: retryAt === null }, 'webhook delivery failed');
    if (retryAt === null) {
      await em.nativeUpdate(WebhookSubscription, { id: subscription.id, enabled: true }, { enabled: false, disabledAt: now, disabledReason: toStorableText(truncateText(`Deliveries failed for a day; the last: ${failure}`, 1000)) });
    }
    return false;
  }

  /** Stops sending and waits for what is in flight (on shutdown, before the database closes). */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#sweep.settled();
  }
}
