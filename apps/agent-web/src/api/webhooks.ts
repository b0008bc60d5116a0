import type { Api, BodyInputOf, CreatedWebhookDto, ResponseOf, WebhookDeliveryDto, WebhookDto } from '@parley/protocol';
import { http } from './http';

/** Webhook subscriptions (administrators): the secret comes back once, on creation and on replacing it. */
export type CreateWebhookBody = BodyInputOf<Api['createWebhook']>;
export type UpdateWebhookBody = BodyInputOf<Api['updateWebhook']>;

export async function listWebhooks(): Promise<WebhookDto[]> {
  return (await http.request<ResponseOf<Api['listWebhooks']>>('GET', '/webhooks')).items;
}

export function createWebhook(body: CreateWebhookBody): Promise<CreatedWebhookDto> {
  return http.request<CreatedWebhookDto>('POST', '/webhooks', body);
}

export function updateWebhook(id: number, body: UpdateWebhookBody): Promise<WebhookDto> {
  return http.request<WebhookDto>('PATCH', `/webhooks/${id}`, body);
}

export function deleteWebhook(id: number): Promise<unknown> {
  return http.request('DELETE', `/webhooks/${id}`);
}

export function rotateWebhookSecret(id: number): Promise<ResponseOf<Api['rotateWebhookSecret']>> {
  return http.request<ResponseOf<Api['rotateWebhookSecret']>>('POST', `/webhooks/${id}/secret`);
}

export async function listWebhookDeliveries(id: number): Promise<WebhookDeliveryDto[]> {
  return (await http.request<ResponseOf<Api['listWebhookDeliveries']>>('GET', `/webhooks/${id}/deliveries`)).items;
}

export function resendWebhookDelivery(id: number, deliveryId: number): Promise<WebhookDeliveryDto> {
  return http.request<WebhookDeliveryDto>('POST', `/webhooks/${id}/deliveries/${deliveryId}/resend`);
}
