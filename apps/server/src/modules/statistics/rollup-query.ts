import { localDayNumber, ROLLUP_SLOT_MS, type RollupCondition, type RollupSelection, type RollupSum, type StatisticsFactKind } from '@parley/domain';
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

/**
 * Which rollup a report reads: the quarter hours (any zone, any unit: unit boundaries fall on quarter hours
 * in every time zone there is), or a zone's days (its day, week and month reports; far fewer rows).
 */
export interface RollupGrain {
  readonly table: 'statistics_rollup' | 'statistics_daily';
  readonly zone: string | null;
  /** The key of the time column at an instant that starts a unit. */
  keyAt(instant: number): number;
}

export const QUARTER_HOURS: RollupGrain = { table: 'statistics_rollup', zone: null, keyAt: (instant) => Math.floor(instant / ROLLUP_SLOT_MS) };

export function daysIn(zone: string): RollupGrain {
  return { table: 'statistics_daily', zone, keyAt: (instant) => localDayNumber(instant, zone) };
}

function grainConditions(grain: RollupGrain): RawBuilder<unknown> {
  return grain.zone === null ? sqlTag`` : sqlTag` and r.zone = ${grain.zone}`;
}

const timeColumn = (grain: RollupGrain) => sqlTag.ref(`r.${grain.table === 'statistics_daily' ? 'day' : 'slot'}`);

/**
 * The rollup's sums of `kinds` per unit (`spans` in order) and bin, for the rows `selection` names; split by
 * channel or agent when asked. One statement per few hundred units: each unit is a range of the key.
 */
export async function sumRollup(
  q: Sql,
  grain: RollupGrain,
  spans: readonly Span[],
  kinds: readonly StatisticsFactKind[],
  selection: RollupSelection,
  groupBy?: 'channel' | 'agent_id',
): Promise<(RollupSum & { group?: string | number })[]> {
  const sums: (RollupSum & { group?: string | number })[] = [];
  for (let first = 0; first < spans.length; first += UNITS_PER_STATEMENT) {
    const chunk = spans.slice(first, first + UNITS_PER_STATEMENT);
    const units = sqlTag.join(
      chunk.map((span, i) => sqlTag`(cast(${first + i} as integer), cast(${grain.keyAt(span.start)} as integer), cast(${grain.keyAt(span.end)} as integer))`),
    );
    const group = groupBy ? sqlTag`, ${sqlTag.ref(`r.${groupBy}`)}` : sqlTag``;
    const result = await sqlTag<{ bucket: number; kind: StatisticsFactKind; bin: number; count: number | string; grouped?: string | number }>`
      with units(i, first_slot, end_slot) as (values ${units})
      select units.i as bucket, r.kind as kind, r.bin as bin, sum(r.count) as count${groupBy ? sqlTag`, ${sqlTag.ref(`r.${groupBy}`)} as grouped` : sqlTag``}
      from units join ${sqlTag.table(grain.table)} r on ${timeColumn(grain)} >= units.first_slot and ${timeColumn(grain)} < units.end_slot
      where r.kind in (${sqlTag.join([...kinds])}) and ${selectionConditions(selection)}${grainConditions(grain)}
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
export async function sumBefore(q: Sql, grain: RollupGrain, kind: StatisticsFactKind, selection: RollupSelection, before: number): Promise<number> {
  const result = await sqlTag<{ total: number | string | null }>`
    select sum(r.count) as total from ${sqlTag.table(grain.table)} r
    where r.kind = ${kind} and ${selectionConditions(selection)}${grainConditions(grain)} and ${timeColumn(grain)} < ${grain.keyAt(before)}`.execute(q.db);
  return Number(result.rows[0]?.total ?? 0);
}
