import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { DomainError, ErrorCodes, onCustomerMessage, type SystemEvent, type TicketState } from '@parley/domain';
import type { ContactSummaryDto } from '@parley/protocol';
import { sql as sqlTag } from 'kysely';
import type { Logger } from '../../logger.js';
import type { Em } from '../../db/orm.js';
import { withGatheredWrites } from '../../db/gathered-writes.js';
import { sql } from '../../db/sql.js';
import { toTicketState } from '../tickets/ticket.presenter.js';
import type { ThreadItem, Ticket } from '../tickets/ticket.entity.js';
import { threadRow, ticketFromRow } from '../tickets/ticket-row-columns.js';
import { type ThreadItemRow, type TicketPatch, ticketRowWriter } from '../tickets/ticket-rows.js';
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

/** What the batch's first read tells of a chat besides the ticket itself: its customer and its visitors (whose other tabs hear a message). */
interface ChatAround {
  readonly contact: ContactSummaryDto | null;
  readonly chatVisitorIds: readonly string[];
}

/** What the batch announces once its transaction has committed, per message written. */
export interface WrittenMessage extends ChatAround {
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
  /**
   * One queue per lane, each written by at most one batch at a time. A visitor's messages always take the
   * same lane, so two batches never want the same chat's row lock (on PostgreSQL the second waited for the
   * first's commit: up to 0.7 s under load, measured) and a visitor's messages are written in the order sent.
   */
  readonly #lanes: { pending: Pending[]; writing: boolean }[];

  constructor(
    private readonly rootEm: Em,
    private readonly logger: Logger,
    /** Announces what a batch wrote; its messages are answered once this has settled. */
    private readonly onCommitted: (written: readonly WrittenMessage[]) => Promise<void>,
    /** Batches written at once: 1 on SQLite (one writer), a few on PostgreSQL (one pooled connection each). */
    concurrency: number,
    /** The most messages one transaction takes; more wait for the next one. */
    private readonly maxBatch = 256,
  ) {
    this.#lanes = Array.from({ length: Math.max(1, concurrency) }, () => ({ pending: [], writing: false }));
  }

  write(visitorId: string, clientId: string, body: string, at: Date): Promise<StoredVisitorMessage> {
    return new Promise((resolve, reject) => {
      const lane = this.#lanes[laneOf(visitorId, this.#lanes.length)]!;
      lane.pending.push({ visitorId, clientId, body, at, resolve, reject });
      if (!lane.writing) {
        lane.writing = true;
        // Let the messages that arrived in this turn of the event loop join the batch.
        setImmediate(() => void this.#drain(lane));
      }
    });
  }

  async #drain(lane: { pending: Pending[]; writing: boolean }): Promise<void> {
    try {
      while (lane.pending.length > 0) {
        const batch = lane.pending.splice(0, this.maxBatch);
        await this.#writeBatch(batch);
      }
    } finally {
      lane.writing = false;
    }
  }

  async #writeBatch(batch: Pending[]): Promise<void> {
    let outcomes: Outcome[];
    try {
      outcomes = await this.#transactionAgainOnCopy(batch);
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
   * The batch's transaction, run again when the unique index refused a copy of a message that another
   * instance stored while this batch waited for the chat's lock (#chatsOf says why the read can miss it): the
   * next attempt reads it and answers the retry with it. Each attempt needs a race lost, so few are needed.
   */
  async #transactionAgainOnCopy(batch: readonly Pending[]): Promise<Outcome[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#transaction(batch);
      } catch (error) {
        if (!(error instanceof UniqueConstraintViolationException) || attempt >= MAX_ATTEMPTS_ON_COPY) throw error;
      }
    }
  }

  /**
   * One transaction for the batch: the visitors' chats (with their contacts and visitors) and any earlier
   * copies of these client ids are read with one query (the chats locked on PostgreSQL); the rules
   * decide each message in arrival order (a later message of a chat sees the chat as the earlier one left
   * it); then every item of the batch is inserted with one statement per 64, the chats updated to where
   * their last messages left them (one statement for all that change the same columns, as the messages of
   * open chats do), and the visitors' activity with one update for all. On PostgreSQL every statement is a
   * round trip, so the updates, their statistics facts and the visitors' activity go as WITHs of the first
   * insert: a batch of n messages costs about n/64 + 3 of them (begin, the chats with the copies, the
   * writes, commit), not 2n + 5, and nothing is read after commit to announce it.
   */
  #transaction(batch: readonly Pending[]): Promise<Outcome[]> {
    return (this.rootEm.fork() as Em).transactional(async (em) => {
      const tx = em as Em;
      const query = sql(tx);
      const { chats, around, stored } = await this.#chatsOf(tx, [...new Set(batch.map((m) => m.visitorId))], [...new Set(batch.map((m) => m.clientId))]);
      const planned: Planned[] = [];
      // Per chat: the ticket as the batch found it, and every change its messages make, merged.
      const chatChanges = new Map<number, { before: Ticket; patch: TicketPatch }>();
      const plannedByKey = new Map<string, Planned>();
      const decided: (Outcome | Planned | { replayOf: Planned })[] = [];
      const active = new Map<string, Date>();
      for (const message of batch) {
        const ticket = chats.get(message.visitorId);
        if (!ticket) {
          decided.push({ ok: false, error: new DomainError(ErrorCodes.chatNotStarted, 'Start a chat first (chat:start).') });
          continue;
        }
        const key = `${ticket.id}:${message.clientId}`;
        const copy = stored.get(key);
        if (copy) {
          const replay = { ticketId: ticket.id, itemId: copy.id, body: copy.body, createdAt: copy.createdAt, status: ticket.status, ticketCreatedAt: ticket.createdAt, replay: true };
          decided.push({ ok: true, stored: replay, written: null });
          continue;
        }
        // The same client id twice in one batch (a retry that caught up with its first attempt): one item.
        const earlier = plannedByKey.get(key);
        if (earlier) {
          decided.push({ replayOf: earlier });
          continue;
        }
        const plan = planMessage(ticket, message);
        const change = chatChanges.get(ticket.id) ?? { before: { ...ticket }, patch: {} };
        Object.assign(change.patch, plan.patch);
        chatChanges.set(ticket.id, change);
        // Later messages of this batch see the chat as this one left it.
        Object.assign(ticket, plan.patch);
        planned.push(plan);
        plannedByKey.set(key, plan);
        decided.push(plan);
        active.set(message.visitorId, message.at);
      }
      // The chats' updates, their statistics facts and the visitors' activity go with the items' insert: on
      // PostgreSQL one statement (a round trip each would cost more than the rows), on SQLite one each.
      const ids = await withGatheredWrites(query, async (writes) => {
        const rows = ticketRowWriter(tx, writes);
        await rows.updateTickets([...chatChanges.values()].map(({ before, patch }) => ({ ticket: before, patch })));
        if (active.size > 0) {
          const latest = new Date(Math.max(...[...active.values()].map((d) => d.getTime())));
          await writes.add(query.db.updateTable('visitor').set({ updated_at: query.values.date(latest) } as never).where('id', 'in', [...active.keys()]));
        }
        return rows.insertThreadItems(planned.flatMap((p) => p.rows));
      });
      let next = 0;
      for (const plan of planned) plan.items = plan.rows.map((row) => ({ ...row, id: ids[next++]! }) as ThreadItem);
      for (const plan of planned) {
        // Rare: the message reopened a resolved chat, whose routing session waits again.
        if (plan.reopens) plan.reopenedChat = await openChatSession(tx, plan.after, plan.message.body, plan.message.at);
      }
      if (planned.some((p) => p.reopens)) await tx.flush();
      return decided.map((d): Outcome => {
        if ('ok' in d) return d;
        if ('replayOf' in d) return { ok: true, stored: { ...storedOf(d.replayOf), replay: true, reopenedChat: false }, written: null };
        return { ok: true, stored: storedOf(d), written: { ticketId: d.after.id, previous: d.previous, ticket: d.after, items: d.items, ...around.get(d.after.id)! } };
      });
    });
  }

  /**
   * Each visitor's chat ticket, by visitor id, row-locked on PostgreSQL so a visitor's messages apply one at a
   * time; by ticket, its contact and all its visitors, which announcing the messages needs; and the items
   * already stored on those chats under these client ids (retries), by `ticketId:clientId`. One statement
   * (on PostgreSQL a round trip, and a batch's latency is its round trips), rather than read after commit.
   *
   * On PostgreSQL a `for update` that waited for another instance's batch reads the locked rows as that batch
   * left them, but its subqueries keep the snapshot from before the wait, so they can miss a copy that batch
   * just committed (the same message sent through two instances at once); the unique index on the client id
   * then refuses the second copy and the batch runs again (#transactionAgainOnCopy), with a new snapshot.
   */
  async #chatsOf(
    tx: Em,
    visitorIds: readonly string[],
    clientIds: readonly string[],
  ): Promise<{ chats: Map<string, Ticket>; around: Map<number, ChatAround>; stored: Map<string, { id: number; body: string; createdAt: Date }> }> {
    const query = sql(tx);
    const postgres = query.dialect === 'postgresql';
    const visitorsOfChat = postgres
      ? sqlTag<string>`(select json_agg(w.id order by w.id) from visitor as w where w.chat_ticket_id = t.id)`
      : sqlTag<string>`(select json_group_array(w.id) from (select id from visitor where chat_ticket_id = t.id order by id) as w)`;
    const copies = sqlTag.join(clientIds.map((id) => sqlTag`${id}`));
    const storedOfChat = postgres
      ? sqlTag<string>`(select json_agg(json_build_array(s.client_id, s.id, s.body, s.created_at)) from thread_item as s where s.ticket_id = t.id and s.client_id in (${copies}))`
      : sqlTag<string>`(select json_group_array(json_array(s.client_id, s.id, s.body, s.created_at)) from thread_item as s where s.ticket_id = t.id and s.client_id in (${copies}))`;
    let select = query.db
      .selectFrom('visitor as v')
      .innerJoin('ticket as t', 't.id', 'v.chat_ticket_id')
      .leftJoin('contact as c', 'c.id', 't.contact_id')
      .selectAll('t')
      .select(['v.id as visitor_id', 'c.name as contact_name', 'c.primary_email as contact_email'])
      .select(visitorsOfChat.as('chat_visitor_ids'))
      .select(storedOfChat.as('stored_copies'))
      .where('v.id', 'in', visitorIds)
      // One lock order for every batch, so two batches on PostgreSQL never wait for each other in a circle.
      .orderBy('v.id');
    // The visitor and the chat are locked; the contact is only read (nor could the nullable side of a join be locked).
    if (postgres) select = select.forUpdate(['v', 't']);
    const found = await select.execute();
    const chats = new Map<string, Ticket>();
    const around = new Map<number, ChatAround>();
    const stored = new Map<string, { id: number; body: string; createdAt: Date }>();
    for (const r of found as Record<string, unknown>[]) {
      const ticket = ticketFromRow(query, r);
      chats.set(String(r.visitor_id), ticket);
      const contact = ticket.contactId ? { id: ticket.contactId, name: (r.contact_name as string | null) ?? null, email: (r.contact_email as string | null) ?? null } : null;
      around.set(ticket.id, { contact, chatVisitorIds: query.values.readJsonOrNull<string[]>(r.chat_visitor_ids) ?? [] });
      for (const [clientId, id, body, createdAt] of query.values.readJsonOrNull<[string, number, string, unknown][]>(r.stored_copies) ?? []) {
        stored.set(`${ticket.id}:${clientId}`, { id: Number(id), body, createdAt: query.values.readDate(createdAt) });
      }
    }
    return { chats, around, stored };
  }
}

/** Attempts of a batch whose copies another instance kept committing under it: each needs a race lost. */
const MAX_ATTEMPTS_ON_COPY = 3;

/** One message as the rules decided it, before its items have ids. */
interface Planned {
  readonly message: Pending;
  /** The chat as this message found it. */
  readonly previous: TicketState;
  /** The chat as this message left it. */
  readonly after: Ticket;
  readonly patch: TicketPatch;
  /** The rules' events, then the message. */
  readonly rows: readonly ThreadItemRow[];
  readonly reopens: boolean;
  items: readonly ThreadItem[];
  reopenedChat: boolean;
}

function planMessage(ticket: Ticket, message: Pending): Planned {
  const previous = toTicketState(ticket);
  const change = onCustomerMessage(previous, message.at);
  const rows = [
    ...(change.events as readonly SystemEvent[]).map((event) => threadRow(ticket.id, message.at, { kind: 'system_event', systemEvent: event })),
    threadRow(ticket.id, message.at, { kind: 'customer_message', body: message.body, authorContact: ticket.contactId ?? null, clientId: message.clientId }),
  ];
  const patch = { ...change.patch, updatedAt: message.at } as TicketPatch;
  const after = { ...ticket, ...patch } as Ticket;
  return { message, previous, after, patch, rows, reopens: ticket.status === 'resolved' && after.status !== 'resolved', items: [], reopenedChat: false };
}

/** What the visitor is answered for a planned message, once its items have ids. */
function storedOf(plan: Planned): StoredVisitorMessage {
  const item = plan.items[plan.items.length - 1]!;
  return {
    ticketId: plan.after.id,
    itemId: item.id,
    body: plan.message.body,
    createdAt: plan.message.at,
    status: plan.after.status,
    ticketCreatedAt: plan.previous.createdAt,
    replay: false,
    reopenedChat: plan.reopenedChat,
  };
}

/** A visitor's lane: a hash of the id (FNV-1a), so the choice needs nothing remembered. */
function laneOf(visitorId: string, lanes: number): number {
  if (lanes === 1) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < visitorId.length; i++) hash = Math.imul(hash ^ visitorId.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % lanes;
}
