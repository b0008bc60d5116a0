import { LockMode } from '@mikro-orm/core';
import type { TicketState } from '@parley/domain';
import type { Em } from '../../db/orm.js';
import { type NativeSqlite, nativeSqlite } from '../../db/sqlite-native.js';
import { Attachment } from '../attachments/attachment.entity.js';
import { ContactEmail } from '../contacts/contact.entity.js';
import { Ticket } from '../tickets/ticket.entity.js';
import { readSqliteTicket, type TicketRowWriter, ticketRowWriter, updateSqliteTicket } from '../tickets/ticket-rows.js';
import { EmailMessage, InboundMail } from './email.entity.js';

export type InboundMailRow = Omit<InboundMail, 'id'>;
export type EmailMessageRow = EmailMessage;
export interface AttachmentRow {
  readonly id: string;
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
  readonly storageKey: string;
  readonly threadItem: number;
  readonly createdAt: Date;
}
export type TicketPatch = Partial<Pick<Ticket, keyof TicketState | 'cc' | 'updatedAt'>>;

/**
 * The reads and writes of filing a letter, inside the caller's transaction. Filing is the import's and a
 * busy mailbox's hot path, so on SQLite it runs on statements prepared once on the driver's handle; on
 * PostgreSQL through the ORM's native queries. The logic that decides what to write lives in ingest-mail.ts
 * and is the same for both; both paths run in the test suites.
 */
export interface MailRows extends TicketRowWriter {
  /** The stored letter, locked for this transaction (PostgreSQL; SQLite's transaction is exclusive). */
  lockInbound(id: number): Promise<Pick<InboundMail, 'id' | 'state' | 'ticketId' | 'departmentId'> | null>;
  updateInbound(id: number, fields: Pick<InboundMail, 'state' | 'detail' | 'ticketId' | 'threadItemId' | 'processedAt'>): Promise<void>;
  /** Email rows with one of these Message-IDs: the tickets they are on, and which of them we sent. */
  emailsByMessageId(messageIds: readonly string[]): Promise<{ messageId: string; ticketId: number; threadItem: number; direction: 'in' | 'out' }[]>;
  /** A customer ticket by number, with the addresses that may write to it by its subject tag. */
  ticketParticipants(ticketId: number): Promise<{ id: number; participants: string[] } | null>;
  ticket(ticketId: number): Promise<Ticket | null>;
  updateTicket(ticketId: number, patch: TicketPatch): Promise<void>;
  insertEmailMessage(row: EmailMessageRow): Promise<void>;
  insertAttachment(row: AttachmentRow): Promise<void>;
  markDelivery(threadItemId: number, state: EmailMessage['deliveryState']): Promise<void>;
}

/** Runs `work` in one transaction with the rows writer for this database. */
export async function inMailTransaction<T>(em: Em, work: (rows: MailRows) => Promise<T>): Promise<T> {
  const native = nativeSqlite(em);
  if (native) return native.transaction(em, () => work(new SqliteMailRows(native, ticketRowWriter(em))));
  return em.transactional((tx) => work(new OrmMailRows(tx as Em)));
}

// ---- PostgreSQL (and any database without the native path): the ORM's native queries, no unit of work

class OrmMailRows implements MailRows {
  readonly #tickets: TicketRowWriter;

  constructor(private readonly em: Em) {
    this.#tickets = ticketRowWriter(em);
  }

  findContactIdByEmail(email: string) {
    return this.#tickets.findContactIdByEmail(email);
  }
  insertContact(name: string | null, email: string, at: Date) {
    return this.#tickets.insertContact(name, email, at);
  }
  updateContactName(id: number, name: string) {
    return this.#tickets.updateContactName(id, name);
  }
  insertTicket(row: Parameters<TicketRowWriter['insertTicket']>[0]) {
    return this.#tickets.insertTicket(row);
  }
  insertThreadItem(row: Parameters<TicketRowWriter['insertThreadItem']>[0]) {
    return this.#tickets.insertThreadItem(row);
  }
  insertTags(ticketId: number, tags: readonly string[]) {
    return this.#tickets.insertTags(ticketId, tags);
  }

  async lockInbound(id: number) {
    return this.em.findOne(InboundMail, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, fields: ['id', 'state', 'ticketId', 'departmentId'] } as never);
  }
  async updateInbound(id: number, fields: Pick<InboundMail, 'state' | 'detail' | 'ticketId' | 'threadItemId' | 'processedAt'>) {
    await this.em.nativeUpdate(InboundMail, { id }, fields);
  }
  async emailsByMessageId(messageIds: readonly string[]) {
    if (messageIds.length === 0) return [];
    const rows = await this.em.find(EmailMessage, { messageId: { $in: [...messageIds] } }, { fields: ['messageId', 'ticketId', 'threadItem', 'direction'] });
    return rows.map((r) => ({ messageId: r.messageId, ticketId: r.ticketId, threadItem: r.threadItem, direction: r.direction }));
  }
  async ticketParticipants(ticketId: number) {
    const ticket = await this.em.findOne(Ticket, { id: ticketId, internal: false }, { fields: ['id', 'contactId', 'cc'] });
    if (!ticket) return null;
    const emails = ticket.contactId ? await this.em.find(ContactEmail, { contact: ticket.contactId }, { fields: ['email'] }) : [];
    return { id: ticket.id, participants: [...emails.map((e) => e.email), ...ticket.cc] };
  }
  ticket(ticketId: number) {
    return this.em.findOne(Ticket, { id: ticketId });
  }
  async updateTicket(ticketId: number, patch: TicketPatch) {
    await this.em.nativeUpdate(Ticket, { id: ticketId }, patch);
  }
  async insertEmailMessage(row: EmailMessageRow) {
    await this.em.insert(EmailMessage, row);
  }
  async insertAttachment(row: AttachmentRow) {
    await this.em.insert(Attachment, { ...row, uploadedByAgent: null, teamMessage: null } as never);
  }
  async markDelivery(threadItemId: number, state: EmailMessage['deliveryState']) {
    await this.em.nativeUpdate(EmailMessage, { threadItem: threadItemId }, { deliveryState: state });
  }
}

// ---- SQLite: prepared statements on the native handle, inside the transaction it holds

/** SQLite stores what the entities map: epoch milliseconds for dates, 0/1 for booleans, JSON text. */
const ms = (d: Date | null | undefined): number | null => (d ? d.getTime() : null);
class SqliteMailRows implements MailRows {
  constructor(
    private readonly sqlite: NativeSqlite,
    private readonly tickets: TicketRowWriter,
  ) {}

  findContactIdByEmail(email: string) {
    return this.tickets.findContactIdByEmail(email);
  }
  insertContact(name: string | null, email: string, at: Date) {
    return this.tickets.insertContact(name, email, at);
  }
  updateContactName(id: number, name: string) {
    return this.tickets.updateContactName(id, name);
  }
  insertTicket(row: Parameters<TicketRowWriter['insertTicket']>[0]) {
    return this.tickets.insertTicket(row);
  }
  insertThreadItem(row: Parameters<TicketRowWriter['insertThreadItem']>[0]) {
    return this.tickets.insertThreadItem(row);
  }
  insertTags(ticketId: number, tags: readonly string[]) {
    return this.tickets.insertTags(ticketId, tags);
  }

  async lockInbound(id: number) {
    const row = this.sqlite.statement('select id, state, ticket_id, department_id from inbound_mail where id = ?').get(id) as
      | { id: number; state: InboundMail['state']; ticket_id: number | null; department_id: number | null }
      | undefined;
    return row ? { id: row.id, state: row.state, ticketId: row.ticket_id, departmentId: row.department_id } : null;
  }
  async updateInbound(id: number, f: Pick<InboundMail, 'state' | 'detail' | 'ticketId' | 'threadItemId' | 'processedAt'>) {
    this.sqlite
      .statement('update inbound_mail set state = ?, detail = ?, ticket_id = ?, thread_item_id = ?, processed_at = ? where id = ?')
      .run(f.state, f.detail ?? null, f.ticketId ?? null, f.threadItemId ?? null, ms(f.processedAt), id);
  }
  async emailsByMessageId(messageIds: readonly string[]) {
    const lookup = this.sqlite.statement('select message_id, ticket_id, thread_item_id, direction from email_message where message_id = ?');
    const found: { messageId: string; ticketId: number; threadItem: number; direction: 'in' | 'out' }[] = [];
    for (const id of messageIds.slice(0, 100)) {
      for (const row of lookup.all(id) as { message_id: string; ticket_id: number; thread_item_id: number; direction: 'in' | 'out' }[]) {
        found.push({ messageId: row.message_id, ticketId: row.ticket_id, threadItem: row.thread_item_id, direction: row.direction });
      }
    }
    return found;
  }
  async ticketParticipants(ticketId: number) {
    const ticket = this.sqlite.statement('select id, contact_id, cc from ticket where id = ? and internal = 0').get(ticketId) as
      | { id: number; contact_id: number | null; cc: string }
      | undefined;
    if (!ticket) return null;
    const emails = ticket.contact_id === null ? [] : (this.sqlite.statement('select email from contact_email where contact_id = ?').all(ticket.contact_id) as { email: string }[]);
    return { id: ticket.id, participants: [...emails.map((e) => e.email), ...(JSON.parse(ticket.cc) as string[])] };
  }
  async ticket(ticketId: number) {
    return readSqliteTicket(this.sqlite, ticketId);
  }
  async updateTicket(ticketId: number, patch: TicketPatch) {
    updateSqliteTicket(this.sqlite, ticketId, patch);
  }
  async insertEmailMessage(r: EmailMessageRow) {
    this.sqlite
      .statement(
        `insert into email_message (thread_item_id, ticket_id, message_id, in_reply_to, "references", from_address, from_name, "to", cc, reply_to,
           subject, html, automated, inbound_mail_id, direction, delivery_state) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        r.threadItem, r.ticketId, r.messageId, r.inReplyTo ?? null, JSON.stringify(r.references), r.fromAddress ?? null, r.fromName ?? null,
        JSON.stringify(r.to), JSON.stringify(r.cc), JSON.stringify(r.replyTo), r.subject, r.html ?? null, r.automated ?? null, r.inboundMailId ?? null,
        r.direction, r.deliveryState,
      );
  }
  async insertAttachment(r: AttachmentRow) {
    this.sqlite
      .statement('insert into attachment (id, filename, content_type, size, sha256, storage_key, thread_item_id, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(r.id, r.filename, r.contentType, r.size, r.sha256, r.storageKey, r.threadItem, r.createdAt.getTime());
  }
  async markDelivery(threadItemId: number, state: EmailMessage['deliveryState']) {
    this.sqlite.statement('update email_message set delivery_state = ? where thread_item_id = ?').run(state, threadItemId);
  }
}
