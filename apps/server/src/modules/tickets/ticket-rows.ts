import { ForeignKeyConstraintViolationException, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Em } from '../../db/orm.js';
import { type NativeSqlite, nativeSqlite } from '../../db/sqlite-native.js';
import { Contact, ContactEmail } from '../contacts/contact.entity.js';
import { ThreadItem, Ticket, TicketTag } from './ticket.entity.js';

export type TicketRow = Omit<Ticket, 'id'>;
export type ThreadItemRow = Omit<ThreadItem, 'id'>;

/**
 * Inserts the rows of a new ticket inside the caller's transaction. On SQLite it binds prepared statements
 * on the native handle (the transaction the ORM opened is the one they run in); elsewhere it uses the
 * ORM's native inserts. Both paths run in the test suites (SQLite and PostgreSQL).
 */
export interface TicketRowWriter {
  findContactIdByEmail(email: string): Promise<{ id: number; name: string | null; primaryEmail: string | null } | null>;
  insertContact(name: string | null, email: string, at: Date): Promise<number>;
  updateContactName(id: number, name: string): Promise<void>;
  insertTicket(row: TicketRow): Promise<number>;
  insertThreadItem(row: ThreadItemRow): Promise<number>;
  insertTags(ticketId: number, tags: readonly string[]): Promise<void>;
}

export function ticketRowWriter(em: Em): TicketRowWriter {
  const native = nativeSqlite(em);
  return native ? new SqliteRowWriter(native) : new OrmRowWriter(em);
}

/**
 * The transaction new-ticket rows are written in: on SQLite a native one (statements prepared once), else
 * the ORM's. `needsOrm` forces the ORM's, for work that also goes through entities (binding attachments).
 */
export async function inTicketTransaction<T>(em: Em, needsOrm: boolean, work: (tx: Em, rows: TicketRowWriter) => Promise<T>): Promise<T> {
  const native = nativeSqlite(em);
  if (native && !needsOrm) return native.transaction(em, () => work(em, new SqliteRowWriter(native)));
  return em.transactional((tx) => work(tx as Em, ticketRowWriter(tx as Em)));
}

class OrmRowWriter implements TicketRowWriter {
  constructor(private readonly em: Em) {}

  async findContactIdByEmail(email: string) {
    const [row] = await this.em.execute<{ id: number; name: string | null; primary_email: string | null }[]>(CONTACT_BY_EMAIL, [email]);
    return row ? { id: Number(row.id), name: row.name, primaryEmail: row.primary_email } : null;
  }

  async insertContact(name: string | null, email: string, at: Date) {
    const id = await this.em.insert(Contact, { name, primaryEmail: email, phones: [], company: null, createdAt: at, updatedAt: at });
    await this.em.insert(ContactEmail, { email, contact: id, position: 0 });
    return id;
  }

  async updateContactName(id: number, name: string) {
    await this.em.nativeUpdate(Contact, { id }, { name });
  }

  insertTicket(row: TicketRow) {
    return this.em.insert(Ticket, row);
  }

  insertThreadItem(row: ThreadItemRow) {
    return this.em.insert(ThreadItem, row);
  }

  async insertTags(ticketId: number, tags: readonly string[]) {
    if (tags.length > 0) await this.em.insertMany(TicketTag, tags.map((tag) => ({ ticket: ticketId, tag })));
  }
}

const CONTACT_BY_EMAIL =
  'select c.id as id, c.name as name, c.primary_email as primary_email from contact_email e join contact c on c.id = e.contact_id where e.email = ?';

/** SQLite stores what the entities map: epoch milliseconds for dates, 0/1 for booleans, JSON text. */
const ms = (d: Date | null | undefined): number | null => (d ? d.getTime() : null);
const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

class SqliteRowWriter implements TicketRowWriter {
  constructor(private readonly sqlite: NativeSqlite) {}

  async findContactIdByEmail(email: string) {
    const row = this.sqlite.statement(CONTACT_BY_EMAIL).get(email) as { id: number; name: string | null; primary_email: string | null } | undefined;
    return row ? { id: row.id, name: row.name, primaryEmail: row.primary_email } : null;
  }

  async insertContact(name: string | null, email: string, at: Date) {
    return this.guard(() => {
      const id = Number(
        this.sqlite
          .statement('insert into contact (name, primary_email, phones, company_id, created_at, updated_at) values (?, ?, ?, null, ?, ?)')
          .run(name, email, '[]', at.getTime(), at.getTime()).lastInsertRowid,
      );
      this.sqlite.statement('insert into contact_email (email, contact_id, position) values (?, ?, 0)').run(email, id);
      return id;
    });
  }

  async updateContactName(id: number, name: string) {
    this.sqlite.statement('update contact set name = ?, updated_at = ? where id = ?').run(name, Date.now(), id);
  }

  async insertTicket(r: TicketRow) {
    return this.guard(() =>
      Number(
        this.sqlite
          .statement(
            `insert into ticket (subject, status, custom_status_id, internal, channel, priority, department_id, assigned_agent_id,
              contact_id, created_by_agent_id, tags, cc, client_id, customer_token_hash, created_at, updated_at,
              first_agent_reply_at, last_customer_message_at, last_agent_reply_at, resolved_at, postponed_until, waiting_since)
             values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            r.subject, r.status, r.customStatusId, r.internal ? 1 : 0, r.channel, r.priority, r.departmentId, r.assignedAgentId,
            r.contactId, r.createdByAgentId, json(r.tags), json(r.cc), r.clientId, r.customerTokenHash, ms(r.createdAt), ms(r.updatedAt),
            ms(r.firstAgentReplyAt), ms(r.lastCustomerMessageAt), ms(r.lastAgentReplyAt), ms(r.resolvedAt), ms(r.postponedUntil), ms(r.waitingSince),
          ).lastInsertRowid,
      ),
    );
  }

  async insertThreadItem(r: ThreadItemRow) {
    return this.guard(() =>
      Number(
        this.sqlite
          .statement(
            `insert into thread_item (ticket_id, kind, body, author_agent_id, author_contact_id, system_event, recipients_to, recipients_cc, client_id, created_at)
             values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(r.ticket, r.kind, r.body, r.authorAgent ?? null, r.authorContact ?? null, json(r.systemEvent), json(r.recipientsTo), json(r.recipientsCc), r.clientId ?? null, ms(r.createdAt))
          .lastInsertRowid,
      ),
    );
  }

  async insertTags(ticketId: number, tags: readonly string[]) {
    const insert = this.sqlite.statement('insert into ticket_tag (ticket_id, tag) values (?, ?)');
    this.guard(() => {
      for (const tag of tags) insert.run(ticketId, tag);
    });
  }

  /** Turns the driver's constraint errors into the ORM's exception types, so callers handle both paths alike. */
  private guard<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') throw new ForeignKeyConstraintViolationException(error as Error);
      if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new UniqueConstraintViolationException(error as Error);
      throw error;
    }
  }
}

const date = (v: number | null): Date | null => (v === null ? null : new Date(v));

/** The ticket fields a rule's patch (or filing a letter) may write, by column, on the native handle. */
const PATCHABLE_COLUMNS: Readonly<Record<string, string>> = {
  status: 'status',
  customStatusId: 'custom_status_id',
  priority: 'priority',
  departmentId: 'department_id',
  assignedAgentId: 'assigned_agent_id',
  lastCustomerMessageAt: 'last_customer_message_at',
  lastAgentReplyAt: 'last_agent_reply_at',
  firstAgentReplyAt: 'first_agent_reply_at',
  resolvedAt: 'resolved_at',
  postponedUntil: 'postponed_until',
  waitingSince: 'waiting_since',
  cc: 'cc',
  updatedAt: 'updated_at',
};

/** A ticket read on SQLite's native handle, shaped as the entity maps it (for the hot paths that write natively). */
export function readSqliteTicket(sqlite: NativeSqlite, ticketId: number): Ticket | null {
  const r = sqlite.statement('select * from ticket where id = ?').get(ticketId) as Record<string, unknown> | undefined;
  if (!r) return null;
  const n = (key: string) => (r[key] === null ? null : Number(r[key]));
  return {
    id: Number(r.id),
    subject: String(r.subject),
    status: r.status,
    customStatusId: n('custom_status_id'),
    internal: r.internal === 1,
    channel: r.channel,
    priority: r.priority,
    departmentId: n('department_id'),
    assignedAgentId: n('assigned_agent_id'),
    contactId: n('contact_id'),
    createdByAgentId: n('created_by_agent_id'),
    tags: JSON.parse(String(r.tags)) as string[],
    cc: JSON.parse(String(r.cc)) as string[],
    clientId: (r.client_id as string | null) ?? null,
    customerTokenHash: (r.customer_token_hash as string | null) ?? null,
    createdAt: new Date(Number(r.created_at)),
    updatedAt: new Date(Number(r.updated_at)),
    firstAgentReplyAt: date(n('first_agent_reply_at')),
    lastCustomerMessageAt: date(n('last_customer_message_at')),
    lastAgentReplyAt: date(n('last_agent_reply_at')),
    resolvedAt: date(n('resolved_at')),
    postponedUntil: date(n('postponed_until')),
    waitingSince: date(n('waiting_since')),
  } as Ticket;
}

/**
 * Writes a patch of ticket fields on SQLite's native handle. The statement's text depends only on which
 * fields the patch has, so a handful of statements are prepared however many tickets are written.
 */
export function updateSqliteTicket(sqlite: NativeSqlite, ticketId: number, patch: Readonly<Record<string, unknown>>): void {
  const columns: string[] = [];
  const values: unknown[] = [];
  for (const [field, value] of Object.entries(patch)) {
    const column = PATCHABLE_COLUMNS[field];
    if (!column) throw new Error(`no native column for the ticket field ${field}`);
    columns.push(`${column} = ?`);
    values.push(value instanceof Date ? value.getTime() : Array.isArray(value) ? JSON.stringify(value) : typeof value === 'boolean' ? (value ? 1 : 0) : (value ?? null));
  }
  if (columns.length > 0) sqlite.statement(`update ticket set ${columns.join(', ')} where id = ?`).run(...values, ticketId);
}

/** A new thread item's row: everything it does not say is empty. */
export function threadRow(
  ticketId: number,
  at: Date,
  item: Partial<Omit<ThreadItem, 'id' | 'ticket' | 'createdAt'>> & Pick<ThreadItem, 'kind'>,
): Omit<ThreadItem, 'id'> {
  return {
    ticket: ticketId,
    body: '',
    authorAgent: null,
    authorContact: null,
    systemEvent: null,
    recipientsTo: null,
    recipientsCc: null,
    clientId: null,
    ...item,
    createdAt: at,
  };
}
