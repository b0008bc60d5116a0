import { BASE_STATUSES, CHANNELS, PRIORITIES, TICKET_FOLDERS, TICKET_LIST_SORTS, type TicketListSort } from '@parley/domain';
import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import type { TicketListQuery } from '../../stores/ticket-list';

export const DEFAULT_SORT: TicketListSort = '-waiting';

function list<T extends string>(value: unknown, allowed: readonly T[]): T[] | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const items = value.split(',').filter((v): v is T => (allowed as readonly string[]).includes(v));
  return items.length > 0 ? items : undefined;
}

function ids(value: unknown): number[] | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const items = value.split(',').map(Number).filter((id) => Number.isInteger(id) && id > 0);
  return items.length > 0 ? items : undefined;
}

/**
 * The list's filters live in the address (`/tickets?status=new,open&department=2`), so a reload, a bookmark
 * or a link to a colleague shows the same list. Unknown values are dropped, not sent to the server.
 */
export function queryFromRoute(route: LocationQuery): TicketListQuery {
  const agent = route.agent;
  const agentId = agent === 'me' || agent === 'none' ? agent : ids(agent)?.[0];
  const sort = TICKET_LIST_SORTS.find((s) => s === route.sort) ?? DEFAULT_SORT;
  const internal = route.internal === 'true' ? true : route.internal === 'false' ? false : undefined;
  const folder = TICKET_FOLDERS.find((f) => f !== 'inbox' && f === route.folder);
  return {
    ...(folder ? { folder } : {}),
    status: list(route.status, BASE_STATUSES),
    customStatusId: ids(route.customStatus)?.[0],
    departmentId: ids(route.department),
    agentId,
    channel: list(route.channel, CHANNELS),
    priority: list(route.priority, PRIORITIES),
    tag: typeof route.tag === 'string' && route.tag.trim() ? route.tag.trim() : undefined,
    internal,
    q: typeof route.q === 'string' && route.q.trim() ? route.q.trim() : undefined,
    sort,
  };
}

export function routeFromQuery(query: TicketListQuery): LocationQueryRaw {
  const out: LocationQueryRaw = {};
  if (query.folder && query.folder !== 'inbox') out.folder = query.folder;
  if (query.status?.length) out.status = query.status.join(',');
  if (query.customStatusId !== undefined) out.customStatus = String(query.customStatusId);
  if (query.departmentId?.length) out.department = query.departmentId.join(',');
  if (query.agentId !== undefined) out.agent = String(query.agentId);
  if (query.channel?.length) out.channel = query.channel.join(',');
  if (query.priority?.length) out.priority = query.priority.join(',');
  if (query.tag) out.tag = query.tag;
  if (query.internal !== undefined) out.internal = String(query.internal);
  if (query.q) out.q = query.q;
  if (query.sort !== DEFAULT_SORT) out.sort = query.sort;
  return out;
}

/** Whether two queries show the same list (order of values aside). */
export function sameQuery(a: TicketListQuery, b: TicketListQuery): boolean {
  const key = (q: TicketListQuery) => JSON.stringify(routeFromQuery({ ...q, status: q.status && [...q.status].sort(), departmentId: q.departmentId && [...q.departmentId].sort((x, y) => x - y) }));
  return key(a) === key(b);
}

export function hasFilters(query: TicketListQuery): boolean {
  const { sort: _sort, ...filters } = routeFromQuery(query);
  return Object.keys(filters).length > 0;
}
