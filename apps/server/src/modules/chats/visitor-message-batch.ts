import { DomainError, ErrorCodes, onCustomerMessage, type SystemEvent, type TicketChange, type TicketState } from '@parley/domain';
import type { AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import type { NativeSqlite } from '../../db/sqlite-native.js';

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
}

interface Pending {
  readonly visitorId: string;
  readonly clientId: string;
  readonly body: string;
  readonly at: Date;
  readonly resolve: (stored: StoredVisitorMessage) => void;
  readonly reject: (error: unknown) => void;
}

interface TicketRow {
  id: number;
  status: TicketState['status'];
  custom_status_id: number | null;
  internal: number;
  channel: TicketState['channel'];
  priority: TicketState['priority'];
  department_id: number | null;
  assigned_agent_id: number | null;
  contact_id: number | null;
  created_by_agent_id: number | null;
  created_at: number;
  first_agent_reply_at: number | null;
  last_customer_message_at: number | null;
  last_agent_reply_at: number | null;
  resolved_at: number | null;
  postponed_until: number | null;
  waiting_since: number | null;
}

const date = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

function ticketState(row: TicketRow): TicketState {
  return {
    status: row.status,
    customStatusId: row.custom_status_id,
    internal: row.internal === 1,
    channel: row.channel,
    priority: row.priority,
    departmentId: row.department_id,
    assignedAgentId: row.assigned_agent_id,
    contactId: row.contact_id,
    createdByAgentId: row.created_by_agent_id,
    createdAt: new Date(row.created_at),
    firstAgentReplyAt: date(row.first_agent_reply_at),
    lastCustomerMessageAt: date(row.last_customer_message_at),
    lastAgentReplyAt: date(row.last_agent_reply_at),
    resolvedAt: date(row.resolved_at),
    postponedUntil: date(row.postponed_until),
    waitingSince: date(row.waiting_since),
  };
}

/** The ticket columns a customer message's patch may touch, by the domain's field names. */
const PATCH_COLUMNS: Partial<Record<keyof TicketState, string>> = {
  status: 'status',
  customStatusId: 'custom_status_id',
  lastCustomerMessageAt: 'last_customer_message_at',
  waitingSince: 'waiting_since',
  postponedUntil: 'postponed_until',
  resolvedAt: 'resolved_at',
  firstAgentReplyAt: 'first_agent_reply_at',
  lastAgentReplyAt: 'last_agent_reply_at',
  assignedAgentId: 'assigned_agent_id',
  departmentId: 'department_id',
  priority: 'priority',
};

const sqliteValue = (value: unknown): unknown => (value instanceof Date ? value.getTime() : typeof value === 'boolean' ? (value ? 1 : 0) : (value ?? null));

const TICKET_COLUMNS = `id, status, custom_status_id, internal, channel, priority, department_id, assigned_agent_id, contact_id,
  created_by_agent_id, created_at, first_agent_reply_at, last_customer_message_at, last_agent_reply_at, resolved_at, postponed_until, waiting_since`;
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
    const row = ticketId === null ? undefined : (sqlite.statement(`select ${TICKET_COLUMNS} from ticket where id = ?`).get(ticketId) as TicketRow | undefined);
    if (!row) throw new DomainError(ErrorCodes.chatNotStarted, 'Start a chat first (chat:start).');
    const state = ticketState(row);
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
    const itemId = Number(sqlite.statement(INSERT_ITEM).run(row.id, 'customer_message', message.body, row.contact_id, null, message.clientId, at).lastInsertRowid);
    itemIds.push(itemId);
    this.#updateTicket(row.id, change.patch, at);
    sqlite.statement('update visitor set updated_at = ? where id = ?').run(at, message.visitorId);
    const status = change.patch.status ?? row.status;
    const stored = { ticketId: row.id, itemId, body: message.body, createdAt: message.at, status, ticketCreatedAt: state.createdAt, replay: false };
    return { stored, written: { ticketId: row.id, previous: state, itemIds } };
  }

  #updateTicket(ticketId: number, patch: TicketChange['patch'], at: number): void {
    const columns: string[] = [];
    const values: unknown[] = [];
    for (const [field, value] of Object.entries(patch)) {
      const column = PATCH_COLUMNS[field as keyof TicketState];
      if (!column) throw new Error(`visitor message batch: no column for the ticket field ${field}`);
      columns.push(`${column} = ?`);
      values.push(sqliteValue(value));
    }
    columns.push('updated_at = ?');
    values.push(at);
    // The statement text depends only on which fields the patch has, so a handful of statements are prepared.
    this.sqlite.statement(`update ticket set ${columns.join(', ')} where id = ?`).run(...values, ticketId);
  }
}
