import { type AgentPrincipal, canAgentSeeTicket } from '@parley/domain';
import type { Em } from '../../db/orm.js';
import { PreparedQuery } from '../../db/prepared-query.js';
import { type Sql, sql } from '../../db/sql.js';
import { Ticket } from './ticket.entity.js';
import { ticketFromRow } from './ticket-row-columns.js';
import { ticketNotFound } from './ticket.repository.js';

/** The columns a query selects besides the ticket's own, each named with this prefix. */
export const EXTRA = 'x_';

/**
 * A ticket about to change, read with one prepared statement on the transaction's connection (locked on
 * PostgreSQL; SQLite runs one write transaction at a time) and handed to the transaction's unit of work as
 * a loaded entity, so the change is written as the ORM computes it. Visibility is decided by the domain's
 * own rule on the row rather than by a filter rebuilt per agent, so one statement text serves everyone.
 */
export async function loadTicketForChange(tx: Em, agent: AgentPrincipal, id: number): Promise<Ticket> {
  const { ticket } = await loadTicketWith(tx, agent, id, TICKET_FOR_CHANGE, {});
  return ticket;
}

/** A ticket about to change by the system's own doing (a job, a sweep): the same read, no agent to check. */
export async function loadTicketLocked(tx: Em, id: number): Promise<Ticket> {
  const q = sql(tx);
  const [row] = await TICKET_FOR_CHANGE.execute(q, { id });
  if (!row) throw ticketNotFound(id);
  return tx.merge(Ticket, ticketFromRow(q, row), { convertCustomTypes: false, refresh: true, validate: false });
}

/**
 * Like loadTicketForChange with more columns from the same statement (a reply's letter context): `query`
 * selects the ticket's columns and extra ones prefixed with EXTRA, which come back apart.
 */
export async function loadTicketWith<Values extends Record<string, unknown>>(
  tx: Em,
  agent: AgentPrincipal,
  id: number,
  query: PreparedQuery<Values & { id: number }, Record<string, unknown>>,
  values: Values,
): Promise<{ ticket: Ticket; extra: Record<string, unknown> }> {
  const q: Sql = sql(tx);
  const [row] = await query.execute(q, { ...values, id });
  if (!row) throw ticketNotFound(id);
  const columns: Record<string, unknown> = {};
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (key.startsWith(EXTRA)) extra[key.slice(EXTRA.length)] = value;
    else columns[key] = value;
  }
  const plain = ticketFromRow(q, columns);
  if (!canAgentSeeTicket(agent, { ...plain, departmentId: plain.departmentId ?? null, assignedAgentId: plain.assignedAgentId ?? null, createdByAgentId: plain.createdByAgentId ?? null, contactId: plain.contactId ?? null })) {
    throw ticketNotFound(id);
  }
  // Values are already the entity's (dates, booleans, arrays): merged as loaded, not converted again.
  const ticket = tx.merge(Ticket, plain, { convertCustomTypes: false, refresh: true, validate: false });
  return { ticket, extra };
}

const TICKET_FOR_CHANGE = new PreparedQuery<{ id: number }, Record<string, unknown>>((db, value, dialect) => {
  const query = db.selectFrom('ticket as t').selectAll('t').where('t.id', '=', value('id'));
  return dialect === 'postgresql' ? query.forUpdate('t') : query;
});
