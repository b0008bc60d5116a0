import { createHash, randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import {
  chooseThread,
  DomainError,
  ErrorCodes,
  type InboundMailPlan,
  onCustomerMessage,
  openCustomerTicket,
  planInboundMail,
  referencedMessageIds,
  type TicketAudienceSnapshot,
  ticketNumberInSubject,
  truncateText,
  cleanFileName,
} from '@parley/domain';
import type { AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { rowsInPages } from '../../db/rows-in-pages.js';
import { resolveContactRef } from '../contacts/contact.service.js';
import { defaultDepartmentId } from '../organisation/department.repository.js';
import { ThreadItem, type Ticket } from '../tickets/ticket.entity.js';
import { toTicketState } from '../tickets/ticket.presenter.js';
import { audienceSnapshot } from '../tickets/ticket-transaction.js';
import { threadRow } from '../tickets/ticket-row-columns.js';
import { EmailMessage, InboundMail } from './email.entity.js';
import { inMailTransaction, type MailRows } from './mail-rows.js';
import { senderIsBlocked } from '../spam/sender-blocks.js';
import { type AutoAssignmentPlan, autoAssignOpened, planAutoAssignment } from '../automation/auto-assign.js';
import { runTriggersForEvent } from '../automation/apply-triggers.js';
import type { TicketWork } from '../tickets/ticket-transaction.js';
import { type ParsedAttachment, type ParsedEmail, parseEmail } from './parse-email.js';

/** Where a letter came in, and what Parley itself is called there (never kept as a CC of the ticket). */
export interface MailSource {
  /** A mailbox's name, or `import`. */
  readonly source: string;
  /** The department new tickets from it go to; the default department when null. */
  readonly departmentId: number | null;
  readonly ownAddresses: readonly string[];
}

export type IngestOutcome =
  | { readonly result: 'created' | 'appended'; readonly inboundMailId: number; readonly ticketId: number; readonly itemId: number }
  | { readonly result: 'bounced'; readonly inboundMailId: number; readonly ticketId: number; readonly itemId: number }
  | { readonly result: 'ignored'; readonly inboundMailId: number; readonly reason: string }
  /** The same letter (Message-ID, else the same bytes) was stored before: nothing new happened. */
  | { readonly result: 'duplicate'; readonly inboundMailId: number; readonly ticketId: number | null };

const SUBJECT_MAX = 250;

/**
 * Takes one raw letter: stores it first (bytes on disk, then a pending row keyed by its Message-ID), then
 * files it on a ticket in one transaction that also marks it processed. The same letter again — a second
 * delivery, an IMAP re-fetch, a retry after a crash — is recognised by its key and files nothing twice; a
 * stored letter still pending (the process died mid-way) is finished by `processPendingMail`.
 */
export async function ingestRawMail(app: AppContext, raw: Buffer, source: MailSource): Promise<IngestOutcome> {
  const prepared = await prepareInbound(app, raw, source);
  return 'result' in prepared ? prepared : fileInbound(app, prepared);
}

/** A stored letter with its files on disk, ready to be filed on a ticket. */
export interface PreparedLetter {
  readonly inboundMailId: number;
  readonly parsed: ParsedEmail;
  readonly source: MailSource;
  readonly files: readonly { attachment: ParsedAttachment; storageKey: string }[];
}

/**
 * The first half of taking a letter in, which does not depend on other letters: parse it, store it (or find
 * it stored already), and write its files. Several letters may be prepared at once (the import does, to keep
 * the disk busy); filing must then follow in their order, so a reply finds the letter it answers.
 */
export async function prepareInbound(app: AppContext, raw: Buffer, source: MailSource): Promise<PreparedLetter | IngestOutcome> {
  if (raw.length > app.config.limits.mailBytes) {
    throw new DomainError(ErrorCodes.requestTooLarge, `A letter may be at most ${app.config.limits.mailBytes} bytes.`, { size: raw.length });
  }
  const parsed = await parseEmail(raw);
  const sha256 = createHash('sha256').update(raw).digest('hex');
  const dedupeKey = truncateText(parsed.messageId ?? `sha256:${sha256}`, 255);
  const em = app.orm.em.fork() as Em;
  const known = await em.findOne(InboundMail, { dedupeKey }, { fields: ['id', 'state', 'ticketId'] });
  if (known && known.state !== 'pending') return { result: 'duplicate', inboundMailId: known.id, ticketId: known.ticketId ?? null };
  const inbound = known ?? (await storeRaw(app, em, raw, { dedupeKey, messageId: parsed.messageId, sha256, source }));
  if ('result' in inbound) return inbound;
  const files = await Promise.all(parsed.attachments.map(async (attachment) => ({ attachment, storageKey: await writeFile(app, attachment.content) })));
  return { inboundMailId: inbound.id, parsed, source, files };
}

/** Writes the raw bytes and the pending row. A concurrent store of the same letter wins the key; this one is then a duplicate. */
async function storeRaw(
  app: AppContext,
  em: Em,
  raw: Buffer,
  facts: { dedupeKey: string; messageId: string | null; sha256: string; source: MailSource },
): Promise<InboundMail | IngestOutcome> {
  const storageKey = await writeFile(app, raw);
  try {
    const row: Omit<InboundMail, 'id'> = {
      dedupeKey: facts.dedupeKey,
      messageId: facts.messageId ? truncateText(facts.messageId, 255) : null,
      sha256: facts.sha256,
      storageKey,
      size: raw.length,
      source: truncateText(facts.source.source, 100),
      departmentId: facts.source.departmentId,
      state: 'pending',
      detail: null,
      ticketId: null,
      threadItemId: null,
      receivedAt: app.clock.now(),
      processedAt: null,
    };
    const id = await em.insert(InboundMail, row);
    return { id, ...row } as InboundMail;
  } catch (error) {
    await app.storage.remove(storageKey);
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    const winner = await em.fork().findOneOrFail(InboundMail, { dedupeKey: facts.dedupeKey });
    return { result: 'duplicate', inboundMailId: winner.id, ticketId: winner.ticketId ?? null };
  }
}

async function writeFile(app: AppContext, content: Buffer): Promise<string> {
  const key = app.storage.newKey();
  await app.storage.write(key, content);
  return key;
}

/**
 * Finishes letters stored but not filed (the process stopped between the two): at start-up and on a
 * schedule. A letter that cannot be filed now is logged and left pending for the next sweep, after the
 * others: one such letter at the front stopped every sweep before any letter behind it. Answers how many
 * were filed.
 */
export async function processPendingMail(app: AppContext, batchSize = 100): Promise<number> {
  const em = app.orm.em.fork() as Em;
  let filed = 0;
  const pending = rowsInPages(batchSize, (after: number | null, limit) => em.find(InboundMail, { state: 'pending', id: { $gt: after ?? 0 } }, { orderBy: { id: 'asc' }, limit }), (row) => row.id);
  for await (const row of pending) {
    try {
      await filePending(app, row);
      filed++;
    } catch (error) {
      app.logger.error({ err: error, inboundMailId: row.id }, 'a stored letter could not be filed; the next sweep tries again');
    }
  }
  return filed;
}

async function filePending(app: AppContext, row: InboundMail): Promise<void> {
  const raw = await app.storage.read(row.storageKey);
  const parsed = await parseEmail(raw);
  const source = { source: row.source, departmentId: row.departmentId ?? null, ownAddresses: [] };
  const files = await Promise.all(parsed.attachments.map(async (attachment) => ({ attachment, storageKey: await writeFile(app, attachment.content) })));
  await fileInbound(app, { inboundMailId: row.id, parsed, source, files });
}

/** What to announce once the filing transaction has committed. */
type Announcement =
  | { readonly created: true; readonly ticketId: number; readonly itemIds: readonly number[]; readonly autoAssignedTo: number | null }
  | { readonly created: false; readonly ticketId: number; readonly previous: TicketAudienceSnapshot; readonly previousStatus: Ticket['status']; readonly itemIds: readonly number[] };

interface Filed {
  readonly outcome: IngestOutcome;
  readonly announce: Announcement | null;
  /** What the triggers listening to the letter did, in the same transaction, to announce after commit. */
  readonly ruled?: TicketWork | null;
  /** The sender's contact, when this letter made it. */
  readonly newContactId?: number | null;
}

/**
 * Files a stored letter in one transaction: decides its ticket, writes the thread item, its email row and
 * its files, and marks the stored letter processed. Files are written to disk before the transaction and
 * removed again if it fails or files nothing.
 */
export async function fileInbound(app: AppContext, letter: PreparedLetter): Promise<IngestOutcome> {
  const { inboundMailId, parsed, source, files } = letter;
  let filed: Filed;
  try {
    const em = app.orm.em.fork() as Em;
    // Read before the transaction, so the write lock is held only for the writes.
    const departmentId = source.departmentId ?? (await defaultDepartmentId(em));
    const assignment = await planAutoAssignment(app, departmentId, 'email');
    filed = await inMailTransaction(em, (rows, tx) => fileInTransaction(app, tx, rows, inboundMailId, parsed, { ...source, departmentId }, files, assignment));
  } catch (error) {
    await Promise.all(files.map((f) => app.storage.remove(f.storageKey)));
    throw error;
  }
  if (!filed.announce) {
    await Promise.all(files.map((f) => app.storage.remove(f.storageKey)));
    // A bounce of one of our replies: the ticket's agents see the reply failed (and may retry it).
    if (filed.outcome.result === 'bounced') {
      app.events.publish('email.delivery_changed', { ticketId: filed.outcome.ticketId, itemId: filed.outcome.itemId, state: 'bounced' });
    }
    return filed.outcome;
  }
  const { ticketId, itemIds } = filed.announce;
  if (filed.newContactId) app.events.publish('contact.created', { contactId: filed.newContactId });
  if (filed.announce.created) {
    app.events.publish('ticket.created', { ticketId });
    if (filed.announce.autoAssignedTo !== null) app.events.publish('ticket.assigned', { ticketId, agentId: filed.announce.autoAssignedTo, byAgentId: null });
  } else app.events.publish('ticket.updated', { ticketId, previous: filed.announce.previous, previousStatus: filed.announce.previousStatus });
  for (const itemId of itemIds) app.events.publish('thread.item_created', { ticketId, itemId });
  filed.ruled?.publish(app);
  return filed.outcome;
}


async function fileInTransaction(
  app: AppContext,
  em: Em,
  rows: MailRows,
  inboundMailId: number,
  parsed: ParsedEmail,
  source: MailSource,
  files: readonly { attachment: ParsedAttachment; storageKey: string }[],
  assignment: AutoAssignmentPlan | null,
): Promise<Filed> {
  const at = app.clock.now();
  const inbound = await rows.lockInbound(inboundMailId);
  if (inbound?.state !== 'pending') return { outcome: { result: 'duplicate', inboundMailId, ticketId: inbound?.ticketId ?? null }, announce: null };
  const plan = await planFor(rows, parsed);
  const finish = (state: InboundMail['state'], detail: string | null, ticketId: number | null, threadItemId: number | null) =>
    rows.updateInbound(inboundMailId, { state, detail: detail ? truncateText(detail, 500) : null, ticketId, threadItemId, processedAt: at });

  if (plan.kind === 'ignore') {
    await finish('ignored', plan.reason, null, null);
    return { outcome: { result: 'ignored', inboundMailId, reason: plan.reason }, announce: null };
  }
  if (plan.kind === 'mark_bounced') {
    await rows.markDelivery(plan.outgoingItemId, 'bounced');
    await finish('processed', 'bounce', plan.ticketId, plan.outgoingItemId);
    return { outcome: { result: 'bounced', inboundMailId, ticketId: plan.ticketId, itemId: plan.outgoingItemId }, announce: null };
  }

  const sender = parsed.from ?? parsed.replyTo[0] ?? null;
  if (!sender) {
    const reason = 'No sender address could be read.';
    await finish('ignored', reason, null, null);
    return { outcome: { result: 'ignored', inboundMailId, reason }, announce: null };
  }
  const contact = await resolveContactRef(em, { email: sender.address, ...(sender.name ? { name: truncateText(sender.name, 200) } : {}) }, rows);
  const own = new Set(source.ownAddresses.map((a) => a.toLowerCase()));
  const copies = [...parsed.to, ...parsed.cc].map((a) => a.address).filter((a) => !own.has(a) && a !== sender.address);
  const body = (parsed.text ?? '').trim() || '(no text)';

  let ticketId: number;
  let announce: Announcement;
  const itemIds: number[] = [];
  if (plan.kind === 'create_ticket') {
    const departmentId = inbound.departmentId ?? source.departmentId;
    const opened = await autoAssignOpened(em, assignment?.departmentId === departmentId ? assignment : null, openCustomerTicket(
      {
        subject: truncateText(parsed.subject || '(no subject)', SUBJECT_MAX),
        channel: 'email',
        contactId: contact.id,
        createdByAgentId: null,
        destination: { departmentId, agentId: null },
        agent: null,
      },
      at,
    ), at);
    const cc = [...new Set(copies)].slice(0, 50);
    const row = { ...opened.state, subject: opened.subject, tags: [], cc, clientId: null, customerTokenHash: null, updatedAt: at };
    ({ id: ticketId } = await rows.insertTicket(row));
    // A blocked sender's new request goes straight to spam (their letters on an existing ticket stay there).
    if (await senderIsBlocked(em, sender.address)) await rows.updateTicket({ ...row, id: ticketId, folder: 'inbox' } as unknown as Ticket, { folder: 'spam', folderChangedAt: at });
    for (const event of opened.events) itemIds.push(await rows.insertThreadItem(threadRow(ticketId, at, { kind: 'system_event', systemEvent: event })));
    announce = { created: true, ticketId, itemIds, autoAssignedTo: opened.state.assignedAgentId };
  } else {
    const ticket = await rows.ticket(plan.ticketId);
    if (!ticket) throw new Error(`ticket ${plan.ticketId} vanished while filing a letter`);
    ticketId = ticket.id;
    const previousStatus = ticket.status;
    // An auto-reply joins the thread without moving the ticket (an out-of-office answer does not reopen it).
    const change = plan.reopens && !ticket.internal ? onCustomerMessage(toTicketState(ticket), at) : null;
    for (const event of change?.events ?? []) itemIds.push(await rows.insertThreadItem(threadRow(ticketId, at, { kind: 'system_event', systemEvent: event })));
    const cc = [...new Set([...ticket.cc, ...copies])].slice(0, 50);
    await rows.updateTicket(ticket, { ...(change?.patch ?? {}), ...(cc.length !== ticket.cc.length ? { cc } : {}), updatedAt: at });
    announce = { created: false, ticketId, previous: audienceSnapshot(ticket), previousStatus, itemIds };
  }
  const fileNames = files.map(({ attachment }) => truncateText(cleanFileName(attachment.filename), 255));
  const itemId = await rows.insertThreadItem(threadRow(ticketId, at, { kind: 'customer_message', body, authorContact: contact.id }, fileNames));
  itemIds.push(itemId);
  await rows.insertEmailMessage({
    threadItem: itemId,
    ticketId,
    messageId: truncateText(parsed.messageId ?? `<inbound.${inboundMailId}@parley.invalid>`, 255),
    inReplyTo: parsed.inReplyTo ? truncateText(parsed.inReplyTo, 255) : null,
    references: parsed.references.slice(-50),
    fromAddress: sender.address,
    fromName: sender.name ? truncateText(sender.name, 200) : null,
    to: parsed.to.map((a) => a.address),
    cc: parsed.cc.map((a) => a.address),
    replyTo: parsed.replyTo.map((a) => a.address),
    subject: truncateText(parsed.subject, 500),
    html: parsed.html,
    automated: parsed.automated,
    inboundMailId,
    direction: 'in',
    deliveryState: 'received',
  });
  for (const [i, { attachment, storageKey }] of files.entries()) {
    await rows.insertAttachment({
      id: randomUUID(),
      filename: fileNames[i]!,
      contentType: truncateText(attachment.contentType, 255),
      size: attachment.content.length,
      sha256: createHash('sha256').update(attachment.content).digest('hex'),
      storageKey,
      threadItem: itemId,
      createdAt: at,
    });
  }
  // Rules listening to the letter act in its transaction (nothing is read when none listens).
  const ruled = await runTriggersForEvent(app, em, ticketId, plan.kind === 'create_ticket' ? 'ticket_created' : 'customer_message', body);
  await finish('processed', null, ticketId, itemId);
  return { outcome: { result: plan.kind === 'create_ticket' ? 'created' : 'appended', inboundMailId, ticketId, itemId }, announce, ruled, newContactId: contact.created ? contact.id : null };
}

/** Gathers the evidence for the domain's threading and filing rules. */
async function planFor(rows: MailRows, parsed: ParsedEmail): Promise<InboundMailPlan> {
  let bouncedOutgoing: { ticketId: number; itemId: number } | null = null;
  if (parsed.automated === 'bounce' && parsed.bouncedMessageIds.length > 0) {
    const ours = (await rows.emailsByMessageId(parsed.bouncedMessageIds)).find((e) => e.direction === 'out');
    if (ours) bouncedOutgoing = { ticketId: ours.ticketId, itemId: ours.threadItem };
  }
  const referenced = referencedMessageIds(parsed.inReplyTo, parsed.references);
  const known = referenced.length > 0 ? await rows.emailsByMessageId(referenced) : [];
  const first = referenced.map((id) => known.find((k) => k.messageId === id)).find((k) => k !== undefined);
  const ticketByMessageId = first?.ticketId ?? null;
  const number = ticketNumberInSubject(parsed.subject);
  const subjectTicket = number !== null && ticketByMessageId === null ? await rows.ticketParticipants(number) : null;
  const thread = chooseThread({ ticketByMessageId, subjectTicket, sender: parsed.from?.address ?? '' });
  return planInboundMail({ automated: parsed.automated, thread, bouncedOutgoing });
}

/** The thread items of a ticket with their email rows, for tests and the console's email view. */
export async function emailRowsOf(em: Em, ticketId: number): Promise<{ item: ThreadItem; email: EmailMessage | null }[]> {
  const items = await em.find(ThreadItem, { ticket: ticketId }, { orderBy: { id: 'asc' } });
  const emails = await em.find(EmailMessage, { ticketId });
  return items.map((item) => ({ item, email: emails.find((e) => e.threadItem === item.id) ?? null }));
}
