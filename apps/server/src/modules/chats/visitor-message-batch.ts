import { DomainError, ErrorCodes, onCustomerMessage, type SystemEvent, type TicketState } from '@parley/domain';
import type { Logger } from '../../logger.js';
import type { Em } from '../../db/orm.js';
import { sql } from '../../db/sql.js';
import { toTicketState } from '../tickets/ticket.presenter.js';
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
  readonly itemIds: readonly number[];
}

type Outcome = { ok: true; stored: StoredVisitorMessage; written: WrittenMessage | null } | { ok: false; error: unknown };

/**
 * Group commit for visitors' chat messages, the hottest write there is: messages that arrive while a batch
 * is being written wait for the next one, and each batch is one transaction on the ORM's connection, its rows
 * written with the query builder (the same statements as every other path, on SQLite and PostgreSQL). A
 * message is answered only after its batch committed.
 *
 * A message that breaks a rule (no chat started) is found by its reads, before it writes anything, and is
 * refused alone. When a write itself fails, the batch is rolled back and its messages are written again one
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

  #transaction(batch: readonly Pending[]): Promise<Outcome[]> {
    return (this.rootEm.fork() as Em).transactional(async (tx) => {
      const rows = ticketRowWriter(tx as Em);
      const outcomes: Outcome[] = [];
      for (const message of batch) {
        const result = await this.#writeOne(tx as Em, rows, message);
        outcomes.push(result instanceof DomainError ? { ok: false, error: result } : { ok: true, ...result });
      }
      return outcomes;
    });
  }

  /** Writes one message, or returns the rule it breaks (found before anything is written). */
  async #writeOne(tx: Em, rows: TicketRowWriter, message: Pending): Promise<{ stored: StoredVisitorMessage; written: WrittenMessage | null } | DomainError> {
    const query = sql(tx);
    let visitorQuery = query.db.selectFrom('visitor').select('chat_ticket_id').where('id', '=', message.visitorId);
    if (query.dialect === 'postgresql') visitorQuery = visitorQuery.forUpdate();
    const visitor = await visitorQuery.executeTakeFirst();
    const ticketId = query.values.readIntOrNull(visitor?.chat_ticket_id);
    const row = ticketId === null ? null : await query.db.selectFrom('ticket').selectAll().where('id', '=', ticketId).executeTakeFirst();
    if (!row) return new DomainError(ErrorCodes.chatNotStarted, 'Start a chat first (chat:start).');
    const ticket = ticketFromRow(query, row as Record<string, unknown>);
    const state = toTicketState(ticket);
    const replay = await query.db
      .selectFrom('thread_item')
      .select(['id', 'body', 'created_at'])
      .where('ticket_id', '=', ticket.id)
      .where('client_id', '=', message.clientId)
      .executeTakeFirst();
    if (replay) {
      const stored = {
        ticketId: ticket.id,
        itemId: Number(replay.id),
        body: replay.body,
        createdAt: query.values.readDate(replay.created_at),
        status: ticket.status,
        ticketCreatedAt: state.createdAt,
        replay: true,
      };
      return { stored, written: null };
    }
    const change = onCustomerMessage(state, message.at);
    const itemIds: number[] = [];
    for (const event of change.events as readonly SystemEvent[]) {
      itemIds.push(await rows.insertThreadItem(threadRow(ticket.id, message.at, { kind: 'system_event', systemEvent: event })));
    }
    const itemId = await rows.insertThreadItem(
      threadRow(ticket.id, message.at, { kind: 'customer_message', body: message.body, authorContact: ticket.contactId ?? null, clientId: message.clientId }),
    );
    itemIds.push(itemId);
    await rows.updateTicket(ticket.id, { ...change.patch, updatedAt: message.at });
    await query.db.updateTable('visitor').set({ updated_at: query.values.date(message.at) } as never).where('id', '=', message.visitorId).execute();
    const status = change.patch.status ?? ticket.status;
    let reopenedChat = false;
    if (ticket.status === 'resolved' && status !== 'resolved') {
      // Rare: the message reopened a resolved chat, whose routing session waits again.
      reopenedChat = await openChatSession(tx, { ...ticket, ...change.patch }, message.body, message.at);
      await tx.flush();
    }
    const stored = { ticketId: ticket.id, itemId, body: message.body, createdAt: message.at, status, ticketCreatedAt: state.createdAt, replay: false, reopenedChat };
    return { stored, written: { ticketId: ticket.id, previous: state, itemIds } };
  }
}
