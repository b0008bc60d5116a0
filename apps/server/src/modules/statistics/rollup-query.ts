import { HISTOGRAM_FACTS, localDayNumber, localMonthNumber, ROLLUP_SLOT_MS, type UnitPercentiles, type RollupCondition, type RollupSelection, type RollupSum, type StatisticsFactKind } from '@parley/domain';
import { type RawBuilder, sql as sqlTag } from 'kysely';
import type { Sql } from '../../db/sql.js';
import { type RollupTable, rollupTimeColumn } from './rollup-upsert.js';

/** A span of time to sum over, as instants (ms since the epoch, end excluded). */
export interface Span {
  readonly start: number;
  readonly end: number;
}

const COLUMN = { departmentId: 'department_id', agentId: 'agent_id', channel: 'channel', priority: 'priority', tag: 'tag' } as const;

function condition(column: string, test: RollupCondition<number | string>): RawBuilder<unknown> {
  const ref = sqlTag.ref(`r.${column}`);
  if ('equals' in test) return sqlTag`${ref} = ${test.equals}`;
  if ('oneOf' in test) return sqlTag`${ref} in (${sqlTag.join([...test.oneOf])})`;
  if ('above' in test) return sqlTag`${ref} > ${test.above}`;
  return sqlTag`${ref} <> ${test.notEquals}`;
}

function selectionConditions(selection: RollupSelection): RawBuilder<unknown> {
  const parts = (Object.keys(COLUMN) as (keyof typeof COLUMN)[]).map((key) => condition(COLUMN[key], selection[key] as RollupCondition<number | string>));
  return sqlTag.join(parts, sqlTag` and `);
}

/**
 * Which rollup a report reads: the quarter hours (any zone, any unit: unit boundaries fall on quarter hours
 * in every time zone there is), or a zone's days, months, quarters or years (far fewer rows).
 */
export interface RollupGrain {
  readonly table: RollupTable;
  readonly zone: string | null;
  /** The key of the time column at an instant that starts a unit. */
  keyAt(instant: number): number;
}

export const QUARTER_HOURS: RollupGrain = { table: 'statistics_rollup', zone: null, keyAt: (instant) => Math.floor(instant / ROLLUP_SLOT_MS) };

export function daysIn(zone: string): RollupGrain {
  return { table: 'statistics_daily', zone, keyAt: (instant) => localDayNumber(instant, zone) };
}

export function monthsIn(zone: string): RollupGrain {
  return { table: 'statistics_monthly', zone, keyAt: (instant) => localMonthNumber(instant, zone) };
}

export function quartersIn(zone: string): RollupGrain {
  return { table: 'statistics_quarterly', zone, keyAt: (instant) => Math.floor(localMonthNumber(instant, zone) / 3) };
}

export function yearsIn(zone: string): RollupGrain {
  return { table: 'statistics_yearly', zone, keyAt: (instant) => Math.floor(localMonthNumber(instant, zone) / 12) };
}

function grainConditions(grain: RollupGrain): RawBuilder<unknown> {
  return grain.zone === null ? sqlTag`` : sqlTag` and r.zone = ${grain.zone}`;
}

const timeColumn = (grain: RollupGrain) => sqlTag.ref(`r.${rollupTimeColumn(grain.table)}`);


const DIMENSION_OF_GROUP = { channel: 'channel', agent_id: 'agentId' } as const;

/** Whether a selection names one row per time, bin and value of the dimension split by (every other dimension equal to one value). */
function namesOneRowPerGroup(selection: RollupSelection, groupBy: 'channel' | 'agent_id' | undefined): boolean {
  const split = groupBy ? DIMENSION_OF_GROUP[groupBy] : undefined;
  return (Object.keys(COLUMN) as (keyof typeof COLUMN)[]).every((key) => key === split || 'equals' in (selection[key] as RollupCondition<unknown>));
}

/** Whether a selection names one row per time and bin (each dimension equal to one value): one grouping's row. */
export function namesOneGroup(selection: RollupSelection): boolean {
  return namesOneRowPerGroup(selection, undefined);
}

/** The index of the unit holding a time key, given the units' first keys in order; -1 before the first. */
function unitOf(firstKeys: readonly number[], key: number): number {
  let low = 0;
  let high = firstKeys.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (firstKeys[middle]! <= key) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

/**
 * The rollup's sums of `kinds` per unit (`spans`, contiguous and in order) and bin, for the rows `selection`
 * names; split by channel or agent when asked. One range of the key is read for the whole period, summed by
 * its time key in the database, and the keys are put into units here.
 */
export async function sumRollup(
  q: Sql,
  grain: RollupGrain,
  spans: readonly Span[],
  kinds: readonly StatisticsFactKind[],
  selection: RollupSelection,
  groupBy?: 'channel' | 'agent_id',
): Promise<(RollupSum & { group?: string | number })[]> {
  const firstKeys = spans.map((span) => grain.keyAt(span.start));
  const endKey = grain.keyAt(spans.at(-1)!.end);
  // One unit needs no time key in the answer: it is summed whole.
  const byTime = spans.length > 1;
  const time = timeColumn(grain);
  const group = groupBy ? sqlTag.ref(`r.${groupBy}`) : null;
  // Equal to one value in every dimension but the one split by, the rows are one per time key, fact, bin and
  // split: nothing to sum when the answer keeps the time key or the period is one key (a calendar year, say).
  const single = (byTime || endKey - firstKeys[0]! === 1) && namesOneRowPerGroup(selection, groupBy);
  const result = single
    ? await sqlTag<{ key: number | string | null; kind: StatisticsFactKind; bin: number; count: number | string; grouped?: string | number }>`
    select ${byTime ? time : sqlTag`null`} as ${sqlTag.ref('key')}, r.kind as kind, r.bin as bin, r.count as count${group ? sqlTag`, ${group} as grouped` : sqlTag``}
    from ${sqlTag.table(grain.table)} r
    where r.kind in (${sqlTag.join([...kinds])}) and ${selectionConditions(selection)}${grainConditions(grain)}
      and ${time} >= ${firstKeys[0]!} and ${time} < ${endKey}`.execute(q.db)
    : await sqlTag<{ key: number | string | null; kind: StatisticsFactKind; bin: number; count: number | string; grouped?: string | number }>`
    select ${byTime ? time : sqlTag`null`} as ${sqlTag.ref('key')}, r.kind as kind, r.bin as bin, sum(r.count) as count${group ? sqlTag`, ${group} as grouped` : sqlTag``}
    from ${sqlTag.table(grain.table)} r
    where r.kind in (${sqlTag.join([...kinds])}) and ${selectionConditions(selection)}${grainConditions(grain)}
      and ${time} >= ${firstKeys[0]!} and ${time} < ${endKey}
    group by r.kind, ${byTime ? sqlTag`${time}, ` : sqlTag``}r.bin${group ? sqlTag`, ${group}` : sqlTag``}`.execute(q.db);
  const sums: (RollupSum & { group?: string | number })[] = [];
  for (const row of result.rows) {
    const bucket = byTime ? unitOf(firstKeys, Number(row.key)) : 0;
    if (bucket < 0) continue;
    const sum: RollupSum & { group?: string | number } = { bucket, kind: row.kind, bin: Number(row.bin), count: Number(row.count) };
    if (groupBy) sum.group = groupBy === 'channel' ? String(row.grouped) : Number(row.grouped);
    sums.push(sum);
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

/** Each day's histogram figures taken ahead, for a report by day in a zone with its days (`days` in order). */
export async function sumDaySummaries(q: Sql, zone: string, days: readonly Span[], selection: RollupSelection): Promise<UnitPercentiles[]> {
  const grain = daysIn(zone);
  const firstKeys = days.map((span) => grain.keyAt(span.start));
  const endKey = grain.keyAt(days.at(-1)!.end);
  const result = await sqlTag<{ day: number; kind: UnitPercentiles['kind']; count: number; median_bin: number | null; p90_bin: number | null }>`
    select r.day as day, r.kind as kind, r.count as count, r.median_bin as median_bin, r.p90_bin as p90_bin
    from statistics_day_summary r
    where r.kind in (${sqlTag.join([...HISTOGRAM_FACTS])}) and ${selectionConditions(selection)} and r.zone = ${zone}
      and r.day >= ${firstKeys[0]!} and r.day < ${endKey}`.execute(q.db);
  return result.rows.map((row) => ({
    bucket: unitOf(firstKeys, Number(row.day)),
    kind: row.kind,
    count: Number(row.count),
    bins: [row.median_bin === null ? null : Number(row.median_bin), row.p90_bin === null ? null : Number(row.p90_bin)],
  }));
}
