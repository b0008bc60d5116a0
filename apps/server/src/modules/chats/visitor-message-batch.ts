import { DomainError, ErrorCodes, newChatSession, onCustomerMessage, type SystemEvent, type TicketChange, type TicketState } from '@parley/domain';
import type { AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import type { NativeSqlite } from '../../db/sqlite-native.js';
import { toTicketState } from '../tickets/ticket.presenter.js';
import type { Ticket } from '../tickets/ticket.entity.js';
import { readSqliteTicket, updateSqliteTicket } from '../tickets/ticket-rows.js';
import { chatPreview } from './chat-session.repository.js';

/** A visitor's message as stored by the batch: enough to answer the visitor without reading it back. */
export interface StoredVisitorMessage {
  readonly ticketId: number;
  readonly itemId: number;
  readonly body: string;
  readonly createdAt: Date;
  readonly status: TicketState['status'];
  readonly ticketCreatedAt: Date;
  /** True when this client id was already stored (a retry): nothing was written or announced. */
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

const INSERT_ITEM = `insert into thread_item (ticket_id, kind, body, author_agent_id, author_contact_id, system_event, recipients_to, recipients_cc, client_id, created_at)
  values (?, ?, ?, null, ?, ?, null, null, ?, ?)`;

/** What the batch publishes once its transaction has committed, per message written. */
export interface WrittenMessage {
  readonly ticketId: number;
  readonly previous: TicketState;
  readonly itemIds: readonly number[];
}

/**
 * Group commit for visitors' chat messages on SQLite, the hottest write there is. Messages that arrive while
 * a batch is being written wait for the next one, and each batch is one transaction of statements prepared
 * once and run synchronously on SQLite's own handle: no ORM unit of work, no await while the write lock is
 * held. Each message runs inside its own savepoint, so one message's failure (a chat not started, a
 * constraint) refuses that message alone. A message is answered only after its batch committed.
 *
 * SQLite has one writer, so this is also what keeps a visitor's client-id check race-free here (the ORM path
 * that PostgreSQL takes locks the visitor's row instead).
 */
export class VisitorMessageBatch {
  #pending: Pending[] = [];
  #writing = false;

  constructor(
    private readonly app: AppContext,
    private readonly sqlite: NativeSqlite,
    private readonly em: Em,
    private readonly onCommitted: (written: readonly WrittenMessage[]) => void,
    /** The most messages one transaction takes; more wait for the next one. */
    private readonly maxBatch = 512,
  ) {}

  write(visitorId: string, clientId: string, body: string, at: Date): Promise<StoredVisitorMessage> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ visitorId, clientId, body, at, resolve, reject });
      if (!this.#writing) {
        this.#writing = true;
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
      this.#writing = false;
    }
  }

  async #writeBatch(batch: Pending[]): Promise<void> {
    const outcomes: ({ ok: true; stored: StoredVisitorMessage; written: WrittenMessage | null } | { ok: false; error: unknown })[] = [];
    try {
      await this.sqlite.transaction(this.em, async () => {
        for (const message of batch) {
          this.sqlite.statement('savepoint visitor_message').run();
          try {
            const result = this.#writeOne(message);
            this.sqlite.statement('release visitor_message').run();
            outcomes.push({ ok: true, ...result });
          } catch (error) {
            this.sqlite.statement('rollback to visitor_message').run();
            this.sqlite.statement('release visitor_message').run();
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      // The commit itself failed: nothing of this batch is stored, so no message of it is acknowledged.
      for (const message of batch) message.reject(error);
      return;
    }
    const written: WrittenMessage[] = [];
    batch.forEach((message, i) => {
      const outcome = outcomes[i]!;
      if (!outcome.ok) {
        message.reject(outcome.error);
        return;
      }
      if (outcome.written) written.push(outcome.written);
      message.resolve(outcome.stored);
    });
    if (written.length > 0) {
      try {
        this.onCommitted(written);
      } catch (error) {
        this.app.logger.error({ err: error }, 'announcing visitor messages failed');
      }
    }
  }

  #writeOne(message: Pending): { stored: StoredVisitorMessage; written: WrittenMessage | null } {
    const { sqlite } = this;
    const visitor = sqlite.statement('select chat_ticket_id from visitor where id = ?').get(message.visitorId) as { chat_ticket_id: number | null } | undefined;
    const ticketId = visitor?.chat_ticket_id ?? null;
    const row = ticketId === null ? null : readSqliteTicket(sqlite, ticketId);
    if (!row) throw new DomainError(ErrorCodes.chatNotStarted, 'Start a chat first (chat:start).');
    const state = toTicketState(row);
    const replay = sqlite.statement('select id, body, created_at from thread_item where ticket_id = ? and client_id = ?').get(row.id, message.clientId) as
      | { id: number; body: string; created_at: number }
      | undefined;
    if (replay) {
      const stored = { ticketId: row.id, itemId: replay.id, body: replay.body, createdAt: new Date(replay.created_at), status: row.status, ticketCreatedAt: state.createdAt, replay: true };
      return { stored, written: null };
    }
    const change: TicketChange = onCustomerMessage(state, message.at);
    const at = message.at.getTime();
    const itemIds = change.events.map((event: SystemEvent) =>
      Number(sqlite.statement(INSERT_ITEM).run(row.id, 'system_event', '', null, JSON.stringify(event), null, at).lastInsertRowid),
    );
    const itemId = Number(sqlite.statement(INSERT_ITEM).run(row.id, 'customer_message', message.body, row.contactId ?? null, null, message.clientId, at).lastInsertRowid);
    itemIds.push(itemId);
    updateSqliteTicket(sqlite, row.id, { ...change.patch, updatedAt: message.at });
    sqlite.statement('update visitor set updated_at = ? where id = ?').run(at, message.visitorId);
    const status = change.patch.status ?? row.status;
    const reopenedChat = row.status === 'resolved' && status !== 'resolved' && this.#reopenChatSession(row, message.body, message.at);
    const stored = { ticketId: row.id, itemId, body: message.body, createdAt: message.at, status, ticketCreatedAt: state.createdAt, replay: false, reopenedChat };
    return { stored, written: { ticketId: row.id, previous: state, itemIds } };
  }

  /**
   * openChatSession's twin on the native handle, for the rare message that reopens a resolved chat: its
   * session (ended, or missing for a chat older than routing) waits again, written in the message's savepoint.
   */
  #reopenChatSession(row: Ticket, body: string, at: Date): boolean {
    const { sqlite } = this;
    const existing = sqlite.statement('select phase, department_id from chat_session where ticket_id = ?').get(row.id) as
      | { phase: string; department_id: number | null }
      | undefined;
    if (existing && existing.phase !== 'ended') return false;
    const session = newChatSession(existing?.department_id ?? row.departmentId ?? null, at);
    const values = [
      session.phase,
      session.departmentId,
      JSON.stringify(session.participantIds),
      JSON.stringify(session.offeredAgentIds),
      JSON.stringify(session.declinedAgentIds),
      chatPreview(body),
      session.offerRound,
      session.waitingSince.getTime(),
      session.offeredAt.getTime(),
      at.getTime(),
      row.id,
    ];
    if (existing) {
      sqlite
        .statement(`update chat_session set phase = ?, department_id = ?, owner_agent_id = null, participant_ids = ?, offered_agent_ids = ?,
          declined_agent_ids = ?, target_agent_id = null, preview = ?, offer_round = ?, waiting_since = ?, offered_at = ?,
          owner_absent_since = null, updated_at = ? where ticket_id = ?`)
        .run(...values);
    } else {
      sqlite
        .statement(`insert into chat_session (phase, department_id, participant_ids, offered_agent_ids, declined_agent_ids, preview, offer_round,
          waiting_since, offered_at, updated_at, ticket_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(...values);
    }
    return true;
  }
}
