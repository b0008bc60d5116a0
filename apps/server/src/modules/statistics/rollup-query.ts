import { ROLLUP_SLOT_MS, type RollupCondition, type RollupSelection, type RollupSum, type StatisticsFactKind } from '@parley/domain';
import { type RawBuilder, sql as sqlTag } from 'kysely';
import type { Sql } from '../../db/sql.js';

/** Units joined to the rollup per statement (three bound values each). */
const UNITS_PER_STATEMENT = 400;

/** A span of time to sum over, as instants (ms since the epoch, end excluded). */
export interface Span {
  readonly start: number;
  readonly end: number;
}

const COLUMN = { departmentId: 'department_id', agentId: 'agent_id', channel: 'channel', priority: 'priority', tag: 'tag' } as const;

function condition(column: string, test: RollupCondition<number | string>): RawBuilder<unknown> {
  const ref = sqlTag.ref(`r.${column}`);
  return 'equals' in test ? sqlTag`${ref} = ${test.equals}` : sqlTag`${ref} <> ${test.notEquals}`;
}

function selectionConditions(selection: RollupSelection): RawBuilder<unknown> {
  const parts = (Object.keys(COLUMN) as (keyof typeof COLUMN)[]).map((key) => condition(COLUMN[key], selection[key] as RollupCondition<number | string>));
  return sqlTag.join(parts, sqlTag` and `);
}

// Unit boundaries fall on quarter hours in every time zone there is, so a unit is a run of whole slots.
const slotAt = (instant: number) => Math.floor(instant / ROLLUP_SLOT_MS);

/**
 * The rollup's sums of `kinds` per unit (`spans` in order) and bin, for the rows `selection` names; split by
 * channel or agent when asked. One statement per few hundred units: each unit is a range of the key.
 */
export async function sumRollup(
  q: Sql,
  spans: readonly Span[],
  kinds: readonly StatisticsFactKind[],
  selection: RollupSelection,
  groupBy?: 'channel' | 'agent_id',
): Promise<(RollupSum & { group?: string | number })[]> {
  const sums: (RollupSum & { group?: string | number })[] = [];
  for (let first = 0; first < spans.length; first += UNITS_PER_STATEMENT) {
    const chunk = spans.slice(first, first + UNITS_PER_STATEMENT);
    const units = sqlTag.join(
      chunk.map((span, i) => sqlTag`(cast(${first + i} as integer), cast(${slotAt(span.start)} as integer), cast(${slotAt(span.end)} as integer))`),
    );
    const group = groupBy ? sqlTag`, ${sqlTag.ref(`r.${groupBy}`)}` : sqlTag``;
    const result = await sqlTag<{ bucket: number; kind: StatisticsFactKind; bin: number; count: number | string; grouped?: string | number }>`
      with units(i, first_slot, end_slot) as (values ${units})
      select units.i as bucket, r.kind as kind, r.bin as bin, sum(r.count) as count${groupBy ? sqlTag`, ${sqlTag.ref(`r.${groupBy}`)} as grouped` : sqlTag``}
      from units join statistics_rollup r on r.slot >= units.first_slot and r.slot < units.end_slot
      where r.kind in (${sqlTag.join([...kinds])}) and ${selectionConditions(selection)}
      group by units.i, r.kind, r.bin${group}`.execute(q.db);
    for (const row of result.rows) {
      const sum: RollupSum & { group?: string | number } = { bucket: Number(row.bucket), kind: row.kind, bin: Number(row.bin), count: Number(row.count) };
      if (groupBy) sum.group = groupBy === 'channel' ? String(row.grouped) : Number(row.grouped);
      sums.push(sum);
    }
  }
  return sums;
}

/** The sum of a kind's counts before an instant: the backlog as it stood then. */
export async function sumBefore(q: Sql, kind: StatisticsFactKind, selection: RollupSelection, before: number): Promise<number> {
  const result = await sqlTag<{ total: number | string | null }>`
    select sum(r.count) as total from statistics_rollup r
    where r.kind = ${kind} and ${selectionConditions(selection)} and r.slot < ${slotAt(before)}`.execute(q.db);
  return Number(result.rows[0]?.total ?? 0);
}
