import { chatResolvedBy } from '../chat/end-chat.js';

/**
 * Webhooks: what other systems may subscribe to, what each subscription is sent, and how a delivery that
 * failed is retried. The server sends; these are its rules.
 */

/** The events a subscription can name. Chat started/ended are a chat ticket's creation and its resolution. */
export const WEBHOOK_EVENTS = [
  'ticket.created',
  'ticket.updated',
  'ticket.status_changed',
  'ticket.assigned',
  'message.created',
  'chat.started',
  'chat.ended',
  'contact.created',
  'rating.received',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** A delivery is retried for this long after it was first due; then it is given up. */
export const WEBHOOK_RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;
const FIRST_RETRY_MS = 30 * 1000;
const LONGEST_RETRY_MS = 2 * 60 * 60 * 1000;

/**
 * When a delivery that has failed `failedAttempts` times (at least once) is tried again: 30 s after the first
 * failure, doubling each time up to two hours apart, for a day from when it was first due; null once the
 * day is over (the delivery is given up). Times in milliseconds since the epoch.
 */
export function nextWebhookAttemptAt(firstDueAt: number, failedAttempts: number, now: number): number | null {
  const delay = Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, failedAttempts - 1), LONGEST_RETRY_MS);
  const next = now + delay;
  return next - firstDueAt > WEBHOOK_RETRY_WINDOW_MS ? null : next;
}

/** What a subscription asked to hear, and whether it may hear of internal things. */
export interface WebhookAudience {
  readonly events: readonly WebhookEvent[];
  /** Internal notes and internal tickets (which customers never see) are sent only when this is set. */
  readonly includeInternal: boolean;
}

/** What happened, as far as deciding who is told: the event, whether the ticket is internal, and the item's kind. */
export interface WebhookOccurrence {
  readonly event: WebhookEvent;
  readonly internalTicket: boolean;
  /** For message.created: the thread item's kind. */
  readonly itemKind?: 'customer_message' | 'agent_reply' | 'internal_note' | 'system_event';
}

/** Whether a subscription is told of an occurrence: an event it named, and nothing internal unless it asked. */
export function webhookWants(audience: WebhookAudience, occurrence: WebhookOccurrence): boolean {
  if (!audience.events.includes(occurrence.event)) return false;
  // System events are the desk's own bookkeeping (status changes have events of their own).
  if (occurrence.itemKind === 'system_event') return false;
  const internal = occurrence.internalTicket || occurrence.itemKind === 'internal_note';
  return !internal || audience.includeInternal;
}

/** The events a change to a ticket gives, besides `ticket.updated`, from what it was before to what it is. */
export function ticketChangeEvents(before: { readonly status: string; readonly assignedAgentId: number | null }, after: { readonly status: string; readonly assignedAgentId: number | null; readonly channel: string }): WebhookEvent[] {
  const events: WebhookEvent[] = ['ticket.updated'];
  if (before.status !== after.status) events.push('ticket.status_changed');
  if (after.assignedAgentId !== null && after.assignedAgentId !== before.assignedAgentId) events.push('ticket.assigned');
  if (chatResolvedBy(before.status, after)) events.push('chat.ended');
  return events;
}

/** The longest answer body kept in a delivery's log, in characters. */
export const WEBHOOK_RESPONSE_KEPT_LENGTH = 2000;
/** How long a receiver has to answer, in milliseconds. */
export const WEBHOOK_TIMEOUT_MS = 5000;
