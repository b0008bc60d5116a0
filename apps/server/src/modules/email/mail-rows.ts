import type { Em } from '../../db/orm.js';
import { orOrmError } from '../../db/sql.js';
import { TicketRows, type TicketRowWriter } from '../tickets/ticket-rows.js';
import type { EmailMessage, InboundMail } from './email.entity.js';

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
/**
 * The reads and writes of filing a letter, inside the caller's transaction. Filing is the import's and a
 * busy mailbox's hot path, so it writes rows with the query builder on the transaction's connection (values
 * bound, no unit of work), the same code on SQLite and PostgreSQL. The logic that decides what to write
 * lives in ingest-mail.ts.
 */
export interface MailRows extends TicketRowWriter {
  /** The stored letter, locked for this transaction (a row lock on PostgreSQL; SQLite's writer is alone). */
  lockInbound(id: number): Promise<Pick<InboundMail, 'id' | 'state' | 'ticketId' | 'departmentId'> | null>;
  updateInbound(id: number, fields: Pick<InboundMail, 'state' | 'detail' | 'ticketId' | 'threadItemId' | 'processedAt'>): Promise<void>;
  /** Email rows with one of these Message-IDs: the tickets they are on, and which of them we sent. */
  emailsByMessageId(messageIds: readonly string[]): Promise<{ messageId: string; ticketId: number; threadItem: number; direction: 'in' | 'out' }[]>;
  /** A customer ticket by number, with the addresses that may write to it by its subject tag. */
  ticketParticipants(ticketId: number): Promise<{ id: number; participants: string[] } | null>;
  insertEmailMessage(row: EmailMessageRow): Promise<void>;
  insertAttachment(row: AttachmentRow): Promise<void>;
  markDelivery(threadItemId: number, state: EmailMessage['deliveryState']): Promise<void>;
}

/** Runs `work` in one transaction of `em`'s, with the rows writer bound to it. */
export function inMailTransaction<T>(em: Em, work: (rows: MailRows, tx: Em) => Promise<T>): Promise<T> {
  return em.transactional((tx) => work(mailRows(tx as Em), tx as Em));
}

export function mailRows(em: Em): MailRows {
  return new EmailRows(em);
}

class EmailRows extends TicketRows implements MailRows {
  async lockInbound(id: number) {
    let query = this.sql.db.selectFrom('inbound_mail').select(['id', 'state', 'ticket_id', 'department_id']).where('id', '=', id);
    if (this.sql.dialect === 'postgresql') query = query.forUpdate();
    const row = await query.executeTakeFirst();
    const v = this.sql.values;
    return row ? { id: Number(row.id), state: row.state as InboundMail['state'], ticketId: v.readIntOrNull(row.ticket_id), departmentId: v.readIntOrNull(row.department_id) } : null;
  }

  async updateInbound(id: number, f: Pick<InboundMail, 'state' | 'detail' | 'ticketId' | 'threadItemId' | 'processedAt'>) {
    await this.sql.db
      .updateTable('inbound_mail')
      .set({ state: f.state, detail: f.detail ?? null, ticket_id: f.ticketId ?? null, thread_item_id: f.threadItemId ?? null, processed_at: this.sql.values.dateOrNull(f.processedAt) } as never)
      .where('id', '=', id)
      .execute();
  }

  async emailsByMessageId(messageIds: readonly string[]) {
    if (messageIds.length === 0) return [];
    const rows = await this.sql.db
      .selectFrom('email_message')
      .select(['message_id', 'ticket_id', 'thread_item_id', 'direction'])
      .where('message_id', 'in', messageIds.slice(0, 100))
      .execute();
    return rows.map((r) => ({ messageId: r.message_id, ticketId: Number(r.ticket_id), threadItem: Number(r.thread_item_id), direction: r.direction as 'in' | 'out' }));
  }

  async ticketParticipants(ticketId: number) {
    const { db, values: v } = this.sql;
    const find = (id: number) =>
      db.selectFrom('ticket').select(['id', 'contact_id', 'cc', 'merged_into_id']).where('id', '=', id).where('internal', '=', v.bool(false) as never).executeTakeFirst();
    let ticket = await find(ticketId);
    // A ticket merged away passes its mail on to the one it went into (a merge never merges a merged ticket,
    // so the chain has no cycle; the hop limit only bounds the work).
    for (let hops = 0; ticket && ticket.merged_into_id !== null && hops < 10; hops++) {
      const next = await find(Number(ticket.merged_into_id));
      if (!next) break;
      ticket = next;
    }
    if (!ticket) return null;
    const contactId = v.readIntOrNull(ticket.contact_id);
    const emails = contactId === null ? [] : await db.selectFrom('contact_email').select('email').where('contact_id', '=', contactId).execute();
    return { id: Number(ticket.id), participants: [...emails.map((e) => e.email), ...v.readJson<string[]>(ticket.cc)] };
  }

  async insertEmailMessage(r: EmailMessageRow) {
    const v = this.sql.values;
    await orOrmError(this.em, () =>
      this.sql.db
        .insertInto('email_message')
        .values({
          thread_item_id: r.threadItem,
          ticket_id: r.ticketId,
          message_id: r.messageId,
          in_reply_to: r.inReplyTo ?? null,
          references: v.json(r.references),
          from_address: r.fromAddress ?? null,
          from_name: r.fromName ?? null,
          to: v.json(r.to),
          cc: v.json(r.cc),
          reply_to: v.json(r.replyTo),
          subject: r.subject,
          html: r.html ?? null,
          automated: r.automated ?? null,
          inbound_mail_id: r.inboundMailId ?? null,
          direction: r.direction,
          delivery_state: r.deliveryState,
        } as never)
        .execute(),
    );
  }

  async insertAttachment(r: AttachmentRow) {
    await orOrmError(this.em, () =>
      this.sql.db
        .insertInto('attachment')
        .values({
          id: r.id,
          filename: r.filename,
          content_type: r.contentType,
          size: r.size,
          sha256: r.sha256,
          storage_key: r.storageKey,
          thread_item_id: r.threadItem,
          created_at: this.sql.values.date(r.createdAt),
        } as never)
        .execute(),
    );
  }

  async markDelivery(threadItemId: number, state: EmailMessage['deliveryState']) {
    await this.sql.db.updateTable('email_message').set({ delivery_state: state } as never).where('thread_item_id', '=', threadItemId).execute();
  }
}
