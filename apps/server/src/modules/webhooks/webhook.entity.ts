import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import type { WebhookEvent } from '@parley/domain';

/** A URL subscribed to events. The signing secret is kept sealed (webhook-secret.ts); `secretVersion` binds the seal. */
export const WebhookSubscription = defineEntity({
  name: 'WebhookSubscription',
  tableName: 'webhook',
  properties: {
    id: p.integer().primary().autoincrement(),
    url: p.string().length(2000),
    description: p.string().length(200).default(''),
    events: p.json<WebhookEvent[]>(),
    includeInternal: p.boolean().default(false),
    allowPrivateNetwork: p.boolean().default(false),
    secretSealed: p.text(),
    enabled: p.boolean().default(true),
    disabledReason: p.text().nullable(),
    disabledAt: p.datetime().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime().onUpdate(() => new Date()),
  },
});
export type WebhookSubscription = InferEntity<typeof WebhookSubscription>;

/**
 * One event for one subscription: the body as it is sent on every attempt (same `id`, so receivers can
 * drop a repeat), and the state of sending it. `nextAttemptAt` is when it is due (null once delivered or
 * given up); a sender claims it by moving that time on, so two instances never send it at once.
 */
export const WebhookDelivery = defineEntity({
  name: 'WebhookDelivery',
  tableName: 'webhook_delivery',
  properties: {
    id: p.integer().primary().autoincrement(),
    subscription: () => p.manyToOne(WebhookSubscription).mapToPk().fieldName('webhook_id').deleteRule('cascade'),
    eventId: p.string().length(36).unique(),
    event: p.string().length(40).$type<WebhookEvent>(),
    body: p.text(),
    state: p.string().length(10).default('pending').$type<'pending' | 'delivered' | 'failed'>(),
    attempts: p.integer().default(0),
    /** When it was first due: retries stop a day after. */
    dueAt: p.datetime(),
    nextAttemptAt: p.datetime().nullable(),
    lastAttemptAt: p.datetime().nullable(),
    deliveredAt: p.datetime().nullable(),
    responseStatus: p.integer().nullable(),
    responseBody: p.text().nullable(),
    error: p.text().nullable(),
    createdAt: p.datetime(),
  },
  indexes: [
    { properties: ['nextAttemptAt'], name: 'webhook_delivery_due_idx' },
    { properties: ['subscription', 'id'], name: 'webhook_delivery_log_idx' },
  ],
});
export type WebhookDelivery = InferEntity<typeof WebhookDelivery>;
