import { createHash, randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { ticketChangeEvents, type WebhookEvent, type WebhookOccurrence, webhookWants } from '@parley/domain';
import type { ThreadItemDto, WebhookPayload } from '@parley/protocol';
import type { AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { Contact } from '../contacts/contact.entity.js';
import { presentContacts } from '../contacts/contact.service.js';
import { ThreadItem, Ticket } from '../tickets/ticket.entity.js';
import { presentItem, presentTickets } from '../tickets/ticket.service.js';
import { WebhookDelivery } from './webhook.entity.js';

/**
 * Turns the facts the server publishes after a commit into webhook deliveries, one per subscription that
 * wants the event (webhookWants: the events it named, nothing internal unless it asked), then kicks the
 * outbox. The body is written once, as every attempt sends it. A message's delivery has an id made from the
 * subscription and the item, so the same message announced twice (a retried visitor message) is sent once.
 */
export function registerWebhookDeliveries(app: AppContext): void {
  app.events.on('ticket.created', async ({ ticketId, produced }) => {
    const ticket = produced?.ticket;
    await record(app, ticketId, ticket, (channel) => [{ event: 'ticket.created' }, ...(channel === 'chat' ? [{ event: 'chat.started' as const }] : [])]);
  });
  app.events.on('ticket.updated', async ({ ticketId, previous, previousStatus, produced }) => {
    await record(app, ticketId, produced?.ticket, (_channel, ticket) =>
      ticketChangeEvents(
        { status: previousStatus ?? ticket.status, assignedAgentId: previous.assignedAgentId },
        { status: ticket.status, assignedAgentId: ticket.assignedAgentId ?? null, channel: ticket.channel },
      ).map((event) => ({ event })),
    );
  });
  app.events.on('thread.item_created', async ({ ticketId, itemId, produced }) => {
    await record(app, ticketId, undefined, () => [{ event: 'message.created', itemId, item: produced?.item }]);
  });
  app.events.on('contact.created', ({ contactId }) => recordContact(app, contactId));
  app.events.on('satisfaction.rated', async ({ ticketId, surveyId, rating, comment, ratedAt }) => {
    await record(app, ticketId, undefined, () => [{ event: 'rating.received', key: `survey:${surveyId}`, data: { rating: { rating, comment, ratedAt } } }]);
  });
}

interface Happening {
  readonly event: WebhookEvent;
  readonly itemId?: number;
  readonly item?: ThreadItemDto | undefined;
  /** What makes the happening one of its kind (a survey's rating): its deliveries' ids are fixed by it. */
  readonly key?: string;
  /** What the body's `data` carries besides the ticket. */
  readonly data?: Record<string, unknown>;
}

async function record(app: AppContext, ticketId: number, known: Ticket | undefined, happenings: (channel: Ticket['channel'], ticket: Ticket) => readonly Happening[]): Promise<void> {
  const subscriptions = await app.webhooks.enabledSubscriptions();
  if (subscriptions.length === 0) return;
  const em = app.orm.em.fork() as Em;
  const ticket = known ?? (await em.findOne(Ticket, { id: ticketId }));
  if (!ticket) return;
  const happened = happenings(ticket.channel, ticket);
  const items = new Map<number, ThreadItemDto | null>();
  for (const happening of happened) if (happening.itemId !== undefined) items.set(happening.itemId, happening.item ?? (await loadItem(em, happening.itemId)));
  const wanted = subscriptions.flatMap((subscription) =>
    happened.flatMap((happening) => {
      const item = happening.itemId === undefined ? undefined : items.get(happening.itemId);
      if (item === null) return [];
      const occurrence: WebhookOccurrence = { event: happening.event, internalTicket: ticket.internal, ...(item ? { itemKind: item.kind } : {}) };
      return webhookWants(subscription, occurrence) ? [{ subscription, happening, item }] : [];
    }),
  );
  if (wanted.length === 0) return;
  const [dto] = await presentTickets(em, [ticket]);
  const now = app.clock.now();
  for (const { subscription, happening, item } of wanted) {
    const key = happening.key ?? (happening.itemId === undefined ? null : String(happening.itemId));
    const eventId = key === null ? randomUUID() : uuidFrom(`${subscription.id}:${happening.event}:${key}`);
    const payload: WebhookPayload = { id: eventId, event: happening.event, createdAt: now.toISOString(), data: { ticket: dto, ...(item ? { item } : {}), ...happening.data } };
    await insertDelivery(em, subscription.id, payload, now);
  }
  app.webhooks.outbox.kick();
}

/** `contact.created`: the contact as the REST API shows it, once per subscription and contact (its id is fixed by them). */
async function recordContact(app: AppContext, contactId: number): Promise<void> {
  const subscriptions = (await app.webhooks.enabledSubscriptions()).filter((subscription) => webhookWants(subscription, { event: 'contact.created', internalTicket: false }));
  if (subscriptions.length === 0) return;
  const em = app.orm.em.fork() as Em;
  const contact = await em.findOne(Contact, { id: contactId });
  if (!contact) return;
  const [dto] = await presentContacts(em, [contact]);
  const now = app.clock.now();
  for (const subscription of subscriptions) {
    const eventId = uuidFrom(`${subscription.id}:contact.created:${contactId}`);
    await insertDelivery(em, subscription.id, { id: eventId, event: 'contact.created', createdAt: now.toISOString(), data: { contact: dto } }, now);
  }
  app.webhooks.outbox.kick();
}

/** A thread item as agents see it, for a fact published without what the write produced. */
async function loadItem(em: Em, itemId: number): Promise<ThreadItemDto | null> {
  const item = await em.findOne(ThreadItem, { id: itemId });
  return item ? presentItem(em, item) : null;
}

/** One delivery, due now; one already recorded under the same event id (an event announced twice) is left as it is. */
async function insertDelivery(em: Em, subscriptionId: number, payload: WebhookPayload, now: Date): Promise<void> {
  try {
    await em.insert(WebhookDelivery, {
      subscription: subscriptionId,
      eventId: payload.id,
      event: payload.event,
      body: JSON.stringify(payload),
      state: 'pending',
      attempts: 0,
      dueAt: now,
      nextAttemptAt: now,
      createdAt: now,
    });
  } catch (error) {
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
  }
}

/** A UUID-shaped id fixed by `text` (so the same event for the same subscription always has the same id). */
function uuidFrom(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
