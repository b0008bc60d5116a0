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
import { type MailSender, parseSender } from '../mail/sender.js';
import { Department } from '../organisation/department.entity.js';
import { findTicketForAgent } from '../tickets/ticket.repository.js';
import { ThreadItem, type Ticket } from '../tickets/ticket.entity.js';
import { EmailMessage } from './email.entity.js';
import { Mailbox } from '../mailboxes/mailbox.entity.js';
import type { OutboxMail } from '../mail/outbox-mail.entity.js';
import { composeReplyLetter } from './reply-letter.js';
import { type ReplyLetterContext, replyLetterContext } from './reply-context.js';

/** What the agent chose for this one letter: its subject (the ticket's stays); `opening`: it starts the conversation, so no "Re:". */
export interface LetterChoices {
  readonly subject?: string;
  readonly opening?: boolean;
}

/**
 * The first letter of a ticket an agent opened by writing to the customer, queued like a reply (same rules,
 * same outbox, held the same way while no mail server can send it) in the ticket's own transaction; answers
 * the letter's email row for presenting the item, or null when it does not go out.
 */
export async function queueOpeningEmail(app: AppContext, tx: Em, ticket: Ticket, item: ThreadItem): Promise<(EmailMessage & { hasHtml: boolean }) | null> {
  await queueReplyEmail(app, tx, ticket, item, { opening: true });
  const email = tx.getUnitOfWork().getById(EmailMessage, item.id);
  return email ? { ...email, hasHtml: false } : null;
}

/**
 * Emails an agent's reply when the domain's rule says it goes out (replyEmailDecision), inside the reply's
 * own transaction: the composed letter goes into the outbox and the reply gets its email row (direction
 * 'out', 'queued'), so a reply that committed is never left without its letter, and a reply that rolled
 * back sends nothing. When no mail server can send it (no SMTP_URL, no sending mailbox for the department),
 * the letter is held in the outbox all the same and the row says `awaiting_server`: the reply shows that it
 * has not gone, and it goes out once a server is configured (releaseWaitingReplies). Answers the letter when one
 * is ready to send (the caller hands it to the outbox after commit), null when none is.
 */
export async function queueReplyEmail(
  app: AppContext,
  tx: Em,
  ticket: Ticket,
  item: ThreadItem,
  choices: LetterChoices = {},
  known?: { readonly context?: ReplyLetterContext; readonly files?: readonly Attachment[] },
): Promise<OutboxMail | null> {
  const context = known?.context ?? (await replyLetterContext(tx, ticket.id, item.authorAgent ?? null));
  const contactAddress = context.contact?.email ?? null;
  const answered = context.answered;
  const decision = replyEmailDecision({
    itemKind: item.kind,
    ticket: { internal: ticket.internal, channel: ticket.channel },
    contactAddress,
    // Asked only when it can matter: with Redis it is a round trip to every instance.
    visitorConnected: ticket.channel === 'chat' && item.kind === 'agent_reply' && !ticket.internal && contactAddress ? await chatVisitorConnected(app, tx, ticket.id) : false,
    automatic: item.authorAgent === null || item.authorAgent === undefined,
    newestLetterAutomated: answered?.automated ?? null,
  });
  if (!decision.send || !contactAddress) return null;

  // Reply to all: the addresses the agent chose (To defaults to the customer), and the ticket's CC as chosen.
  const chosenTo = item.recipientsTo ?? [];
  const to = chosenTo.length > 0 ? chosenTo : [contactAddress];
  const cc = (item.recipientsCc ?? []).filter((address) => !to.includes(address));
  const mailFrom = app.config.mail?.from ?? null;
  const sender = context.mailbox ?? (mailFrom ? parseSender(mailFrom) : null);
  const subject = choices.subject !== undefined ? chosenLetterSubject(choices.subject, ticket.id) : outgoingSubject(ticket.subject, ticket.id, !choices.opening);
  if (!sender) {
    // Composed when a server is there: the sender's address (and the Message-ID's domain) depend on it.
    tx.create(EmailMessage, {
      threadItem: item.id,
      ticketId: ticket.id,
      messageId: formatMessageId(ticket.id, item.id, randomBytes(6).toString('hex'), 'awaiting-server.invalid'),
      inReplyTo: answered?.messageId ?? null,
      references: replyReferences(answered ? { messageId: answered.messageId, references: answered.references } : null),
      fromAddress: null,
      fromName: null,
      to,
      cc,
      replyTo: [],
      subject,
      html: null,
      automated: null,
      inboundMailId: null,
      direction: 'out',
      deliveryState: 'awaiting_server',
    });
    app.outbox.hold(tx, { recipient: to[0]!, subject: truncateText(subject, 500), text: item.body, purpose: 'reply', ticketId: ticket.id, threadItemId: item.id });
    return null;
  }
  const letter = await composeReply(app, tx, {
    ticket,
    item,
    sender,
    answered,
    to,
    cc,
    subject,
    names: { authorName: context.authorName, departmentName: context.departmentName },
    ...(known?.files ? { files: known.files } : {}),
  });
  tx.create(EmailMessage, {
    threadItem: item.id,
    ticketId: ticket.id,
    messageId: letter.messageId,
    inReplyTo: letter.inReplyTo,
    references: letter.references,
    fromAddress: sender.address,
    fromName: letter.fromName,
    to,
    cc,
    replyTo: [],
    subject: letter.subject,
    html: null,
    automated: null,
    inboundMailId: null,
    direction: 'out',
    deliveryState: 'queued',
  });
  return app.outbox.queue(tx, {
    recipient: to[0]!,
    subject: truncateText(letter.subject, 500),
    text: item.body,
    purpose: 'reply',
    ticketId: ticket.id,
    threadItemId: item.id,
    raw: letter.raw,
    mailboxId: sender.mailboxId,
  });
}

/** The customer's newest letter before the reply: the one it answers (threading headers, auto-reply rule). */
export async function answeredLetter(tx: Em, ticketId: number, beforeItemId: number): Promise<Pick<EmailMessage, 'messageId' | 'references' | 'automated'> | null> {
  return tx.findOne(
    EmailMessage,
    { ticketId, direction: 'in', threadItem: { $lt: beforeItemId } },
    { orderBy: { threadItem: 'desc' }, fields: ['threadItem', 'messageId', 'references', 'automated'] },
  );
}

/** A reply's letter as it goes out, composed once (see composeReplyLetter) with the headers the email row keeps. */
export interface ComposedReply {
  readonly messageId: string;
  readonly inReplyTo: string | null;
  readonly references: string[];
  readonly subject: string;
  readonly fromName: string;
  readonly raw: { readonly message: string; readonly envelopeFrom: string; readonly envelopeTo: readonly string[] };
}

/** Composes the letter of a reply from `sender` to `to` and `cc`, answering `answered`. */
export async function composeReply(
  app: AppContext,
  tx: Em,
  input: {
    readonly ticket: Ticket;
    readonly item: ThreadItem;
    readonly sender: MailSender;
    readonly answered: Pick<EmailMessage, 'messageId' | 'references'> | null;
    readonly to: readonly string[];
    readonly cc: readonly string[];
    /** The letter's subject as chosen when the reply was written (held replies keep theirs). */
    readonly subject: string;
    /** The author's and department's names when already read (a reply's context); read here when not. */
    readonly names?: { readonly authorName: string | null; readonly departmentName: string | null };
    /** The reply's files when known (a reply that bound none has none); read here when not. */
    readonly files?: readonly Attachment[];
  },
): Promise<ComposedReply> {
  const { ticket, item, sender, answered, to, cc, subject } = input;
  const [agent, department] = input.names
    ? [{ name: input.names.authorName }, { name: input.names.departmentName }]
    : await Promise.all([
        item.authorAgent ? tx.findOne(Agent, { id: item.authorAgent }, { fields: ['id', 'name'] }) : null,
        ticket.departmentId ? tx.findOne(Department, { id: ticket.departmentId }, { fields: ['id', 'name'] }) : null,
      ]);
  const domain = sender.address.split('@')[1] ?? 'parley.invalid';
  const messageId = formatMessageId(ticket.id, item.id, randomBytes(6).toString('hex'), domain);
  const references = replyReferences(answered ? { messageId: answered.messageId, references: answered.references } : null);
  const fromName = replySenderName(agent?.name ?? sender.name ?? 'Parley', department?.name ?? null);
  const files = input.files
    ? [...input.files].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id))
    : await tx.find(Attachment, { threadItem: item.id }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  const attachments = await Promise.all(
    files.map(async (file) => ({ filename: cleanFileName(file.filename), contentType: file.contentType, content: await app.storage.read(file.storageKey) })),
  );
  const message = await composeReplyLetter({
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
    // The customer's way back to this ticket in the portal (in the survey letters' language: the desk's own).
    ...(ticket.internal ? {} : { portalLink: { url: app.portalKeys.ticketUrl(ticket.id), locale: (await app.satisfactionSettings.read(tx)).locale } }),
  });
  return { messageId, inReplyTo: answered?.messageId ?? null, references, subject, fromName, raw: { message, envelopeFrom: sender.address, envelopeTo: [...to, ...cc] } };
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
