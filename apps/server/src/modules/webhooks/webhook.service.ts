import { randomBytes } from 'node:crypto';
import { type AuditSnapshot, auditDiff } from '@parley/domain';
import type { CreatedWebhookDto, CreateWebhookRequest, UpdateWebhookRequest, WebhookDeliveryDto, WebhookDto, WebhookSecretDto } from '@parley/protocol';
import type { AgentScope } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { notFound } from '../../http/http-error.js';
import { recordAudit } from '../audit-log/audit-recorder.js';
import { WebhookDelivery, WebhookSubscription } from './webhook.entity.js';
import { webhookSecretBinding } from './webhook-outbox.js';

type CreateInput = Required<Pick<CreateWebhookRequest, 'url' | 'events'>> & { description: string; includeInternal: boolean; allowPrivateNetwork: boolean };

/** Webhook subscriptions, administrators only (the routes say so): each change recorded in the audit log. */
export async function listWebhooks(scope: AgentScope): Promise<{ items: WebhookDto[] }> {
  const rows = await scope.em.find(WebhookSubscription, {}, { orderBy: { id: 'asc' } });
  return { items: rows.map(presentWebhook) };
}

export async function createWebhook(scope: AgentScope, input: CreateInput): Promise<CreatedWebhookDto> {
  const secret = newSecret();
  const now = scope.app.clock.now();
  const webhook = await scope.em.transactional(async (tx) => {
    const row = tx.create(WebhookSubscription, { ...input, events: [...new Set(input.events)], secretSealed: '', enabled: true, createdAt: now, updatedAt: now });
    await tx.flush();
    // Sealed once the row has its id, which the seal is bound to.
    row.secretSealed = scope.app.webhooks.seal.seal(webhookSecretBinding(row.id), secret);
    await recordAudit(scope, tx as Em, 'webhook.created', { type: 'webhook', id: row.id, label: row.url }, auditDiff(null, { ...snapshot(row), secret: 'set' }));
    return row;
  });
  scope.app.webhooks.forget();
  return { ...presentWebhook(webhook), secret };
}

export async function updateWebhook(scope: AgentScope, id: number, input: UpdateWebhookRequest): Promise<WebhookDto> {
  const webhook = await scope.em.transactional(async (tx) => {
    const row = await tx.findOne(WebhookSubscription, { id });
    if (!row) throw notFound('Webhook');
    const before = snapshot(row);
    if (input.url !== undefined) row.url = input.url;
    if (input.description !== undefined) row.description = input.description;
    if (input.events !== undefined) row.events = [...new Set(input.events)];
    if (input.includeInternal !== undefined) row.includeInternal = input.includeInternal;
    if (input.allowPrivateNetwork !== undefined) row.allowPrivateNetwork = input.allowPrivateNetwork;
    if (input.enabled !== undefined && input.enabled !== row.enabled) {
      row.enabled = input.enabled;
      // Switched on again: why Parley had switched it off no longer holds.
      if (input.enabled) {
        row.disabledReason = null;
        row.disabledAt = null;
      }
    }
    await recordAudit(scope, tx as Em, 'webhook.updated', { type: 'webhook', id, label: row.url }, auditDiff(before, snapshot(row)));
    return row;
  });
  scope.app.webhooks.forget();
  if (webhook.enabled) scope.app.webhooks.outbox.kick();
  return presentWebhook(webhook);
}

export async function deleteWebhook(scope: AgentScope, id: number): Promise<{ ok: true }> {
  await scope.em.transactional(async (tx) => {
    const row = await tx.findOne(WebhookSubscription, { id });
    if (!row) throw notFound('Webhook');
    await tx.nativeDelete(WebhookDelivery, { subscription: id });
    await recordAudit(scope, tx as Em, 'webhook.deleted', { type: 'webhook', id, label: row.url }, auditDiff(snapshot(row), null));
    tx.remove(row);
  });
  scope.app.webhooks.forget();
  return { ok: true };
}

export async function rotateWebhookSecret(scope: AgentScope, id: number): Promise<WebhookSecretDto> {
  const secret = newSecret();
  await scope.em.transactional(async (tx) => {
    const row = await tx.findOne(WebhookSubscription, { id });
    if (!row) throw notFound('Webhook');
    row.secretSealed = scope.app.webhooks.seal.seal(webhookSecretBinding(id), secret);
    await recordAudit(scope, tx as Em, 'webhook.secret_rotated', { type: 'webhook', id, label: row.url }, {});
  });
  scope.app.webhooks.forget();
  return { secret };
}

/** The newest deliveries of a subscription. */
export async function listWebhookDeliveries(scope: AgentScope, id: number): Promise<{ items: WebhookDeliveryDto[] }> {
  if (!(await scope.em.count(WebhookSubscription, { id }))) throw notFound('Webhook');
  const rows = await scope.em.find(WebhookDelivery, { subscription: id }, { orderBy: { id: 'desc' }, limit: 100 });
  return { items: rows.map(presentDelivery) };
}

export async function resendWebhookDelivery(scope: AgentScope, id: number, deliveryId: number): Promise<WebhookDeliveryDto> {
  const delivery = await scope.em.findOne(WebhookDelivery, { id: deliveryId, subscription: id });
  if (!delivery) throw notFound('Webhook delivery');
  const due = await scope.app.webhooks.outbox.resend(scope.em, delivery);
  scope.app.webhooks.outbox.kick();
  return presentDelivery(due);
}

/** 32 random bytes, hex: what the receiver keys its HMAC with. */
function newSecret(): string {
  return `whsec_${randomBytes(32).toString('hex')}`;
}

function snapshot(row: WebhookSubscription): AuditSnapshot {
  return { url: row.url, description: row.description, events: [...row.events].sort(), includeInternal: row.includeInternal, allowPrivateNetwork: row.allowPrivateNetwork, enabled: row.enabled };
}

function presentWebhook(row: WebhookSubscription): WebhookDto {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.events,
    includeInternal: row.includeInternal,
    allowPrivateNetwork: row.allowPrivateNetwork,
    enabled: row.enabled,
    disabledReason: row.disabledReason ?? null,
    disabledAt: row.disabledAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function presentDelivery(row: WebhookDelivery): WebhookDeliveryDto {
  return {
    id: row.id,
    eventId: row.eventId,
    event: row.event,
    state: row.state,
    attempts: row.attempts,
    createdAt: row.createdAt.toISOString(),
    lastAttemptAt: row.lastAttemptAt?.toISOString() ?? null,
    nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    responseStatus: row.responseStatus ?? null,
    responseBody: row.responseBody ?? null,
    error: row.error ?? null,
  };
}
