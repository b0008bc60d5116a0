import { randomBytes } from 'node:crypto';
import {
  chosenLetterSubject,
  cleanFileName,
  DomainError,
  ErrorCodes,
  formatMessageId,
  outgoingSubject,
  replyEmailDecision,
  replyReferences,
  replySenderName,
  truncateText,
} from '@parley/domain';
import type { AppContext, AgentScope } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { Agent } from '../agents/agent.entity.js';
import { Attachment } from '../attachments/attachment.entity.js';
import { Visitor } from '../chats/visitor.entity.js';
import { Contact } from '../contacts/contact.entity.js';
import { senderFor } from '../mail/sender.js';
import { Department } from '../organisation/department.entity.js';
import { findTicketForAgent } from '../tickets/ticket.repository.js';
import { ThreadItem, type Ticket } from '../tickets/ticket.entity.js';
import { EmailMessage } from './email.entity.js';
import { Mailbox } from '../mailboxes/mailbox.entity.js';
import { composeReplyLetter } from './reply-letter.js';

/** What the agent chose for this one letter: its subject (the ticket's stays); `opening`: it starts the conversation, so no "Re:". */
export interface LetterChoices {
  readonly subject?: string;
  readonly opening?: boolean;
}

/**
 * The first letter of a ticket an agent opened by writing to the customer, queued like a reply (same rules,
 * same outbox) in the ticket's own transaction; answers the letter's email row for presenting the item, or
 * null when it does not go out (no way to send mail).
 */
export async function queueOpeningEmail(app: AppContext, tx: Em, ticket: Ticket, item: ThreadItem): Promise<(EmailMessage & { hasHtml: boolean }) | null> {
  if (!(await queueReplyEmail(app, tx, ticket, item, { opening: true }))) return null;
  const email = tx.getUnitOfWork().getById(EmailMessage, item.id);
  return email ? { ...email, hasHtml: false } : null;
}

/**
 * Emails an agent's reply when the domain's rule says it goes out (replyEmailDecision), inside the reply's
 * own transaction: the composed letter goes into the outbox and the reply gets its email row (direction
 * 'out', 'queued'), so a reply that committed is never left without its letter, and a reply that rolled
 * back sends nothing. Answers whether a letter was queued (the caller kicks the outbox after commit).
 */
export async function queueReplyEmail(app: AppContext, tx: Em, ticket: Ticket, item: ThreadItem, letter: LetterChoices = {}): Promise<boolean> {
  if (!app.config.mail && !(await tx.count(Mailbox, { smtpEnabled: true, active: true }))) return false;
  const contact = ticket.contactId ? await tx.findOne(Contact, { id: ticket.contactId }, { fields: ['id', 'name', 'primaryEmail'] }) : null;
  const contactAddress = contact?.primaryEmail ?? null;
  const answered = await tx.findOne(
    EmailMessage,
    { ticketId: ticket.id, direction: 'in' },
    { orderBy: { threadItem: 'desc' }, fields: ['threadItem', 'messageId', 'references', 'automated'] },
  );
  const decision = replyEmailDecision({
    itemKind: item.kind,
    ticket: { internal: ticket.internal, channel: ticket.channel },
    contactAddress,
    // Asked only when it can matter: with Redis it is a round trip to every instance.
    visitorConnected: ticket.channel === 'chat' && item.kind === 'agent_reply' && !ticket.internal && contactAddress ? await chatVisitorConnected(app, tx, ticket.id) : false,
    automatic: item.authorAgent === null || item.authorAgent === undefined,
    newestLetterAutomated: answered?.automated ?? null,
  });
  if (!decision.send || !contactAddress) return false;

  const [agent, department, sender] = await Promise.all([
    item.authorAgent ? tx.findOne(Agent, { id: item.authorAgent }, { fields: ['id', 'name'] }) : null,
    ticket.departmentId ? tx.findOne(Department, { id: ticket.departmentId }, { fields: ['id', 'name'] }) : null,
    senderFor(tx, ticket.departmentId ?? null, app.config.mail?.from ?? null),
  ]);
  // Neither the department's mailbox nor SMTP_URL can send it: the reply stays on the ticket only.
  if (!sender) return false;
  // Reply to all: the addresses the agent chose (To defaults to the customer), and the ticket's CC as chosen.
  const chosenTo = item.recipientsTo ?? [];
  const to = chosenTo.length > 0 ? chosenTo : [contactAddress];
  const cc = (item.recipientsCc ?? []).filter((address) => !to.includes(address));
  const domain = sender.address.split('@')[1] ?? 'parley.invalid';
  const messageId = formatMessageId(ticket.id, item.id, randomBytes(6).toString('hex'), domain);
  const references = replyReferences(answered ? { messageId: answered.messageId, references: answered.references } : null);
  const subject = letter.subject !== undefined ? chosenLetterSubject(letter.subject, ticket.id) : outgoingSubject(ticket.subject, ticket.id, !letter.opening);
  const fromName = replySenderName(agent?.name ?? sender.name ?? 'Parley', department?.name ?? null);
  const files = await tx.find(Attachment, { threadItem: item.id }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  const attachments = await Promise.all(
    files.map(async (file) => ({ filename: cleanFileName(file.filename), contentType: file.contentType, content: await app.storage.read(file.storageKey) })),
  );
  const raw = await composeReplyLetter({
    from: { name: fromName, address: sender.address },
    to,
    cc,
    subject,
    messageId,
    inReplyTo: answered?.messageId ?? null,
    references,
    date: item.createdAt,
    text: item.body,
    attachments,
  });
  tx.create(EmailMessage, {
    threadItem: item.id,
    ticketId: ticket.id,
    messageId,
    inReplyTo: answered?.messageId ?? null,
    references,
    fromAddress: sender.address,
    fromName,
    to,
    cc,
    replyTo: [],
    subject,
    html: null,
    automated: null,
    inboundMailId: null,
    direction: 'out',
    deliveryState: 'queued',
  });
  app.outbox.queue(tx, {
    recipient: to[0]!,
    subject: truncateText(subject, 500),
    text: item.body,
    purpose: 'reply',
    ticketId: ticket.id,
    threadItemId: item.id,
    raw: { message: raw, envelopeFrom: sender.address, envelopeTo: [...to, ...cc] },
    mailboxId: sender.mailboxId,
  });
  return true;
}

/** A chat's visitor reads replies live while a widget of a visitor whose chat this still is stays connected. */
async function chatVisitorConnected(app: AppContext, em: Em, ticketId: number): Promise<boolean> {
  const visitors = await em.find(Visitor, { chatTicketId: ticketId }, { fields: ['id'] });
  return app.visitorPresence.anyConnected(visitors.map((v) => v.id));
}

/**
 * Retry: a reply whose letter failed (the outbox gave up) or bounced is queued again, as it was (same bytes,
 * same Message-ID), and shows as queued. Anything else is refused: a letter on its way or delivered is not
 * sent twice.
 */
export async function retryReplyEmail(scope: AgentScope, ticketId: number, itemId: number): Promise<ThreadItem> {
  const { app } = scope;
  const em = scope.em.fork() as Em;
  if (!app.mailer && !(await em.count(Mailbox, { smtpEnabled: true, active: true }))) throw new DomainError(ErrorCodes.mailNotConfigured, 'This help desk cannot send email.');
  const item = await em.transactional(async (tx) => {
    const ticket = await findTicketForAgent(tx as Em, scope.agent, ticketId, true);
    const item = await tx.findOne(ThreadItem, { id: itemId, ticket: ticket.id });
    if (!item) throw new DomainError(ErrorCodes.notFound, `Thread item ${itemId} not found.`);
    const changed = await tx.nativeUpdate(
      EmailMessage,
      { threadItem: itemId, direction: 'out', deliveryState: { $in: ['failed', 'bounced'] } },
      { deliveryState: 'queued' },
    );
    if (changed !== 1 || !(await app.outbox.requeue(tx as Em, itemId))) {
      throw new DomainError(ErrorCodes.emailNotRetryable, 'Only a reply whose letter failed or bounced can be sent again.', { itemId });
    }
    return item;
  });
  app.events.publish('email.delivery_changed', { ticketId, itemId, state: 'queued' });
  app.outbox.kick();
  return item;
}
