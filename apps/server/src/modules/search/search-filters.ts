import { type BaseStatus, type Channel, foldForSearch, type Priority, type SearchFilters, type SearchQueryProblem, searchDateRange } from '@parley/domain';
import type { Em } from '../../db/orm.js';
import { Agent } from '../agents/agent.entity.js';
import { ContactEmail } from '../contacts/contact.entity.js';
import { Department } from '../organisation/department.entity.js';

/** The box's filters with names and addresses turned into ids; null where the box did not filter. */
export interface ResolvedSearchFilters {
  readonly statuses: readonly BaseStatus[];
  readonly priorities: readonly Priority[];
  readonly channels: readonly Channel[];
  readonly tags: readonly string[];
  readonly contactIds: readonly number[] | null;
  readonly departmentIds: readonly number[] | null;
  /** Agent ids, and null for "nobody's". */
  readonly assignees: readonly (number | null)[] | null;
  readonly createdFrom: number | null;
  readonly createdUntil: number | null;
}

/** Most contacts a `from:` filter may name (a domain shared by more is narrowed to its newest). */
const FROM_CONTACTS_MAX = 1000;

/**
 * Resolves `from:`, `department:` and `assignee:` to ids. Names compare folded (case and diacritics), so
 * `department:продажби` finds "Продажби"; a name nothing matches is reported and the search finds nothing,
 * rather than quietly dropping the filter.
 */
export async function resolveSearchFilters(
  em: Em,
  agentId: number,
  filters: SearchFilters,
  timeZone: string,
): Promise<{ resolved: ResolvedSearchFilters; problems: SearchQueryProblem[] }> {
  const problems: SearchQueryProblem[] = [];
  const [contactIds, departmentIds, assignees] = await Promise.all([
    filters.from.length === 0 ? null : contactsFrom(em, filters.from),
    filters.departments.length === 0 ? null : em.find(Department, {}, { fields: ['id', 'name'] }).then((rows) => named(rows, filters.departments, (d) => [d.name], problems, 'department')),
    filters.assignees.length === 0 ? null : assigneesNamed(em, agentId, filters.assignees, problems),
  ]);
  const { from, until } = searchDateRange(filters, timeZone);
  return {
    resolved: {
      statuses: filters.status,
      priorities: filters.priority,
      channels: filters.channel,
      tags: filters.tags,
      contactIds,
      departmentIds,
      assignees,
      createdFrom: from,
      createdUntil: until,
    },
    problems,
  };
}

/** An address finds its contact; `@example.bg` or `example.bg` every contact with an address there. */
async function contactsFrom(em: Em, from: readonly string[]): Promise<number[]> {
  const conditions = from.map((value) => {
    if (value.includes('@') && !value.startsWith('@')) return { email: value };
    const domain = value.replace(/^@/, '').replace(/[\\%_]/g, (c) => `\\${c}`);
    return { email: { $like: `%@${domain}` } };
  });
  const rows = await em.find(ContactEmail, { $or: conditions }, { fields: ['contact'], limit: FROM_CONTACTS_MAX, orderBy: { id: 'desc' } });
  return [...new Set(rows.map((row) => row.contact))];
}

async function assigneesNamed(em: Em, agentId: number, names: readonly string[], problems: SearchQueryProblem[]): Promise<(number | null)[]> {
  const ids: (number | null)[] = [];
  if (names.includes('me')) ids.push(agentId);
  if (names.includes('none')) ids.push(null);
  const others = names.filter((name) => name !== 'me' && name !== 'none');
  if (others.length > 0) ids.push(...named(await em.find(Agent, {}, { fields: ['id', 'name', 'email'] }), others, (a) => [a.name, a.email], problems, 'assignee'));
  return ids;
}

/** Departments and agents are few: their names are compared folded here, in one place for both databases. */
function named<T extends { id: number }>(
  rows: readonly T[],
  names: readonly string[],
  namesOf: (row: T) => readonly (string | null)[],
  problems: SearchQueryProblem[],
  filter: 'department' | 'assignee',
): number[] {
  const ids: number[] = [];
  for (const name of names) {
    const wanted = foldForSearch(name).trim();
    const found = rows.filter((row) => namesOf(row).some((n) => n !== null && foldForSearch(n).trim() === wanted));
    if (found.length === 0) problems.push({ code: 'unknown_value', filter, value: name });
    ids.push(...found.map((row) => row.id));
  }
  return ids;
}
