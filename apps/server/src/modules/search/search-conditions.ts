import { type AgentPrincipal, agentTicketScope } from '@parley/domain';
import { type RawBuilder, sql } from 'kysely';
import type { Sql } from '../../db/sql.js';
import type { TicketListFilters } from '../tickets/ticket.repository.js';
import type { ResolvedSearchFilters } from './search-filters.js';

type Condition = RawBuilder<unknown>;

/**
 * The conditions on the ticket `t` that every search statement carries: the agent's reach (the domain's
 * agentTicketScope, as the list applies it), the list's filters beside the box, and the filters typed in it.
 * Values are bound; only column names are written into the text.
 */
export function ticketSearchConditions(query: Sql, agent: AgentPrincipal, list: TicketListFilters, typed: ResolvedSearchFilters): Condition {
  const v = query.values;
  const and: Condition[] = [];
  const scope = agentTicketScope(agent);
  if (scope !== null) {
    const reach: Condition[] = [sql`t.assigned_agent_id = ${scope.agentId}`, sql`(t.internal = ${v.bool(true)} and t.created_by_agent_id = ${scope.agentId})`];
    if (scope.departmentIds.length > 0) reach.unshift(sql`t.department_id in (${sql.join([...scope.departmentIds])})`);
    and.push(sql`(${sql.join(reach, sql` or `)})`);
  }
  and.push(sql`t.folder = ${list.folder ?? 'inbox'}`);
  const inList = (column: string, values: readonly (string | number)[] | undefined) => {
    if (values && values.length > 0) and.push(sql`${sql.ref(column)} in (${sql.join([...values])})`);
  };
  inList('t.status', list.status);
  inList('t.department_id', list.departmentId);
  inList('t.channel', list.channel);
  inList('t.priority', list.priority);
  if (list.customStatusId) and.push(sql`t.custom_status_id = ${list.customStatusId}`);
  if (list.agentId === 'none') and.push(sql`t.assigned_agent_id is null`);
  else if (list.agentId === 'me') and.push(sql`t.assigned_agent_id = ${agent.agentId}`);
  else if (list.agentId !== undefined) and.push(sql`t.assigned_agent_id = ${list.agentId}`);
  if (list.contactId) and.push(sql`t.contact_id = ${list.contactId}`);
  if (list.internal !== undefined) and.push(sql`t.internal = ${v.bool(list.internal)}`);
  if (list.tag) and.push(hasTag(list.tag.toLowerCase()));

  inList('t.status', typed.statuses);
  inList('t.priority', typed.priorities);
  inList('t.channel', typed.channels);
  for (const tag of typed.tags) and.push(hasTag(tag));
  if (typed.contactIds !== null) and.push(typed.contactIds.length === 0 ? sql`1 = 0` : sql`t.contact_id in (${sql.join(typed.contactIds)})`);
  if (typed.departmentIds !== null) and.push(typed.departmentIds.length === 0 ? sql`1 = 0` : sql`t.department_id in (${sql.join(typed.departmentIds)})`);
  if (typed.assignees !== null) {
    const agents = typed.assignees.filter((id): id is number => id !== null);
    const either: Condition[] = [];
    if (agents.length > 0) either.push(sql`t.assigned_agent_id in (${sql.join(agents)})`);
    if (typed.assignees.includes(null)) either.push(sql`t.assigned_agent_id is null`);
    and.push(either.length === 0 ? sql`1 = 0` : sql`(${sql.join(either, sql` or `)})`);
  }
  if (typed.createdFrom !== null) and.push(sql`t.created_at >= ${v.date(new Date(typed.createdFrom))}`);
  if (typed.createdUntil !== null) and.push(sql`t.created_at < ${v.date(new Date(typed.createdUntil))}`);
  return sql.join(and, sql` and `);
}

function hasTag(tag: string): Condition {
  return sql`exists (select 1 from ticket_tag tt where tt.ticket_id = t.id and tt.tag = ${tag})`;
}
