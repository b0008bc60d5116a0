import { type FilterQuery, LockMode, QueryOrder, raw } from '@mikro-orm/core';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import { type AgentPrincipal, agentTicketScope, type BaseStatus, DomainError, ErrorCodes } from '@parley/domain';
import type { ContactSummaryDto, ListTicketsQuery } from '@parley/protocol';
import { containsText } from '../../db/list-filters.js';
import type { Em } from '../../db/orm.js';
import { Attachment } from '../attachments/attachment.entity.js';
import { EmailMessage } from '../email/email.entity.js';
import { Contact, ContactEmail } from '../contacts/contact.entity.js';
import { ThreadItem, Ticket, TicketTag } from './ticket.entity.js';

/** agentTicketScope as a MikroORM filter. */
export function visibleToAgent(agent: AgentPrincipal): FilterQuery<Ticket> {
  const scope = agentTicketScope(agent);
  if (scope === null) return {};
  return {
    $or: [
      ...(scope.departmentIds.length > 0 ? [{ departmentId: { $in: [...scope.departmentIds] } }] : []),
      { assignedAgentId: scope.agentId },
      { internal: true, createdByAgentId: scope.agentId },
    ],
  };
}

export function ticketNotFound(id: number): DomainError {
  return new DomainError(ErrorCodes.ticketNotFound, `Ticket ${id} not found.`, { ticketId: id });
}

/**
 * Loads a ticket the agent may see, or answers not found (an agent learns nothing about tickets outside
 * their reach, not even that they exist). Inside a transaction on PostgreSQL the row is locked, so two
 * concurrent changes to one ticket run one after the other; SQLite runs write transactions one at a time.
 */
export async function findTicketForAgent(em: Em, agent: AgentPrincipal, id: number, lock = false): Promise<Ticket> {
  // SQLite runs one write transaction at a time, so only PostgreSQL needs (and supports) the row lock.
  const pessimistic = lock && em.getPlatform() instanceof PostgreSqlPlatform;
  const ticket = await em.findOne(
    Ticket,
    { $and: [{ id }, visibleToAgent(agent)] },
    pessimistic ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {},
  );
  if (!ticket) throw ticketNotFound(id);
  return ticket;
}

export async function contactSummaries(em: Em, contactIds: readonly (number | null | undefined)[]): Promise<Map<number, ContactSummaryDto>> {
  const ids = [...new Set(contactIds.filter((id): id is number => typeof id === 'number'))];
  const map = new Map<number, ContactSummaryDto>();
  if (ids.length === 0) return map;
  const contacts = await em.find(Contact, { id: { $in: ids } }, { fields: ['id', 'name', 'primaryEmail'] });
  for (const c of contacts) map.set(c.id, { id: c.id, name: c.name ?? null, email: c.primaryEmail ?? null });
  return map;
}

export async function threadOf(
  em: Em,
  ticketId: number,
): Promise<{ items: ThreadItem[]; attachments: Map<number, Attachment[]>; emails: Map<number, EmailSummary> }> {
  const items = await em.find(ThreadItem, { ticket: ticketId }, { orderBy: { id: QueryOrder.ASC } });
  const [attachments, emails] = await Promise.all([attachmentsOf(em, items.map((i) => i.id)), emailsOf(em, items.map((i) => i.id))]);
  return { items, attachments, emails };
}

/** An item's email row without its HTML body (fetched one at a time, sanitized, when shown), and whether it has one. */
export type EmailSummary = Omit<EmailMessage, 'html'> & { readonly hasHtml: boolean };

/** The email rows of thread items that came in or went out by email, by item id. */
export async function emailsOf(em: Em, itemIds: readonly number[]): Promise<Map<number, EmailSummary>> {
  if (itemIds.length === 0) return new Map();
  const ids = [...itemIds];
  const [rows, withHtml] = await Promise.all([
    em.find(EmailMessage, { threadItem: { $in: ids } }, { exclude: ['html'] } as never),
    em.find(EmailMessage, { threadItem: { $in: ids }, html: { $ne: null } }, { fields: ['threadItem'] }),
  ]);
  const hasHtml = new Set(withHtml.map((row) => row.threadItem));
  return new Map(rows.map((row) => [row.threadItem, { ...row, hasHtml: hasHtml.has(row.threadItem) }]));
}

export async function attachmentsOf(em: Em, itemIds: readonly number[]): Promise<Map<number, Attachment[]>> {
  const map = new Map<number, Attachment[]>();
  if (itemIds.length === 0) return map;
  const rows = await em.find(Attachment, { threadItem: { $in: [...itemIds] } }, { orderBy: { createdAt: QueryOrder.ASC } });
  for (const row of rows) {
    const list = map.get(row.threadItem!) ?? [];
    list.push(row);
    map.set(row.threadItem!, list);
  }
  return map;
}

// ---- the ticket list: filters, sort and keyset pagination

type SortField = 'waitingSince' | 'updatedAt' | 'slaNextDueAt' | 'id';
interface SortSpec {
  readonly field: SortField;
  readonly direction: 'asc' | 'desc';
  readonly nullable: boolean;
}

const SORTS: Record<ListTicketsQuery['sort'], SortSpec> = {
  '-waiting': { field: 'waitingSince', direction: 'asc', nullable: true },
  waiting: { field: 'waitingSince', direction: 'desc', nullable: true },
  '-created': { field: 'id', direction: 'desc', nullable: false },
  created: { field: 'id', direction: 'asc', nullable: false },
  '-updated': { field: 'updatedAt', direction: 'desc', nullable: false },
  updated: { field: 'updatedAt', direction: 'asc', nullable: false },
  sla: { field: 'slaNextDueAt', direction: 'asc', nullable: true },
};

interface CursorValue {
  readonly s: string;
  readonly v: string | number | null;
  readonly id: number;
}

function encodeCursor(sort: string, ticket: Ticket, spec: SortSpec): string {
  const raw = ticket[spec.field] as Date | number | null | undefined;
  const v = raw instanceof Date ? raw.toISOString() : (raw ?? null);
  return Buffer.from(JSON.stringify({ s: sort, v, id: ticket.id } satisfies CursorValue)).toString('base64url');
}

/**
 * A cursor comes back from the client, so it is input like any other: anything but the exact shape this list
 * wrote (its sort, a positive id, and for a time sort an ISO time or null) is refused with a 400 before it
 * reaches the database (a forged value once became `no such column: NaN` and a 500).
 */
function decodeCursor(cursor: string, sort: string, spec: SortSpec): CursorValue {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = null;
  }
  if (isCursorOf(value, sort, spec)) return value;
  throw new DomainError(ErrorCodes.requestInvalidCursor, 'cursor: not a cursor of this list (sort changed?).');
}

function isCursorOf(value: unknown, sort: string, spec: SortSpec): value is CursorValue {
  if (typeof value !== 'object' || value === null) return false;
  const { s, v, id } = value as Record<string, unknown>;
  if (s !== sort || typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) return false;
  if (spec.field === 'id') return true;
  return v === null || (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(v) && Number.isFinite(Date.parse(v)));
}

function afterCursor(spec: SortSpec, cursor: CursorValue): FilterQuery<Ticket> {
  const op = spec.direction === 'asc' ? '$gt' : '$lt';
  if (spec.field === 'id') return { id: { [op]: cursor.id } };
  if (cursor.v === null) return { [spec.field]: null, id: { [op]: cursor.id } };
  const value = new Date(String(cursor.v));
  return {
    $or: [
      { [spec.field]: { [op]: value } },
      { [spec.field]: value, id: { [op]: cursor.id } },
      ...(spec.nullable ? [{ [spec.field]: null }] : []),
    ],
  } as FilterQuery<Ticket>;
}

/**
 * The list's filters (GET /tickets, GET /tickets/count, saved views) as conditions over the tickets the agent
 * may see: one function, so a list, its count and a saved view's count cannot disagree. An empty list of
 * values does not filter.
 */
export type TicketListFilters = Omit<Partial<ListTicketsQuery>, 'sort' | 'cursor' | 'limit'>;

export function ticketListConditions(em: Em, agent: AgentPrincipal, filters: TicketListFilters): FilterQuery<Ticket>[] {
  const and: FilterQuery<Ticket>[] = [visibleToAgent(agent), { folder: filters.folder ?? 'inbox' }];
  if (filters.status?.length) and.push({ status: { $in: filters.status } });
  if (filters.customStatusId) and.push({ customStatusId: filters.customStatusId });
  if (filters.departmentId?.length) and.push({ departmentId: { $in: filters.departmentId } });
  if (filters.agentId === 'none') and.push({ assignedAgentId: null });
  else if (filters.agentId === 'me') and.push({ assignedAgentId: agent.agentId });
  else if (filters.agentId !== undefined) and.push({ assignedAgentId: filters.agentId });
  if (filters.channel?.length) and.push({ channel: { $in: filters.channel } });
  if (filters.priority?.length) and.push({ priority: { $in: filters.priority } });
  if (filters.contactId) and.push({ contactId: filters.contactId });
  if (filters.internal !== undefined) and.push({ internal: filters.internal });
  if (filters.tag) {
    const tagged = em.createQueryBuilder(TicketTag, 'tt').select('tt.ticket').where({ tag: filters.tag.toLowerCase() });
    and.push({ id: { $in: tagged.toRaw() } });
  }
  if (filters.q) and.push(textFilter(em, filters.q));
  return and;
}

/** How many tickets the list with these filters holds for the agent. */
export function countTickets(em: Em, agent: AgentPrincipal, filters: TicketListFilters): Promise<number> {
  return em.count(Ticket, { $and: ticketListConditions(em, agent, filters) });
}

export async function listTickets(
  em: Em,
  agent: AgentPrincipal,
  query: ListTicketsQuery,
): Promise<{ tickets: Ticket[]; nextCursor: string | null }> {
  const and = ticketListConditions(em, agent, query);
  const spec = SORTS[query.sort];
  if (query.cursor) and.push(afterCursor(spec, decodeCursor(query.cursor, query.sort, spec)));
  const nulls = spec.direction === 'asc' ? QueryOrder.ASC_NULLS_LAST : QueryOrder.DESC_NULLS_LAST;
  const orderBy =
    spec.field === 'id'
      ? { id: spec.direction === 'asc' ? QueryOrder.ASC : QueryOrder.DESC }
      : { [spec.field]: spec.nullable ? nulls : spec.direction, id: spec.direction === 'asc' ? QueryOrder.ASC : QueryOrder.DESC };
  const tickets = await em.find(Ticket, { $and: and }, { orderBy: orderBy as never, limit: query.limit + 1 });
  const hasMore = tickets.length > query.limit;
  if (hasMore) tickets.pop();
  const last = tickets.at(-1);
  return { tickets, nextCursor: hasMore && last ? encodeCursor(query.sort, last, spec) : null };
}

/**
 * Tickets the agent may see, counted per department and base status in one grouped query (the department
 * and status indexes serve it); `departmentId` null is the tickets in no department.
 */
export async function ticketCountsByDepartment(
  em: Em,
  agent: AgentPrincipal,
): Promise<{ departmentId: number | null; status: BaseStatus; count: number }[]> {
  const rows = await em
    .createQueryBuilder(Ticket, 't')
    .select(['t.departmentId', 't.status', raw('count(*) as ticket_count')])
    .where({ $and: [visibleToAgent(agent), { folder: 'inbox' }] } as never)
    .groupBy(['t.departmentId', 't.status'])
    .execute<{ department_id: number | string | null; status: BaseStatus; ticket_count: number | string }[]>('all', false);
  // PostgreSQL answers count(*) as a bigint, which arrives as text.
  return rows.map((r) => ({ departmentId: r.department_id === null ? null : Number(r.department_id), status: r.status, count: Number(r.ticket_count) }));
}

/**
 * Per department, the visible tickets whose soonest service-level target is already missed, and those due
 * within the at-risk window: two grouped counts on the (department, status, soonest due) index.
 */
export async function slaCountsByDepartment(em: Em, agent: AgentPrincipal, now: Date, atRiskMs: number): Promise<Map<number | null, { atRisk: number; breached: number }>> {
  const count = (due: FilterQuery<Ticket>) =>
    em
      .createQueryBuilder(Ticket, 't')
      .select(['t.departmentId', raw('count(*) as ticket_count')])
      .where({ $and: [visibleToAgent(agent), { folder: 'inbox', status: { $ne: 'resolved' } }, due] } as never)
      .groupBy(['t.departmentId'])
      .execute<{ department_id: number | string | null; ticket_count: number | string }[]>('all', false);
  const [breached, atRisk] = await Promise.all([count({ slaNextDueAt: { $lt: now } }), count({ slaNextDueAt: { $gte: now, $lt: new Date(now.getTime() + atRiskMs) } })]);
  const counts = new Map<number | null, { atRisk: number; breached: number }>();
  const entry = (id: number | string | null) => {
    const key = id === null ? null : Number(id);
    const found = counts.get(key) ?? { atRisk: 0, breached: 0 };
    counts.set(key, found);
    return found;
  };
  for (const row of breached) entry(row.department_id).breached = Number(row.ticket_count);
  for (const row of atRisk) entry(row.department_id).atRisk = Number(row.ticket_count);
  return counts;
}

function textFilter(em: Em, q: string): FilterQuery<Ticket> {
  const number = /^#?(\d{1,15})$/.exec(q)?.[1];
  const byEmail = em.createQueryBuilder(ContactEmail, 'ce').select('ce.contact').where(containsText('email', q));
  return {
    $or: [containsText('subject', q), { contactId: { $in: byEmail.toRaw() } }, ...(number ? [{ id: Number(number) }] : [])],
  };
}

