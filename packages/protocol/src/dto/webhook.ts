import { WEBHOOK_EVENTS } from '@parley/domain';
import { z } from 'zod';
import { IsoDateTime } from '../common.js';

export const WebhookEventName = z.enum(WEBHOOK_EVENTS);

/** Where deliveries go: http(s), no user name or password in the address (the signature authenticates). */
export const WebhookUrl = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .refine((text) => /^https?:\/\/[^/?#@]+([/?#]|$)/i.test(text), 'no user name or password in the address');

export const WebhookDto = z.object({
  id: z.number().int(),
  url: z.string(),
  description: z.string(),
  events: z.array(WebhookEventName),
  includeInternal: z.boolean().describe('Internal notes and internal tickets are sent too (never unless set).'),
  allowPrivateNetwork: z.boolean().describe('Deliveries may go to loopback, private and link-local addresses (refused unless set).'),
  enabled: z.boolean(),
  disabledReason: z.string().nullable().describe('Why Parley switched the subscription off (deliveries gave up after a day of failures).'),
  disabledAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type WebhookDto = z.infer<typeof WebhookDto>;

/** A new subscription, with its signing secret: shown once (a new one can be made, `rotateWebhookSecret`). */
export const CreatedWebhookDto = WebhookDto.extend({ secret: z.string() });
export type CreatedWebhookDto = z.infer<typeof CreatedWebhookDto>;

export const CreateWebhookRequest = z.strictObject({
  url: WebhookUrl,
  description: z.string().trim().max(200).default(''),
  events: z.array(WebhookEventName).min(1).max(WEBHOOK_EVENTS.length),
  includeInternal: z.boolean().default(false),
  allowPrivateNetwork: z.boolean().default(false),
});
export type CreateWebhookRequest = z.input<typeof CreateWebhookRequest>;

export const UpdateWebhookRequest = z.strictObject({
  url: WebhookUrl.optional(),
  description: z.string().trim().max(200).optional(),
  events: z.array(WebhookEventName).min(1).max(WEBHOOK_EVENTS.length).optional(),
  includeInternal: z.boolean().optional(),
  allowPrivateNetwork: z.boolean().optional(),
  enabled: z.boolean().optional().describe('Switching a subscription back on clears why it was switched off.'),
});
export type UpdateWebhookRequest = z.infer<typeof UpdateWebhookRequest>;

export const WebhookSecretDto = z.object({ secret: z.string() });
export type WebhookSecretDto = z.infer<typeof WebhookSecretDto>;

export const WEBHOOK_DELIVERY_STATES = ['pending', 'delivered', 'failed'] as const;

/** One event sent (or being sent) to one subscription, with the last answer. */
export const WebhookDeliveryDto = z.object({
  id: z.number().int(),
  eventId: z.string().describe('The body\'s `id`: the same on every attempt, so receivers can ignore a repeat.'),
  event: WebhookEventName,
  state: z.enum(WEBHOOK_DELIVERY_STATES),
  attempts: z.number().int(),
  createdAt: IsoDateTime,
  lastAttemptAt: IsoDateTime.nullable(),
  nextAttemptAt: IsoDateTime.nullable(),
  deliveredAt: IsoDateTime.nullable(),
  responseStatus: z.number().int().nullable(),
  responseBody: z.string().nullable().describe('The start of the last answer\'s body.'),
  error: z.string().nullable().describe('Why the last attempt failed, when it did.'),
});
export type WebhookDeliveryDto = z.infer<typeof WebhookDeliveryDto>;

/**
 * The JSON body of every delivery. `data` holds what the event is about, as the REST API shows it: `ticket`
 * (TicketDto) for ticket and chat events, and `item` (ThreadItemDto) too for message.created; `contact`
 * (ContactDto) for contact.created; `ticket` and `rating` ({ rating: good|bad, comment, ratedAt }) for
 * rating.received.
 */
export const WebhookPayload = z.object({
  id: z.string(),
  event: WebhookEventName,
  createdAt: IsoDateTime,
  data: z.record(z.string(), z.unknown()),
});
export type WebhookPayload = z.infer<typeof WebhookPayload>;
