import { createHash } from 'node:crypto';
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
  ticketNumberInSubject,
} from '@parley/domain';
import type { AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { Attachment } from '../attachments/attachment.entity.js';
import { ContactEmail } from '../contacts/contact.entity.js';
import { resolveContactRef } from '../contacts/contact.service.js';
import { defaultDepartmentId } from '../organisation/department.repository.js';
import { ThreadItem, Ticket } from '../tickets/ticket.entity.js';
import { TicketWork } from '../tickets/ticket-transaction.js';
import { EmailMessage, InboundMail } from './email.entity.js';
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
  if (raw.length > app.config.limits.mailBytes) {
    throw new DomainError(ErrorCodes.requestTooLarge, `A letter may be at most ${app.config.limits.mailBytes} bytes.`, { size: raw.length });
  }
  const parsed = await parseEmail(raw);
  const sha256 = createHash('sha256').update(raw).digest('hex');
  const dedupeKey = (parsed.messageId ?? `sha256:${sha256}`).slice(0, 255);
  const em = app.orm.em.fork() as Em;
  const known = await em.findOne(InboundMail, { dedupeKey });
  if (known && known.state !== 'pending') return { result: 'duplicate', inboundMailId: known.id, ticketId: known.ticketId ?? null };
  const inbound = known ?? (await storeRaw(app, em, raw, { dedupeKey, messageId: parsed.messageId, sha256, source }));
  if ('result' in inbound) return inbound;
  return fileInbound(app, inbound.id, parsed, source);
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
    const row = em.create(InboundMail, {
      dedupeKey: facts.dedupeKey,
      messageId: facts.messageId?.slice(0, 255) ?? null,
      sha256: facts.sha256,
      storageKey,
      size: raw.length,
      source: facts.source.source.slice(0, 100),
      departmentId: facts.source.departmentId,
      state: 'pending',
      detail: null,
      ticketId: null,
      threadItemId: null,
      receivedAt: app.clock.now(),
      processedAt: null,
    });
    await em.flush();
    return row;
  } catch (error) {
    await app.storage.remove(storageKey);
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    const winner = await em.fork().findOneOrFail(InboundMail, { dedupeKey: facts.dedupeKey });
    return { result: 'duplicate', inboundMailId: winner.id, ticketId: winner.ticketId ?? null };
  }
}

async function writeFile(app: AppContext, content: Buffer): Promise<string> {
  const key = app.storage.newKey();
  const out = await app.storage.openWrite(key);
  await new Promise<void>((resolve, reject) => {
    out.once('error', reject);
    out.end(content, () => resolve());
  });
  return key;
}

/** Finishes letters stored but not filed (the process stopped between the two): at start-up and on a schedule. */
export async function processPendingMail(app: AppContext, limit = 100): Promise<number> {
  const em = app.orm.em.fork() as Em;
  const pending = await em.find(InboundMail, { state: 'pending' }, { orderBy: { id: 'asc' }, limit });
  for (const row of pending) {
    const raw = await readAll(app.storage.openRead(row.storageKey));
    const parsed = await parseEmail(raw);
    await fileInbound(app, row.id, parsed, { source: row.source, departmentId: row.departmentId ?? null, ownAddresses: [] });
  }
  return pending.length;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

interface Filed {
  readonly outcome: IngestOutcome;
  readonly work: TicketWork | null;
}

/**
 * Files a stored letter in one transaction: decides its ticket, writes the thread item, its email row and
 * its files, and marks the stored letter processed. Files are written to disk before the transaction and
 * removed again if it fails.
 */
async function fileInbound(app: AppContext, inboundMailId: number, parsed: ParsedEmail, source: MailSource): Promise<IngestOutcome> {
  const files = await Promise.all(parsed.attachments.map(async (attachment) => ({ attachment, storageKey: await writeFile(app, attachment.content) })));
  let filed: Filed;
  try {
    filed = await app.orm.em.fork().transactional(async (tx) => fileInTransaction(app, tx as Em, inboundMailId, parsed, source, files));
  } catch (error) {
    await Promise.all(files.map((f) => app.storage.remove(f.storageKey)));
    throw error;
  }
  if (!filed.work) await Promise.all(files.map((f) => app.storage.remove(f.storageKey)));
  if (filed.work?.changed) filed.work.publish(app);
  return filed.outcome;
}

async function fileInTransaction(
  app: AppContext,
  tx: Em,
  inboundMailId: number,
  parsed: ParsedEmail,
  source: MailSource,
  files: readonly { attachment: ParsedAttachment; storageKey: string }[],
): Promise<Filed> {
  const at = app.clock.now();
  const inbound = await tx.findOneOrFail(InboundMail, { id: inboundMailId });
  if (inbound.state !== 'pending') return { outcome: { result: 'duplicate', inboundMailId, ticketId: inbound.ticketId ?? null }, work: null };
  const plan = await planFor(tx, parsed);
  const finish = (state: InboundMail['state'], detail: string | null, ticketId: number | null, itemId: number | null) => {
    inbound.state = state;
    inbound.detail = detail?.slice(0, 500) ?? null;
    inbound.ticketId = ticketId;
    inbound.threadItemId = itemId;
    inbound.processedAt = at;
  };

  if (plan.kind === 'ignore') {
    finish('ignored', plan.reason, null, null);
    await tx.flush();
    return { outcome: { result: 'ignored', inboundMailId, reason: plan.reason }, work: null };
  }
  if (plan.kind === 'mark_bounced') {
    const outgoing = await tx.findOneOrFail(EmailMessage, { threadItem: plan.outgoingItemId });
    outgoing.deliveryState = 'bounced';
    finish('processed', 'bounce', plan.ticketId, plan.outgoingItemId);
    await tx.flush();
    return { outcome: { result: 'bounced', inboundMailId, ticketId: plan.ticketId, itemId: plan.outgoingItemId }, work: null };
  }

  const sender = parsed.from ?? parsed.replyTo[0] ?? null;
  if (!sender) {
    finish('ignored', 'No sender address could be read.', null, null);
    await tx.flush();
    return { outcome: { result: 'ignored', inboundMailId, reason: 'No sender address could be read.' }, work: null };
  }
  const contact = await resolveContactRef(tx, { email: sender.address, ...(sender.name ? { name: sender.name.slice(0, 200) } : {}) });
  const own = new Set(source.ownAddresses.map((a) => a.toLowerCase()));
  const copies = [...parsed.to, ...parsed.cc].map((a) => a.address).filter((a) => !own.has(a) && a !== sender.address);
  const body = (parsed.text ?? '').trim() || '(no text)';

  let work: TicketWork;
  if (plan.kind === 'create_ticket') {
    const departmentId = inbound.departmentId ?? source.departmentId ?? (await defaultDepartmentId(tx));
    const opened = openCustomerTicket(
      {
        subject: (parsed.subject || '(no subject)').slice(0, SUBJECT_MAX),
        channel: 'email',
        contactId: contact.id,
        createdByAgentId: null,
        destination: { departmentId, agentId: null },
        agent: null,
      },
      at,
    );
    const ticket = tx.create(Ticket, { ...opened.state, subject: opened.subject, tags: [], cc: [...new Set(copies)].slice(0, 50), clientId: null, customerTokenHash: null, updatedAt: at });
    await tx.flush();
    work = new TicketWork(tx, ticket, at, null, true);
    work.recordEvents(opened.events);
  } else {
    const ticket = await tx.findOneOrFail(Ticket, { id: plan.ticketId });
    work = new TicketWork(tx, ticket, at, null);
    // An auto-reply joins the thread without moving the ticket (an out-of-office answer does not reopen it).
    if (plan.reopens && !ticket.internal) work.apply(onCustomerMessage(ticket, at));
    const cc = [...new Set([...ticket.cc, ...copies])].slice(0, 50);
    if (cc.length !== ticket.cc.length) {
      ticket.cc = cc;
      work.markChanged();
    }
    work.touch();
  }
  const item = work.append({ kind: 'customer_message', body, authorContact: contact.id });
  await tx.flush();
  tx.create(EmailMessage, {
    threadItem: item.id,
    ticketId: work.ticket.id,
    messageId: (parsed.messageId ?? `<inbound.${inboundMailId}@parley.invalid>`).slice(0, 255),
    inReplyTo: parsed.inReplyTo?.slice(0, 255) ?? null,
    references: parsed.references.slice(-50),
    fromAddress: sender.address,
    fromName: sender.name?.slice(0, 200) ?? null,
    to: parsed.to.map((a) => a.address),
    cc: parsed.cc.map((a) => a.address),
    replyTo: parsed.replyTo.map((a) => a.address),
    subject: parsed.subject.slice(0, 500),
    html: parsed.html,
    automated: parsed.automated,
    inboundMailId,
    direction: 'in',
    deliveryState: 'received',
  });
  for (const { attachment, storageKey } of files) {
    tx.create(Attachment, {
      id: crypto.randomUUID(),
      filename: attachment.filename.slice(0, 255),
      contentType: attachment.contentType.slice(0, 255),
      size: attachment.content.length,
      sha256: createHash('sha256').update(attachment.content).digest('hex'),
      storageKey,
      uploadedByAgent: null,
      threadItem: item.id,
      teamMessage: null,
    } as never);
  }
  finish('processed', null, work.ticket.id, item.id);
  await tx.flush();
  return { outcome: { result: plan.kind === 'create_ticket' ? 'created' : 'appended', inboundMailId, ticketId: work.ticket.id, itemId: item.id }, work };
}

/** Gathers the evidence for the domain's threading and filing rules. */
async function planFor(tx: Em, parsed: ParsedEmail): Promise<InboundMailPlan> {
  let bouncedOutgoing: { ticketId: number; itemId: number } | null = null;
  if (parsed.automated === 'bounce' && parsed.bouncedMessageIds.length > 0) {
    const ours = await tx.findOne(EmailMessage, { messageId: { $in: [...parsed.bouncedMessageIds] }, direction: 'out' });
    if (ours) bouncedOutgoing = { ticketId: ours.ticketId, itemId: ours.threadItem };
  }
  const referenced = referencedMessageIds(parsed.inReplyTo, parsed.references);
  let ticketByMessageId: number | null = null;
  if (referenced.length > 0) {
    const known = await tx.find(EmailMessage, { messageId: { $in: referenced } }, { fields: ['threadItem', 'ticketId', 'messageId'] });
    const first = referenced.map((id) => known.find((k) => k.messageId === id)).find((k) => k !== undefined);
    ticketByMessageId = first?.ticketId ?? null;
  }
  const number = ticketNumberInSubject(parsed.subject);
  let subjectTicket: { id: number; participants: string[] } | null = null;
  if (number !== null && ticketByMessageId === null) {
    const ticket = await tx.findOne(Ticket, { id: number, internal: false }, { fields: ['id', 'contactId', 'cc'] });
    if (ticket) {
      const emails = ticket.contactId ? await tx.find(ContactEmail, { contact: ticket.contactId }, { fields: ['email'] }) : [];
      subjectTicket = { id: ticket.id, participants: [...emails.map((e) => e.email), ...ticket.cc] };
    }
  }
  const thread = chooseThread({ ticketByMessageId, subjectTicket, sender: parsed.from?.address ?? '' });
  return planInboundMail({ automated: parsed.automated, thread, bouncedOutgoing });
}

/** The thread items of a ticket with their email rows, for tests and the console's email view. */
export async function emailRowsOf(em: Em, ticketId: number): Promise<{ item: ThreadItem; email: EmailMessage | null }[]> {
  const items = await em.find(ThreadItem, { ticket: ticketId }, { orderBy: { id: 'asc' } });
  const emails = await em.find(EmailMessage, { ticketId });
  return items.map((item) => ({ item, email: emails.find((e) => e.threadItem === item.id) ?? null }));
}
