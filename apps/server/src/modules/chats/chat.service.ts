import { applyTriggers } from '../automation/apply-triggers.js';
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import {
  canSeeThreadItem, checkPrechat, type CustomerPrincipal, DomainError, ErrorCodes, onCustomerMessage, openCustomerTicket, truncateText, visibleThread,
} from '@parley/domain';
import type { ChatHistoryRequest, ChatMessageRequest, ChatStartRequest, IssueVisitorRequest, VisitorChatDto, VisitorChatStateDto, VisitorMessageDto, VisitorSessionDto } from '@parley/protocol';
import { canSendMail } from '../mail/sender.js';
import type { AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { Attachment } from '../attachments/attachment.entity.js';
import { customerContactFor } from '../contacts/customer-contact.js';
import { Department } from '../organisation/department.entity.js';
import { defaultDepartmentId } from '../organisation/department.repository.js';
import { ThreadItem, Ticket } from '../tickets/ticket.entity.js';
import { presentThreadItem, ticketNumber, toTicketState } from '../tickets/ticket.presenter.js';
import { audienceSnapshot, TicketWork } from '../tickets/ticket-transaction.js';
import { activeWidget, widgetDepartmentIds } from '../widgets/widget.service.js';
import { keepVisitWithChat } from './visit.js';
import { linkVerifiedIdentity } from './visitor-identity.js';
import { openChatSession } from './chat-session.repository.js';
import { Visitor } from './visitor.entity.js';
import { type StoredVisitorMessage, VisitorMessageBatch, type WrittenMessage } from './visitor-message-batch.js';
import { newVisitorId } from './visitor-token.js';
import { bindVisitorAttachments } from './visitor-upload.service.js';
import { presentVisitorMessages } from './visitor-message.presenter.js';

/** One visitor command: its own entity manager and the visitor the socket's token names. */
export interface VisitorScope {
  readonly app: AppContext;
  readonly em: Em;
  readonly visitorId: string;
}

type ChatResult = { chat: VisitorChatDto; message: VisitorMessageDto };

/**
 * `POST /widget/visitors`: a new visitor, or the token's visitor again with a renewed token. With an identity
 * the site vouched for (checked against the widget's secret) the visitor is linked to that contact; a visitor
 * verified as someone else, or verified before and now without an identity (the site's user signed out), starts afresh.
 */
export async function issueVisitor(app: AppContext, em: Em, input: IssueVisitorRequest, ip: string): Promise<VisitorSessionDto> {
  await app.rateLimits.consumeVisitor(ip);
  const now = app.clock.now();
  let visitorId = input.token ? app.visitorTokens.verify(input.token, now).visitorId : newVisitorId();
  let verified = false;
  if (input.identity) {
    const widget = await activeWidget(em, input.widgetKey ?? '');
    visitorId = await linkVerifiedIdentity({ app, em, visitorId }, widget, input.identity);
    verified = true;
  } else if (input.token) {
    const known = await em.findOne(Visitor, { id: visitorId }, { fields: ['id', 'verified'] });
    if (known?.verified) visitorId = newVisitorId();
  }
  const issued = app.visitorTokens.issue(visitorId, now);
  return {
    visitorId,
    token: issued.token,
    expiresAt: new Date(issued.claims.expiresAt).toISOString(),
    // Whether a transcript could go out at all (SMTP_URL or any mailbox that sends: internalSenderFor).
    transcriptByEmail: await canSendMail(em, app.config.mail?.from ?? null),
    maxUploadBytes: app.config.limits.visitorUploadBytes,
    ...(verified ? { verified } : {}),
  };
}

/** The visitor's row, locked for the transaction on PostgreSQL (SQLite runs one write transaction at a time). */
async function lockVisitor(tx: Em, visitorId: string): Promise<Visitor | null> {
  const lock = tx.getPlatform() instanceof PostgreSqlPlatform ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {};
  return tx.findOne(Visitor, { id: visitorId }, lock as never);
}

/**
 * Runs one visitor write in one transaction with the visitor's row locked, so a visitor's commands on any
 * instance are applied one at a time (which makes the client-id check race-free); announces after commit.
 * A concurrent first start for the same new visitor loses the insert of the visitor row and runs again.
 */
export async function inVisitorTransaction<T>(scope: VisitorScope, run: (tx: Em, visitor: Visitor | null) => Promise<{ result: T; work: TicketWork | null }>): Promise<T> {
  const attempt = () => scope.em.fork().transactional(async (tx) => run(tx as Em, await lockVisitor(tx as Em, scope.visitorId)));
  let outcome: { result: T; work: TicketWork | null };
  try {
    outcome = await attempt();
  } catch (error) {
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    outcome = await attempt();
  }
  if (outcome.work?.changed) outcome.work.publish(scope.app);
  return outcome.result;
}

/** Appends the visitor's message (and binds its files) to their chat unless this client id is already there (a retry). */
async function appendMessage(
  tx: Em,
  ticket: Ticket,
  visitorId: string,
  input: { clientId: string; body: string; attachmentIds?: string[] | undefined },
  at: Date,
): Promise<{ item: ThreadItem; work: TicketWork | null }> {
  const { clientId, body } = input;
  const replay = await tx.findOne(ThreadItem, { ticket: ticket.id, clientId });
  if (replay) return { item: replay, work: null };
  const work = new TicketWork(tx, ticket, at, null);
  work.apply(onCustomerMessage(ticket, at));
  const item = work.append({ kind: 'customer_message', body, authorContact: ticket.contactId ?? null, clientId });
  work.markChanged();
  await tx.flush();
  await bindVisitorAttachments(tx, visitorId, item.id, input.attachmentIds);
  return { item, work };
}

function chatSubject(message: string): string {
  const line = message.replace(/\s+/g, ' ').trim();
  return truncateText(line, 100, '…');
}

/**
 * `chat:start`: the visitor's chat, a ticket on the chat channel whose first item is their message. When the
 * visitor's chat is still going (not resolved), or already holds this client id, the message continues it.
 */
export async function startChat(scope: VisitorScope, input: ChatStartRequest): Promise<ChatResult> {
  const at = scope.app.clock.now();
  const { ticket, item, opened } = await inVisitorTransaction(scope, async (tx, existing) => {
    const page = input.page ?? null;
    const current = existing?.chatTicketId ? await tx.findOne(Ticket, { id: existing.chatTicketId }) : null;
    if (existing && current) {
      const going = current.status !== 'resolved' || (await tx.count(ThreadItem, { ticket: current.id, clientId: input.clientId })) > 0;
      if (going) {
        if (page) existing.page = page;
        existing.updatedAt = at;
        const { item, work } = await appendMessage(tx, current, scope.visitorId, { ...input, body: input.message }, at);
        const opened = await openChatSession(tx, current, input.message, at);
        await tx.flush();
        return { result: { ticket: current, item, opened }, work };
      }
    }
    const widget = input.widgetKey ? await activeWidget(tx, input.widgetKey) : null;
    const details = widget ? checkPrechat({ name: widget.prechatName, email: widget.prechatEmail, question: widget.prechatQuestion }, input) : { ok: true as const, name: input.name, email: input.email };
    if (!details.ok) throw new DomainError(ErrorCodes.chatPrechatInvalid, `The ${details.field} is required.`, { field: details.field });
    const departmentId = widget ? await chatDepartment(tx, widget, input.departmentId) : (input.departmentId ?? (await defaultDepartmentId(tx)));
    if (!widget && input.departmentId !== undefined && (await tx.count(Department, { id: input.departmentId })) === 0) {
      throw new DomainError(ErrorCodes.notFound, `Department ${input.departmentId} not found.`);
    }
    const { contactId, claimedEmail, events, created: newContact } = await customerContactFor(tx, {
      verifiedContactId: existing?.verified && existing.contactId ? existing.contactId : null,
      senderContactId: existing?.contactId ?? null,
      email: details.email ?? null,
      name: details.name ?? null,
    });
    const created = openCustomerTicket(
      { subject: chatSubject(input.message), channel: 'chat', contactId, createdByAgentId: null, destination: { departmentId, agentId: null }, agent: null },
      at,
    );
    const ticket = tx.create(Ticket, { ...created.state, subject: created.subject, tags: [], cc: [], clientId: null, customerTokenHash: null, updatedAt: at, statusChangedAt: at });
    await tx.flush();
    const work = new TicketWork(tx, ticket, at, null, true);
    if (newContact) work.afterCommit.push(() => scope.app.events.publish('contact.created', { contactId }));
    work.recordEvents([...created.events, ...events]);
    const item = work.append({ kind: 'customer_message', body: input.message, authorContact: contactId, clientId: input.clientId });
    if (existing) {
      // The resolved chat the visitor moves on from keeps their details as they were.
      if (current) await keepVisitWithChat(tx, current.id, existing);
      existing.contactId = contactId;
      existing.chatTicketId = ticket.id;
      if (page) existing.page = page;
      if (claimedEmail) existing.claimedEmail = claimedEmail;
      existing.updatedAt = at;
    } else {
      tx.create(Visitor, {
        id: scope.visitorId,
        contactId,
        chatTicketId: ticket.id,
        page,
        claimedEmail,
        deliveredUpToItemId: null,
        seenUpToItemId: null,
        agentSeenUpToItemId: null,
        createdAt: at,
        updatedAt: at,
      } as never);
    }
    // The chat waits for an agent from its first message: the session is written with the ticket.
    const opened = await openChatSession(tx, ticket, input.message, at);
    await applyTriggers(scope.app, work);
    await tx.flush();
    await bindVisitorAttachments(tx, scope.visitorId, item.id, input.attachmentIds);
    return { result: { ticket, item, opened }, work };
  });
  if (opened) routeChat(scope, ticket.id);
  return { chat: presentChat(ticket), message: (await presentVisitorMessages(scope.em, [item]))[0]! };
}

/** The department of a widget's chat: its own, or the visitor's pick among those it offers (the first when none or another was sent). */
async function chatDepartment(tx: Em, widget: Parameters<typeof widgetDepartmentIds>[1], requested: number | undefined): Promise<number | null> {
  const allowed = await widgetDepartmentIds(tx, widget);
  if (requested !== undefined && allowed.includes(requested)) return requested;
  return allowed[0] ?? null;
}

/** `chat:message`: another message in the visitor's chat (reopening it by the normal rules). */
export async function sendChatMessage(scope: VisitorScope, input: ChatMessageRequest): Promise<ChatResult> {
  const at = scope.app.clock.now();
  // Messages with files bind their uploads through the ORM; plain text takes the group commit.
  if ((input.attachmentIds?.length ?? 0) === 0) {
    const stored = await visitorMessageBatch(scope.app).write(scope.visitorId, input.clientId, input.body, at);
    if (stored.reopenedChat) routeChat(scope, stored.ticketId);
    if (stored.replay) await announceReplayed(scope.app, stored);
    return presentStored(scope, input.clientId, stored);
  }
  const { ticket, item, opened } = await inVisitorTransaction(scope, async (tx, visitor) => {
    const ticket = visitor?.chatTicketId ? await tx.findOne(Ticket, { id: visitor.chatTicketId }) : null;
    if (!visitor || !ticket) throw new DomainError(ErrorCodes.chatNotStarted, 'Start a chat first (chat:start).');
    visitor.updatedAt = at;
    const { item, work } = await appendMessage(tx, ticket, scope.visitorId, input, at);
    // A message that reopened a resolved chat puts it back in the queue.
    const opened = await openChatSession(tx, ticket, input.body, at);
    await tx.flush();
    return { result: { ticket, item, opened }, work };
  });
  if (opened) routeChat(scope, ticket.id);
  return { chat: presentChat(ticket), message: (await presentVisitorMessages(scope.em, [item]))[0]! };
}

/** After commit: the visitor hears they wait, agents are rung (failures are logged; the periodic job retries). */
function routeChat(scope: VisitorScope, ticketId: number): void {
  scope.app.chatRouter.inBackground('chat opened', () => scope.app.chatRouter.chatOpened(ticketId));
}

const batches = new WeakMap<AppContext, VisitorMessageBatch>();

/** The group-committing writer of visitors' messages, one per application. */
function visitorMessageBatch(app: AppContext): VisitorMessageBatch {
  let batch = batches.get(app);
  if (!batch) {
    const em = app.orm.em as Em;
    // SQLite has one writer; on PostgreSQL two batches commit side by side, each on its own connection. Two,
    // not four: measured at 1,000 messages/s on two cores, four lanes made smaller batches (more round trips
    // per message) and doubled the median latency (22–34 ms against 14–25), for about a tenth more messages
    // per second at saturation; one lane queued everything behind a slow commit.
    const concurrency = em.getPlatform() instanceof PostgreSqlPlatform ? 2 : 1;
    batch = new VisitorMessageBatch(em, app.logger, (written) => announceWritten(app, written), concurrency);
    batches.set(app, batch);
  }
  return batch;
}

/**
 * A retry whose message was already stored: the instance that stored it may have died between commit and
 * announcing it, so it is announced again, unless an instance already announced it (AnnouncedItems).
 */
function announceReplayed(app: AppContext, stored: StoredVisitorMessage): Promise<void> {
  return app.events.publish('thread.item_created', { ticketId: stored.ticketId, itemId: stored.itemId, replayed: true });
}

/**
 * What TicketWork.publish announces for a customer message, for messages the batch wrote. The visitor's
 * acknowledgement waits for it, so an acknowledged message has been announced: an instance that dies after
 * answering leaves nothing unheard (one that dies before answering is covered by the retry, see announceReplayed).
 */
function announceWritten(app: AppContext, written: readonly WrittenMessage[]): Promise<void> {
  const runs: Promise<void>[] = [];
  for (const { ticketId, previous, ticket, items, contact, chatVisitorIds } of written) {
    runs.push(app.events.publish('ticket.updated', { ticketId, previous: audienceSnapshot(previous), previousStatus: previous.status, produced: { ticket, contact } }));
    const audience = audienceSnapshot(ticket);
    for (const item of items) {
      runs.push(app.events.publish('thread.item_created', { ticketId, itemId: item.id, produced: { item: presentThreadItem(item, []), audience, channel: ticket.channel, chatVisitorIds } }));
    }
  }
  return Promise.all(runs).then(() => undefined);
}

/** The visitor's answer for a message the batch stored, from what the write already knows (a replay may carry files). */
async function presentStored(scope: VisitorScope, clientId: string, stored: StoredVisitorMessage): Promise<ChatResult> {
  const chat = presentChat({ id: stored.ticketId, status: stored.status, createdAt: stored.ticketCreatedAt });
  if (stored.replay) {
    // Only a replay reads (its message may carry files): the scope's entity manager is forked when first used.
    const item = await scope.em.findOneOrFail(ThreadItem, { id: stored.itemId });
    return { chat, message: (await presentVisitorMessages(scope.em, [item]))[0]! };
  }
  const message: VisitorMessageDto = { id: stored.itemId, from: 'customer', authorName: null, body: stored.body, attachments: [], createdAt: stored.createdAt.toISOString(), clientId };
  return { chat, message };
}

/** `chat:history`: what the visitor may see of their chat after a message id: their messages and our public replies. */
export async function chatHistory(
  scope: VisitorScope,
  input: ChatHistoryRequest,
): Promise<{ chat: VisitorChatDto | null; messages: VisitorMessageDto[]; agentSeenUpToItemId?: number | null; state: VisitorChatStateDto | null }> {
  const visitor = await scope.em.findOne(Visitor, { id: scope.visitorId });
  const ticket = visitor?.chatTicketId ? await scope.em.findOne(Ticket, { id: visitor.chatTicketId }) : null;
  if (!ticket) return { chat: null, messages: [], state: null };
  const items = await scope.em.find(ThreadItem, { ticket: ticket.id, id: { $gt: input.afterItemId ?? 0 } }, { orderBy: { id: 'asc' } });
  const visible = visibleThread(chatCustomer(ticket), toTicketState(ticket), items);
  const [messages, state] = await Promise.all([presentVisitorMessages(scope.em, visible), scope.app.chatRouter.visitorState(scope.em.fork() as Em, ticket.id)]);
  return { chat: presentChat(ticket), messages, agentSeenUpToItemId: visitor!.agentSeenUpToItemId ?? null, state };
}

/** The visitor's chat ticket for a typing signal (a read of the visitor's row, nothing written). */
export async function chatTicketIdForTyping(scope: VisitorScope): Promise<number> {
  const visitor = await scope.em.findOne(Visitor, { id: scope.visitorId }, { fields: ['id', 'chatTicketId'] });
  if (!visitor?.chatTicketId) throw new DomainError(ErrorCodes.chatNotStarted, 'Start a chat first (chat:start).');
  return visitor.chatTicketId;
}

/** A file of a message of the token's visitor's own chat that they may see; anything else is not found. */
export async function attachmentForVisitor(app: AppContext, em: Em, token: string | null, attachmentId: string): Promise<Attachment> {
  const { visitorId } = app.visitorTokens.verify(token ?? '', app.clock.now());
  const notFound = new DomainError(ErrorCodes.attachmentNotFound, 'Attachment not found.');
  const visitor = await em.findOne(Visitor, { id: visitorId });
  const ticket = visitor?.chatTicketId ? await em.findOne(Ticket, { id: visitor.chatTicketId }) : null;
  const attachment = ticket ? await em.findOne(Attachment, { id: attachmentId }) : null;
  const item = attachment?.threadItem ? await em.findOne(ThreadItem, { id: attachment.threadItem, ticket: ticket!.id }) : null;
  if (!ticket || !attachment || !item || !canSeeThreadItem(chatCustomer(ticket), toTicketState(ticket), item)) throw notFound;
  return attachment;
}

/** The customer a chat belongs to: whoever the ticket's contact is (visibility then refuses internal tickets). */
export function chatCustomer(ticket: Ticket): CustomerPrincipal {
  return { kind: 'customer', contactId: ticket.contactId ?? -1 };
}

export function presentChat(ticket: Pick<Ticket, 'id' | 'status' | 'createdAt'>): VisitorChatDto {
  return {
    number: ticketNumber(ticket.id),
    status: ticket.status === 'resolved' ? 'resolved' : ticket.status === 'answered' ? 'answered' : 'open',
    createdAt: ticket.createdAt.toISOString(),
  };
}

/**
 * Messages as the visitor sees them. Callers pass only items visibleThread let through; the shape itself has
 * no room for anything else (no kinds, no agent ids, no system events).
 */
