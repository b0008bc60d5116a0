import { DomainError, ErrorCodes, onCustomerMessage, type SystemEvent, type TicketState } from '@parley/domain';
import type { Logger } from '../../logger.js';
import type { Em } from '../../db/orm.js';
import { sql } from '../../db/sql.js';
import { toTicketState } from '../tickets/ticket.presenter.js';
import type { ThreadItem, Ticket } from '../tickets/ticket.entity.js';
import { type TicketRowWriter, threadRow, ticketFromRow, ticketRowWriter } from '../tickets/ticket-rows.js';
import { openChatSession } from './chat-session.repository.js';

/** A visitor's message as stored by the batch: enough to answer the visitor without reading it back. */
export interface StoredVisitorMessage {
  readonly ticketId: number;
  readonly itemId: number;
  readonly body: string;
  readonly createdAt: Date;
  readonly status: TicketState['status'];
  readonly ticketCreatedAt: Date;
  /** True when this client id was already stored (a retry): nothing was written now. */
  readonly replay: boolean;
  /** The message reopened a resolved chat, whose routing session waits again: agents must be rung. */
  readonly reopenedChat?: boolean;
}

interface Pending {
  readonly visitorId: string;
  readonly clientId: string;
  readonly body: string;
  readonly at: Date;
  readonly resolve: (stored: StoredVisitorMessage) => void;
  readonly reject: (error: unknown) => void;
}

/** What the batch announces once its transaction has committed, per message written. */
export interface WrittenMessage {
  readonly ticketId: number;
  readonly previous: TicketState;
  /** The ticket as this message left it, and the items it added: announced as written, not read back. */
  readonly ticket: Ticket;
  readonly items: readonly ThreadItem[];
}

type Outcome = { ok: true; stored: StoredVisitorMessage; written: WrittenMessage | null } | { ok: false; error: unknown };

/**
 * Group commit for visitors' chat messages, the hottest write there is: messages that arrive while a batch
 * is being written wait for the next one, and each batch is one transaction on the ORM's connection, its rows
 * written with the query builder (the same statements as every other path, on SQLite and PostgreSQL). A
 * message is answered only after its batch committed.
 *
 * A message that breaks a rule (no chat started) is found by the batch's reads, before anything is written,
 * and is refused alone. When a write itself fails, the batch is rolled back and its messages are written again one
 * transaction each, so one bad message never costs the others.
 *
 * The visitor's row is read `for update` on PostgreSQL, which keeps a visitor's client-id check race-free
 * across instances; SQLite has one writer.
 */
export class VisitorMessageBatch {
  #pending: Pending[] = [];
  #writers = 0;

  constructor(
    private readonly rootEm: Em,
    private readonly logger: Logger,
    /** Announces what a batch wrote; its messages are answered once this has settled. */
    private readonly onCommitted: (written: readonly WrittenMessage[]) => Promise<void>,
    /** Batches written at once: 1 on SQLite (one writer), a few on PostgreSQL (one pooled connection each). */
    private readonly concurrency: number,
    /** The most messages one transaction takes; more wait for the next one. */
    private readonly maxBatch = 256,
  ) {}

  write(visitorId: string, clientId: string, body: string, at: Date): Promise<StoredVisitorMessage> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ visitorId, clientId, body, at, resolve, reject });
      if (this.#writers < this.concurrency) {
        this.#writers++;
        // Let the messages that arrived in this turn of the event loop join the batch.
        setImmediate(() => void this.#drain());
      }
    });
  }

  async #drain(): Promise<void> {
    try {
      while (this.#pending.length > 0) {
        const batch = this.#pending.splice(0, this.maxBatch);
        await this.#writeBatch(batch);
      }
    } finally {
      this.#writers--;
    }
  }

  async #writeBatch(batch: Pending[]): Promise<void> {
    let outcomes: Outcome[];
    try {
      outcomes = await this.#transaction(batch);
    } catch (error) {
      if (batch.length === 1) {
        // The commit (or the one write) failed: nothing of it is stored, so it is not acknowledged.
        batch[0]!.reject(error);
        return;
      }
      this.logger.warn({ err: error, messages: batch.length }, 'a visitor message batch failed; writing its messages one by one');
      for (const message of batch) await this.#writeBatch([message]);
      return;
    }
    const written = outcomes.flatMap((o) => (o.ok && o.written ? [o.written] : []));
    // Not awaited: the next batch is written while this one is announced.
    const announced = written.length === 0 ? Promise.resolve() : this.onCommitted(written).catch((error) => this.logger.error({ err: error }, 'announcing visitor messages failed'));
    void announced.then(() => {
      batch.forEach((message, i) => {
        const outcome = outcomes[i]!;
        if (outcome.ok) message.resolve(outcome.stored);
        else message.reject(outcome.error);
      });
    });
  }

  /**
   * One transaction for the batch: the visitors' chats and any earlier copies of these client ids are read
   * with one query each (locked on PostgreSQL), then each message costs its inserts and one ticket update,
   * and the visitors' activity one update for all.
   */
  #transaction(batch: readonly Pending[]): Promise<Outcome[]> {
    return (this.rootEm.fork() as Em).transactional(async (em) => {
      const tx = em as Em;
      const query = sql(tx);
      const rows = ticketRowWriter(tx);
      const chats = await this.#chatsOf(tx, [...new Set(batch.map((m) => m.visitorId))]);
      const stored = await this.#storedCopies(tx, [...new Set([...chats.values()].map((t) => t.id))], [...new Set(batch.map((m) => m.clientId))]);
      const outcomes: Outcome[] = [];
      const active = new Map<string, Date>();
      for (const message of batch) {
        const ticket = chats.get(message.visitorId);
        if (!ticket) {
          outcomes.push({ ok: false, error: new DomainError(ErrorCodes.chatNotStarted, 'Start a chat first (chat:start).') });
          continue;
        }
        const key = `${ticket.id}:${message.clientId}`;
        const copy = stored.get(key);
        if (copy) {
          const replay = { ticketId: ticket.id, itemId: copy.id, body: copy.body, createdAt: copy.createdAt, status: ticket.status, ticketCreatedAt: ticket.createdAt, replay: true };
          outcomes.push({ ok: true, stored: replay, written: null });
          continue;
        }
        const result = await this.#writeOne(tx, rows, ticket, message);
        // Later messages of this batch see the chat as this one left it, and this client id as stored.
        Object.assign(ticket, result.patch);
        stored.set(key, { id: result.stored.itemId, body: message.body, createdAt: message.at });
        active.set(message.visitorId, message.at);
        outcomes.push({ ok: true, stored: result.stored, written: result.written });
      }
      if (active.size > 0) {
        const latest = new Date(Math.max(...[...active.values()].map((d) => d.getTime())));
        await query.db.updateTable('visitor').set({ updated_at: query.values.date(latest) } as never).where('id', 'in', [...active.keys()]).execute();
      }
      return outcomes;
    });
  }

  /** Each visitor's chat ticket, by visitor id; row-locked on PostgreSQL so a visitor's messages apply one at a time. */
  async #chatsOf(tx: Em, visitorIds: readonly string[]): Promise<Map<string, Ticket>> {
    const query = sql(tx);
    let select = query.db
      .selectFrom('visitor as v')
      .innerJoin('ticket as t', 't.id', 'v.chat_ticket_id')
      .selectAll('t')
      .select('v.id as visitor_id')
      .where('v.id', 'in', visitorIds)
      // One lock order for every batch, so two batches on PostgreSQL never wait for each other in a circle.
      .orderBy('v.id');
    if (query.dialect === 'postgresql') select = select.forUpdate();
    const found = await select.execute();
    return new Map(found.map((r) => [String(r.visitor_id), ticketFromRow(query, r as Record<string, unknown>)]));
  }

  /** Items already stored under these client ids on these tickets (retries), by `ticketId:clientId`. */
  async #storedCopies(tx: Em, ticketIds: readonly number[], clientIds: readonly string[]): Promise<Map<string, { id: number; body: string; createdAt: Date }>> {
    const copies = new Map<string, { id: number; body: string; createdAt: Date }>();
    if (ticketIds.length === 0) return copies;
    const query = sql(tx);
    const found = await query.db
      .selectFrom('thread_item')
      .select(['id', 'ticket_id', 'client_id', 'body', 'created_at'])
      .where('ticket_id', 'in', ticketIds)
      .where('client_id', 'in', clientIds)
      .execute();
    for (const r of found) copies.set(`${r.ticket_id}:${r.client_id}`, { id: Number(r.id), body: r.body, createdAt: query.values.readDate(r.created_at) });
    return copies;
  }

  /** Writes one message on its chat: the rules' events and the message, then the ticket's new state. */
  async #writeOne(
    tx: Em,
    rows: TicketRowWriter,
    ticket: Ticket,
    message: Pending,
  ): Promise<{ stored: StoredVisitorMessage; written: WrittenMessage; patch: Partial<Ticket> }> {
    const state = toTicketState(ticket);
    const change = onCustomerMessage(state, message.at);
    const items: ThreadItem[] = [];
    const insert = async (item: ReturnType<typeof threadRow>) => {
      const id = await rows.insertThreadItem(item);
      items.push({ ...item, id } as ThreadItem);
      return id;
    };
    for (const event of change.events as readonly SystemEvent[]) {
      await insert(threadRow(ticket.id, message.at, { kind: 'system_event', systemEvent: event }));
    }
    const itemId = await insert(
      threadRow(ticket.id, message.at, { kind: 'customer_message', body: message.body, authorContact: ticket.contactId ?? null, clientId: message.clientId }),
    );
    const patch = { ...change.patch, updatedAt: message.at };
    await rows.updateTicket(ticket, patch);
    const status = change.patch.status ?? ticket.status;
    let reopenedChat = false;
    if (ticket.status === 'resolved' && status !== 'resolved') {
      // Rare: the message reopened a resolved chat, whose routing session waits again.
      reopenedChat = await openChatSession(tx, { ...ticket, ...change.patch }, message.body, message.at);
      await tx.flush();
    }
    const stored = { ticketId: ticket.id, itemId, body: message.body, createdAt: message.at, status, ticketCreatedAt: state.createdAt, replay: false, reopenedChat };
    const written = { ticketId: ticket.id, previous: state, ticket: { ...ticket, ...patch } as Ticket, items };
    return { stored, written, patch: patch as Partial<Ticket> };
  }
}
