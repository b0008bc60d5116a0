import { sql as sqlTag } from 'kysely';
import { PreparedQuery } from '../../db/prepared-query.js';
import { FACT_COLUMNS } from '../statistics/statistics-recording.js';

/**
 * The prepared statements that insert new tickets and thread items (ticket-rows.ts runs them): each value a
 * named column, one text per shape, kept prepared on both databases.
 */

/** A query whose values are all named columns: an insert of one row of `columns`, returning its id. */
function insertReturningId(table: 'ticket' | 'thread_item', columns: readonly string[]) {
  return new PreparedQuery<Record<string, unknown>, { id: number }>((db, value) =>
    db
      .insertInto(table)
      .values(Object.fromEntries(columns.map((c) => [c, value(c)])) as never)
      .returning('id'),
  );
}

const TICKET_COLUMNS = [
  'subject', 'status', 'custom_status_id', 'internal', 'channel', 'priority', 'department_id', 'assigned_agent_id', 'contact_id',
  'created_by_agent_id', 'tags', 'cc', 'client_id', 'customer_token_hash', 'created_at', 'updated_at', 'first_agent_reply_at',
  'last_customer_message_at', 'last_agent_reply_at', 'resolved_at', 'postponed_until', 'waiting_since', 'status_changed_at',
  'sla_policy_id', 'sla_history', 'sla_first_response_due_at', 'sla_next_response_due_at', 'sla_resolution_due_at', 'sla_chat_answer_due_at',
  'sla_next_due_at', 'sla_next_alarm_at', 'search_text',
];

export const INSERT_TICKET = insertReturningId('ticket', TICKET_COLUMNS);

const NEW_TICKET_STATEMENTS = new Map<string, PreparedQuery<Record<string, unknown>, { id: number; ticket_id?: number }>>();

/**
 * PostgreSQL: a new ticket, its `facts` statistics facts and its first `items` thread items in one statement
 * (a round trip, and a write syscall on each side, cost more than the rows), the ticket and the facts as
 * data-modifying WITHs, which run once whether or not the rest reads them. With items, it answers each
 * item's id and the ticket's; without, the ticket's id. One text per count of facts and items.
 */
export function newTicketStatement(facts: number, items: number): PreparedQuery<Record<string, unknown>, { id: number; ticket_id?: number }> {
  const key = `${facts}:${items}`;
  let query = NEW_TICKET_STATEMENTS.get(key);
  if (!query) {
    query = new PreparedQuery<Record<string, unknown>, { id: number; ticket_id?: number }>((db, value) => {
      const ticket = Object.fromEntries(TICKET_COLUMNS.map((c) => [c, value(c)]));
      const factRows = Array.from({ length: facts }, (_, i) => Object.fromEntries(FACT_COLUMNS.map((c) => [c, value(`f${i}_${c}`)])));
      const withFacts = (cte: typeof db) => (facts > 0 ? cte.with('facts', (f) => f.insertInto('statistics_fact').values(factRows as never)) : cte) as typeof db;
      if (items === 0) return withFacts(db).insertInto('ticket').values(ticket as never).returning('id');
      const itemRows = Array.from({ length: items }, (_, i) => ({
        ...Object.fromEntries(THREAD_ITEM_COLUMNS.map((c) => [c, value(`i${i}_${c}`)])),
        ticket_id: sqlTag`(select id from new_ticket)`,
      }));
      return withFacts(db.with('new_ticket', (t) => t.insertInto('ticket').values(ticket as never).returning('id')) as unknown as typeof db)
        .insertInto('thread_item')
        .values(itemRows as never)
        .returning(['id', 'ticket_id']);
    });
    NEW_TICKET_STATEMENTS.set(key, query);
  }
  return query;
}

/** A thread item's columns besides its ticket's id. */
const THREAD_ITEM_COLUMNS = ['kind', 'body', 'author_agent_id', 'author_contact_id', 'system_event', 'recipients_to', 'recipients_cc', 'client_id', 'created_at', 'search_text'];

export const INSERT_THREAD_ITEM = insertReturningId('thread_item', ['ticket_id', ...THREAD_ITEM_COLUMNS]);
