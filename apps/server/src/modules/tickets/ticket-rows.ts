import { contactSearchText, replyFact, type StatisticsFact, searchDocument, ticketFacts, ticketSearchText } from '@parley/domain';
import { type OperationNodeSource, sql as sqlTag } from 'kysely';
import { type GatheredWrites, runAlone } from '../../db/gathered-writes.js';
import type { Em } from '../../db/orm.js';
import { PreparedQuery } from '../../db/prepared-query.js';
import { orOrmError, type Sql, sql } from '../../db/sql.js';
import { companyOfContact, type SlaColumns, serviceLevelsOf, slaColumnsAfter, touchesSla } from '../sla/sla-on-write.js';
import { businessSecondsFor, factRow, factsInsert, factsWithReplies, recordFactsWithNextFlush, recordsStatistics, slaMetFacts, statisticsStateOf, ticketDimensions, touchesStatistics } from '../statistics/statistics-recording.js';
import type { ThreadItem, Ticket } from './ticket.entity.js';
import { COLUMN, NO_SLA, PG_COLUMN_TYPE, SLA_COLUMNS, sameValue, slaValues, ticketFromRow } from './ticket-row-columns.js';
import { INSERT_THREAD_ITEM, INSERT_TICKET, newTicketStatement } from './ticket-row-statements.js';

/** A new ticket's row: never merged yet; the status-change anchor defaults to its creation. */
export type TicketRow = Omit<Ticket, 'id' | 'mergedIntoId' | 'folder' | 'folderChangedAt' | 'statusChangedAt' | 'searchText' | keyof SlaColumns> & {
  statusChangedAt?: Date | null;
};
export type ThreadItemRow = Omit<ThreadItem, 'id'>;
export type TicketPatch = Partial<Pick<Ticket, keyof typeof COLUMN>>;

/**
 * Items appended by a unit of work (a TicketWork) on its ticket as it stands: an agent's reply is counted
 * with that ticket's dimensions by the entity manager's next flush, in one statement with the flush's other
 * statistics facts. Without it, the ticket's dimensions are read and the fact inserted at once.
 */
export interface ItemsOfWork {
  readonly ticket: Ticket;
}

/**
 * The rows of the busiest writes (a new ticket, a filed letter, a visitor's message), written with the query
 * builder on the entity manager's own transaction: one statement per row, values bound, no unit of work,
 * the same code on SQLite and PostgreSQL.
 */
export interface TicketRowWriter {
  findContactIdByEmail(email: string): Promise<{ id: number; name: string | null; primaryEmail: string | null } | null>;
  insertContact(name: string | null, email: string, at: Date): Promise<number>;
  updateContactName(id: number, name: string): Promise<void>;
  /** Inserts a new ticket; answers its id and the service-level columns written with it. */
  insertTicket(row: TicketRow): Promise<{ id: number; sla: SlaColumns }>;
  /**
   * Inserts a new ticket and its first items (`itemsOf` makes their rows for the ticket's id); answers the
   * ids, the items' in order. On PostgreSQL the ticket, its statistics facts and its items are one statement.
   */
  insertTicketWithItems(row: TicketRow, itemsOf: (ticketId: number) => ThreadItemRow[]): Promise<{ id: number; sla: SlaColumns; items: ThreadItem[] }>;
  insertThreadItem(row: ThreadItemRow, work?: ItemsOfWork): Promise<number>;
  /** Inserts several items in one statement (the rows of a batch of messages); answers their ids, in order. */
  insertThreadItems(rows: readonly ThreadItemRow[], work?: ItemsOfWork): Promise<number[]>;
  insertTags(ticketId: number, tags: readonly string[]): Promise<void>;
  ticket(ticketId: number): Promise<Ticket | null>;
  /** Writes `patch` to `ticket` (as it was before the patch), with its service-level columns when the patch moves them. */
  updateTicket(ticket: Ticket | { readonly id: number }, patch: TicketPatch): Promise<void>;
  /** updateTicket for several tickets, those writing the same columns in one statement. */
  updateTickets(changes: readonly { readonly ticket: Ticket | { readonly id: number }; readonly patch: TicketPatch }[]): Promise<void>;
}

/**
 * The row writer on `em`'s connection and transaction. With `writes`, its updates and statistics facts are
 * handed to them (on PostgreSQL they go with the next insert of thread items, or when `writes` end).
 */
export function ticketRowWriter(em: Em, writes?: GatheredWrites): TicketRowWriter {
  return new TicketRows(em, writes);
}

/** Runs `work` in one transaction of `em`'s, with the row writer bound to it. */
export function inTicketTransaction<T>(em: Em, work: (tx: Em, rows: TicketRowWriter) => Promise<T>): Promise<T> {
  return em.transactional((tx) => work(tx as Em, ticketRowWriter(tx as Em)));
}

export class TicketRows implements TicketRowWriter {
  protected readonly sql: Sql;

  constructor(
    protected readonly em: Em,
    private readonly writes?: GatheredWrites,
  ) {
    this.sql = sql(em);
  }

  /** A write whose result is not read: handed to the gathered writes, if any; else run now. */
  async #write(statement: OperationNodeSource): Promise<void> {
    if (this.writes) await this.writes.add(statement);
    else await runAlone(this.sql, statement);
  }

  async findContactIdByEmail(email: string) {
    const [row] = await CONTACT_BY_EMAIL.execute(this.sql, { email });
    return row ? { id: Number(row.id), name: row.name ?? null, primaryEmail: row.primary_email ?? null } : null;
  }

  async insertContact(name: string | null, email: string, at: Date) {
    const { db, values } = this.sql;
    return orOrmError(this.em, async () => {
      const { id } = await db
        .insertInto('contact')
        .values({
          name,
          primary_email: email,
          phones: values.json([]),
          company_id: null,
          search_text: contactSearchText({ name, primaryEmail: email, phones: [] }),
          created_at: values.date(at),
          updated_at: values.date(at),
        } as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      await db.insertInto('contact_email').values({ email, contact_id: id, position: 0 } as never).execute();
      return Number(id);
    });
  }

  /** Names a contact that had no name: its search text gains the name's words (one not yet indexed is left to the backfill). */
  async updateContactName(id: number, name: string) {
    const words = searchDocument([name]);
    await this.sql.db
      .updateTable('contact')
      .set({ name, updated_at: this.sql.values.date(new Date()), search_text: sqlTag`case when search_text is null then null else ${words} || ' ' || search_text end` } as never)
      .where('id', '=', id)
      .execute();
  }

  async insertTicket(r: TicketRow) {
    const { values, facts, sla } = await this.#newTicket(r);
    return orOrmError(this.em, async () => {
      if (this.sql.dialect === 'postgresql' && facts.length > 0) {
        const [row] = await newTicketStatement(facts.length, 0).execute(this.sql, { ...values, ...this.#factValues(facts) });
        return { id: Number(row!.id), sla };
      }
      const [row] = await INSERT_TICKET.execute(this.sql, values);
      await this.#recordFacts(facts);
      return { id: Number(row!.id), sla };
    });
  }

  async insertTicketWithItems(r: TicketRow, itemsOf: (ticketId: number) => ThreadItemRow[]) {
    const withIds = (rows: readonly ThreadItemRow[], ticketId: number, ids: readonly number[]) => rows.map((row, i) => ({ ...row, ticket: ticketId, id: ids[i]! }) as ThreadItem);
    if (this.sql.dialect !== 'postgresql') {
      const { id, sla } = await this.insertTicket(r);
      const items = itemsOf(id);
      return { id, sla, items: withIds(items, id, await this.insertThreadItems(items)) };
    }
    const { values, facts, sla } = await this.#newTicket(r);
    // The statement gives the items their ticket's id itself.
    const items = itemsOf(0);
    if (recordsStatistics(this.em)) {
      const dimensions = statisticsStateOf(r as unknown as Record<string, unknown>, 0);
      for (const item of items) if (item.kind === 'agent_reply' && item.authorAgent) facts.push(replyFact(dimensions, item.authorAgent, item.createdAt.getTime()));
    }
    const itemValues = Object.fromEntries(items.flatMap((item, i) => Object.entries(this.#threadItemValues(item)).map(([column, value]) => [`i${i}_${column}`, value])));
    return orOrmError(this.em, async () => {
      const rows = await newTicketStatement(facts.length, items.length).execute(this.sql, { ...values, ...this.#factValues(facts), ...itemValues });
      // Ids grow in the order the rows are listed.
      const id = Number(rows[0]!.ticket_id);
      return { id, sla, items: withIds(items, id, rows.map((row) => Number(row.id)).sort((a, b) => a - b)) };
    });
  }

  /** A new ticket's column values, its service-level columns, and its statistics facts (known before the insert: a fact's row keeps no ticket id). */
  async #newTicket(r: TicketRow): Promise<{ values: Record<string, unknown>; facts: StatisticsFact[]; sla: SlaColumns }> {
    const v = this.sql.values;
    const levels = serviceLevelsOf(this.em);
    const sla = levels ? slaColumnsAfter(levels, r, null, r.createdAt, await companyOfContact(this.em, levels, r.contactId)) : null;
    const values: Record<string, unknown> = {
      subject: r.subject,
      status: r.status,
      custom_status_id: r.customStatusId ?? null,
      internal: v.bool(r.internal),
      channel: r.channel,
      priority: r.priority,
      department_id: r.departmentId ?? null,
      assigned_agent_id: r.assignedAgentId ?? null,
      contact_id: r.contactId ?? null,
      created_by_agent_id: r.createdByAgentId ?? null,
      tags: v.json(r.tags),
      cc: v.json(r.cc),
      client_id: r.clientId ?? null,
      customer_token_hash: r.customerTokenHash ?? null,
      created_at: v.date(r.createdAt),
      updated_at: v.date(r.updatedAt),
      first_agent_reply_at: v.dateOrNull(r.firstAgentReplyAt),
      last_customer_message_at: v.dateOrNull(r.lastCustomerMessageAt),
      last_agent_reply_at: v.dateOrNull(r.lastAgentReplyAt),
      resolved_at: v.dateOrNull(r.resolvedAt),
      postponed_until: v.dateOrNull(r.postponedUntil),
      waiting_since: v.dateOrNull(r.waitingSince),
      status_changed_at: v.date(r.statusChangedAt ?? r.createdAt),
      search_text: ticketSearchText(r.subject),
      ...slaValues(this.sql, sla),
    };
    const state = statisticsStateOf(r as unknown as Record<string, unknown>, 0);
    const facts = recordsStatistics(this.em) ? ticketFacts(null, state, r.createdAt.getTime(), businessSecondsFor(this.em, state.departmentId)) : [];
    return { values, facts, sla: sla ?? NO_SLA };
  }

  #factValues(facts: readonly StatisticsFact[]): Record<string, unknown> {
    return Object.fromEntries(facts.flatMap((fact, i) => Object.entries(factRow(this.sql, fact)).map(([column, value]) => [`f${i}_${column}`, value])));
  }

  async insertThreadItem(r: ThreadItemRow, work?: ItemsOfWork) {
    return orOrmError(this.em, async () => {
      const [row] = await INSERT_THREAD_ITEM.execute(this.sql, this.#threadItemValues(r));
      await this.#recordReplyFacts([r], work);
      return Number(row!.id);
    });
  }

  async insertThreadItems(rows: readonly ThreadItemRow[], work?: ItemsOfWork) {
    if (rows.length === 0) return [];
    if (rows.length === 1 && !this.writes) return [await this.insertThreadItem(rows[0]!, work)];
    return orOrmError(this.em, async () => {
      const ids: number[] = [];
      // Each chunk is one statement (a round trip on PostgreSQL); chunks keep the texts SQLite keeps prepared few.
      for (let start = 0; start < rows.length; start += ITEMS_PER_INSERT) {
        const chunk = rows.slice(start, start + ITEMS_PER_INSERT);
        const insert = this.sql.db
          .insertInto('thread_item')
          .values(chunk.map((r) => this.#threadItemValues(r)) as never)
          .returning('id');
        const inserted = this.writes ? await this.writes.run(insert) : await insert.execute();
        // Ids grow in the order the rows are listed (one statement, one sequence or rowid after another).
        ids.push(...inserted.map((r) => Number(r.id)).sort((a, b) => a - b));
      }
      await this.#recordReplyFacts(rows, work);
      return ids;
    });
  }

  #threadItemValues(r: ThreadItemRow): Record<string, unknown> {
    const v = this.sql.values;
    return {
      ticket_id: r.ticket,
      kind: r.kind,
      body: r.body,
      author_agent_id: r.authorAgent ?? null,
      author_contact_id: r.authorContact ?? null,
      system_event: v.jsonOrNull(r.systemEvent),
      recipients_to: v.jsonOrNull(r.recipientsTo),
      recipients_cc: v.jsonOrNull(r.recipientsCc),
      client_id: r.clientId ?? null,
      created_at: v.date(r.createdAt),
      search_text: r.searchText ?? null,
    };
  }

  /** An agent's public reply counts for statistics (see ItemsOfWork for when and with what). */
  async #recordReplyFacts(rows: readonly ThreadItemRow[], work?: ItemsOfWork): Promise<void> {
    if (!recordsStatistics(this.em)) return;
    const facts: StatisticsFact[] = [];
    for (const r of rows) {
      if (r.kind !== 'agent_reply' || !r.authorAgent) continue;
      const dimensions = work?.ticket.id === r.ticket ? statisticsStateOf(work.ticket as unknown as Record<string, unknown>, r.ticket) : await ticketDimensions(this.sql, r.ticket);
      if (dimensions) facts.push(replyFact(dimensions, r.authorAgent, r.createdAt.getTime()));
    }
    if (work) recordFactsWithNextFlush(this.em, facts);
    else await this.#recordFacts(facts);
  }

  async insertTags(ticketId: number, tags: readonly string[]) {
    if (tags.length === 0) return;
    await orOrmError(this.em, () =>
      this.sql.db
        .insertInto('ticket_tag')
        .values(tags.map((tag) => ({ ticket_id: ticketId, tag })) as never)
        .execute(),
    );
  }

  async ticket(ticketId: number): Promise<Ticket | null> {
    const r = await this.sql.db.selectFrom('ticket').selectAll().where('id', '=', ticketId).executeTakeFirst();
    return r ? ticketFromRow(this.sql, r as Record<string, unknown>) : null;
  }

  async updateTicket(ticket: Ticket | { readonly id: number }, patch: TicketPatch) {
    await this.updateTickets([{ ticket, patch }]);
  }

  async updateTickets(changes: readonly { readonly ticket: Ticket | { readonly id: number }; readonly patch: TicketPatch }[]) {
    const writes: { id: number; set: Record<string, unknown> }[] = [];
    const facts: StatisticsFact[] = [];
    for (const { ticket, patch } of changes) {
      const planned = await this.#plannedUpdate(ticket, patch);
      if (Object.keys(planned.set).length > 0) writes.push({ id: ticket.id, set: planned.set });
      facts.push(...planned.facts);
    }
    // Tickets whose writes set the same columns are updated by one statement (a round trip on PostgreSQL).
    const byColumns = new Map<string, { id: number; set: Record<string, unknown> }[]>();
    for (const write of writes) {
      const key = Object.keys(write.set).sort().join(',');
      const group = byColumns.get(key);
      if (group) group.push(write);
      else byColumns.set(key, [write]);
    }
    for (const [key, group] of byColumns) {
      if (group.length === 1) await this.#write(this.sql.db.updateTable('ticket').set(group[0]!.set as never).where('id', '=', group[0]!.id));
      else await this.#write(this.#updateMany(key.split(','), group));
    }
    await this.#recordFacts(facts);
  }

  async #recordFacts(facts: readonly StatisticsFact[]): Promise<void> {
    const insert = factsInsert(this.em, facts);
    if (insert) await this.#write(insert);
  }

  /**
   * One statement for several tickets' writes of the same columns: `update … from (values …)`, which SQLite
   * (3.33 on) and PostgreSQL both run; VALUES names its columns column1, column2… on both. PostgreSQL reads
   * parameters in VALUES as text, so the first row says each column's type.
   */
  #updateMany(columns: readonly string[], group: readonly { id: number; set: Record<string, unknown> }[]) {
    const typed = this.sql.dialect === 'postgresql';
    const cell = (value: unknown, type: string, first: boolean) => (typed && first ? sqlTag`cast(${value} as ${sqlTag.raw(type)})` : sqlTag`${value}`);
    const rows = group.map((write, i) =>
      sqlTag`(${sqlTag.join([cell(write.id, 'integer', i === 0), ...columns.map((column) => cell(write.set[column], PG_COLUMN_TYPE[column] ?? 'text', i === 0))])})`,
    );
    const assignments = columns.map((column, i) => sqlTag`${sqlTag.id(column)} = v.${sqlTag.raw(`column${i + 2}`)}`);
    return sqlTag`update ticket set ${sqlTag.join(assignments)} from (values ${sqlTag.join(rows)}) as v where ticket.id = v.column1`;
  }

  /** The columns a patch changes (with its service-level schedule's, when it moves it), and the statistics facts it makes. */
  async #plannedUpdate(ticket: Ticket | { readonly id: number }, patch: TicketPatch): Promise<{ set: Record<string, unknown>; facts: StatisticsFact[] }> {
    const v = this.sql.values;
    const ticketId = ticket.id;
    const set: Record<string, unknown> = {};
    const facts: StatisticsFact[] = [];
    // A column written with the value it holds still costs the upkeep of every index over it (SQLite does not
    // compare), so only what changes is written when the ticket as it was is known.
    const known = 'status' in ticket ? (ticket as unknown as Record<string, unknown>) : null;
    const changes = (field: string, value: unknown) => !known || !sameValue(known[field], value);
    const levels = serviceLevelsOf(this.em);
    if (levels && touchesSla(Object.keys(patch))) {
      if (!('status' in ticket)) throw new Error('a patch that moves the service-level schedule needs the ticket as it was');
      const after = { ...ticket, ...patch } as Ticket;
      const sla = slaColumnsAfter(levels, after, ticket.status, patch.updatedAt ?? new Date(), await companyOfContact(this.em, levels, after.contactId));
      if (sla) {
        const columns = slaValues(this.sql, sla);
        for (const [field, column] of SLA_COLUMNS) if (changes(field, sla[field])) set[column] = columns[column];
      }
      // Targets the write met, counted by statistics.
      if (sla && recordsStatistics(this.em)) facts.push(...slaMetFacts(this.em, ticket as unknown as Record<string, unknown>, { ...after, ...sla }, (patch.updatedAt ?? new Date()).getTime()));
    }
    // A new status restarts the "status changed" time rules' clock.
    if (patch.status !== undefined && patch.statusChangedAt === undefined && changes('status', patch.status)) set.status_changed_at = v.date(patch.updatedAt ?? new Date());
    for (const [field, value] of Object.entries(patch)) {
      const column = COLUMN[field as keyof typeof COLUMN];
      if (!column) throw new Error(`the ticket field ${field} is not written by a patch`);
      if (changes(field, value)) set[column] = value instanceof Date ? v.date(value) : Array.isArray(value) ? v.json(value) : (value ?? null);
    }
    if (recordsStatistics(this.em) && touchesStatistics(Object.keys(patch))) {
      if (!('status' in ticket)) throw new Error('a patch that statistics follow needs the ticket as it was');
      const at = (patch.updatedAt ?? new Date()).getTime();
      const before = statisticsStateOf(ticket as unknown as Record<string, unknown>, ticketId);
      const after = statisticsStateOf({ ...ticket, ...patch } as unknown as Record<string, unknown>, ticketId);
      facts.push(...(await factsWithReplies(this.em, ticketFacts(before, after, at, businessSecondsFor(this.em, after.departmentId)), ticketId)));
    }
    return { set, facts };
  }
}

/** Thread items per multi-row insert: a batch of chat messages in a few statements, and few statement texts. */
const ITEMS_PER_INSERT = 64;

const CONTACT_BY_EMAIL = new PreparedQuery<{ email: string }, { id: number; name: string | null; primary_email: string | null }>((db, value) =>
  db
    .selectFrom('contact_email as e')
    .innerJoin('contact as c', 'c.id', 'e.contact_id')
    .select(['c.id as id', 'c.name as name', 'c.primary_email as primary_email'])
    .where('e.email', '=', value('email')),
);
