import {
  HISTOGRAM_FACTS,
  type HistogramFact,
  histogramPercentileBins,
  localDayNumber,
  localMonthNumber,
  REPORT_SHARES,
  type RollupIncrement,
  regroupIncrements,
  regroupSlots,
  ROLLUP_SLOT_MS,
  startOfLocalMonth,
} from '@parley/domain';
import { sql as sqlTag } from 'kysely';
import type { Sql } from '../../db/sql.js';
import { type RollupTable, upsertIncrements } from './rollup-upsert.js';

/**
 * A time zone's own rollups, written from quarter-hour increments: its local days, months, quarters and years, and each
 * day's histogram facts taken ahead (count, median and p90 bins) for reports by day.
 */

export const dayKeyIn = (zone: string) => (instant: number) => localDayNumber(instant, zone);
export const monthKeyIn = (zone: string) => (instant: number) => localMonthNumber(instant, zone);

const HISTOGRAMS: ReadonlySet<string> = new Set(HISTOGRAM_FACTS);
/** Day groups whose summaries are read back per statement. */
const GROUPS_PER_STATEMENT = 100;
const SUMMARIES_PER_STATEMENT = 200;

const groupKey = (i: Omit<RollupIncrement, 'bin' | 'count'>) => `${i.kind}|${i.departmentId}|${i.agentId}|${i.channel}|${i.priority}|${i.tag}|${i.slot}`;

/**
 * Where a zone's build stands: its days are copied below `days` (a quarter hour), its months below `month`
 * (the local month number holding `days`), its quarters below that month's quarter and its years below that
 * month's year: each local month, quarter and year is copied once, whole. A zone whose build is done has no lines.
 */
export interface ZoneLines {
  readonly days: number;
  readonly month: number;
}

/** The lines of a build whose days are copied below `days`. */
export function linesOf(days: number, zone: string): ZoneLines {
  return { days, month: localMonthNumber(days * ROLLUP_SLOT_MS, zone) };
}

/** The first month of the quarter and of the year holding a month: the quarters' and the years' lines. */
const quarterStart = (month: number) => Math.floor(month / 3) * 3;
const yearStart = (month: number) => Math.floor(month / 12) * 12;

/**
 * Adds quarter-hour increments to a zone's days, months, quarters and years: while it is being built, only
 * those below the lines (above them, the build copies what the quarter hours hold). The touched days'
 * histograms are read back after the addition for their summaries.
 */
export async function addToZone(q: Sql, zone: string, increments: readonly RollupIncrement[], lines: ZoneLines | null): Promise<void> {
  const toDays = lines ? increments.filter((increment) => increment.slot < lines.days) : increments;
  if (toDays.length === 0) return;
  const days = regroupIncrements(toDays, dayKeyIn(zone));
  await upsertIncrements(q, 'statistics_daily', zone, days);
  const months = regroupIncrements(toDays, monthKeyIn(zone));
  const below = (line: (month: number) => number) => (lines ? months.filter((month) => month.slot < line(lines.month)) : months);
  await upsertIncrements(q, 'statistics_monthly', zone, below((month) => month));
  // Quarters and years are sums of months: regrouped from the months' increments (month number / 3, / 12).
  await upsertIncrements(q, 'statistics_quarterly', zone, regroupSlots(below(quarterStart), (month) => Math.floor(month / 3)));
  await upsertIncrements(q, 'statistics_yearly', zone, regroupSlots(below(yearStart), (month) => Math.floor(month / 12)));
  await writeSummaries(q, zone, await readBack(q, zone, days.filter((day) => HISTOGRAMS.has(day.kind))));
}

const GROUPS = ['kind', 'department_id', 'agent_id', 'channel', 'priority', 'tag', 'bin'] as const;

/** The quarter hours of slots `start` to `end` summed by group under one key of a zone's rollup (`time`). */
function quarterHoursAs(q: Sql, zone: string, time: string, key: number, start: number, end: number | null) {
  let select = q.db
    .selectFrom('statistics_rollup')
    .select((eb) => [
      // Typed, since PostgreSQL would read an untyped parameter in a select list as text.
      eb.cast<string>(eb.val(zone), 'text').as('zone'),
      ...GROUPS,
      eb.cast<number>(eb.val(key), 'integer').as(time),
      eb.fn.sum<number>('count').as('count'),
    ])
    .where('slot', '>=', start);
  if (end !== null) select = select.where('slot', '<', end);
  return select.groupBy([...GROUPS]);
}

/**
 * Copies one whole local day of the quarter-hour rollup (slots `start` to `end`) into a zone's days, summed by
 * the database (read through the quarter hours' index on the slot; a day at a million tickets a year is over a
 * hundred thousand of them, and none travels), then takes the day's summaries from the day's histograms as its
 * insert returns them. The day must be one the zone does not hold yet (a build copying whole days), so what
 * its insert returns is all the day has.
 */
export async function copyDayToZone(q: Sql, zone: string, start: number, end: number): Promise<void> {
  const day = localDayNumber(start * ROLLUP_SLOT_MS, zone);
  const dayRows = await addSelected(q, 'statistics_daily', 'day', quarterHoursAs(q, zone, 'day', day, start, end))
    .returning(['kind', 'department_id', 'agent_id', 'channel', 'priority', 'tag', 'day', 'bin', 'count'] as never)
    .execute();
  const histograms = (dayRows as unknown as DailyRow[]).filter((row) => HISTOGRAMS.has(row.kind));
  await writeSummaries(q, zone, histograms.map(dailyRowIncrement));
}

/**
 * Copies a zone's whole local months from `from` to `to` (month numbers; null: all there are) into its months
 * from the quarter hours, then the whole quarters and years among them into its quarters and years from the
 * months and quarters just written: each row of the three is written once (updating a row again and again
 * leaves its indexes full of dead entries on PostgreSQL) and the database sums them all.
 */
export async function copyMonthsToZone(q: Sql, zone: string, from: number, to: number | null): Promise<void> {
  await copyQuarterHoursByMonth(q, zone, from, to);
  const coarser = [
    ['statistics_monthly', 'month', 'statistics_quarterly', 'quarter', 3],
    ['statistics_quarterly', 'quarter', 'statistics_yearly', 'year', 4],
  ] as const;
  // The months' line moving from `from` to `to` moves the quarters' line from `from`'s quarter to `to`'s, and so on.
  let [first, end] = [from, to];
  for (const [source, sourceKey, table, time, size] of coarser) {
    [first, end] = [Math.floor(first / size), end === null ? null : Math.floor(end / size)];
    if (end !== null && end <= first) return;
    const coarserKey = sqlTag<number>`${sqlTag.ref(sourceKey)} / ${sqlTag.lit(size)}`;
    let rows = q.db
      .selectFrom(source)
      .select((eb) => ['zone', ...GROUPS, coarserKey.as(time), eb.fn.sum<number>('count').as('count')])
      .where('zone', '=', zone)
      .where(sourceKey, '>=', first * size);
    if (end !== null) rows = rows.where(sourceKey, '<', end * size);
    await addSelected(q, table, time, rows.groupBy(['zone', ...GROUPS, coarserKey])).execute();
  }
}

/** Copies the quarter hours of the local months `from` to `to` (null: all there are) into a zone's months, a month at a time; months without any are passed over. */
async function copyQuarterHoursByMonth(q: Sql, zone: string, from: number, to: number | null): Promise<void> {
  const startOf = (month: number) => Math.ceil(startOfLocalMonth(month, zone) / ROLLUP_SLOT_MS);
  const until = to === null ? null : startOf(to);
  for (let at = startOf(from); until === null || at < until; ) {
    const found = await firstQuarterHour(q, at, until);
    if (found === null) return;
    const month = localMonthNumber(found * ROLLUP_SLOT_MS, zone);
    const [start, end] = [startOf(month), startOf(month + 1)];
    await addSelected(q, 'statistics_monthly', 'month', quarterHoursAs(q, zone, 'month', month, start, end)).execute();
    at = end;
  }
}

/** The first quarter hour with figures from `at` on (and before `to`, if given), or null. */
export async function firstQuarterHour(q: Sql, at: number, to: number | null = null): Promise<number | null> {
  let first = q.db.selectFrom('statistics_rollup').select((eb) => eb.fn.min('slot').as('slot')).where('slot', '>=', at);
  if (to !== null) first = first.where('slot', '<', to);
  const found = (await first.executeTakeFirst())?.slot;
  return found === null || found === undefined ? null : Number(found);
}

/** The insert that adds the rows a select produces (a zone's rows, keyed by `time`) to a zone rollup's, creating missing ones. */
function addSelected(q: Sql, table: RollupTable, time: string, rows: { compile(): unknown }) {
  return q.db
    .insertInto(table)
    .columns(['zone', ...GROUPS, time, 'count'] as never)
    .expression(rows as never)
    .onConflict((conflict) =>
      conflict
        .columns(['zone', 'kind', 'department_id', 'agent_id', 'channel', 'priority', 'tag', time, 'bin'] as never)
        .doUpdateSet({ count: sqlTag`${sqlTag.table(table)}.count + excluded.count` } as never),
    );
}

interface DailyRow {
  kind: string;
  department_id: unknown;
  agent_id: unknown;
  channel: unknown;
  priority: unknown;
  tag: unknown;
  day: unknown;
  bin: unknown;
  count: unknown;
}

const dailyRowIncrement = (row: DailyRow): RollupIncrement => ({
  kind: row.kind as RollupIncrement['kind'],
  departmentId: Number(row.department_id),
  agentId: Number(row.agent_id),
  channel: String(row.channel),
  priority: String(row.priority),
  tag: String(row.tag),
  slot: Number(row.day),
  bin: Number(row.bin),
  count: Number(row.count),
});

/** The whole histograms of the day groups `touched` names, as they are now. */
async function readBack(q: Sql, zone: string, touched: readonly RollupIncrement[]): Promise<RollupIncrement[]> {
  const groups = new Map<string, RollupIncrement>();
  for (const increment of touched) groups.set(groupKey(increment), increment);
  const all = [...groups.values()];
  const rows: RollupIncrement[] = [];
  for (let start = 0; start < all.length; start += GROUPS_PER_STATEMENT) {
    const chunk = all.slice(start, start + GROUPS_PER_STATEMENT);
    // One key lookup per group, joined: an OR of keys is not read through the key by every database.
    const lookups = chunk.map((group) =>
      q.db
        .selectFrom('statistics_daily')
        .select(['kind', 'department_id', 'agent_id', 'channel', 'priority', 'tag', 'day', 'bin', 'count'])
        .where('zone', '=', zone)
        .where('kind', '=', group.kind)
        .where('department_id', '=', group.departmentId)
        .where('agent_id', '=', group.agentId)
        .where('channel', '=', group.channel)
        .where('priority', '=', group.priority)
        .where('tag', '=', group.tag)
        .where('day', '=', group.slot),
    );
    const found = await lookups.slice(1).reduce((all, lookup) => all.unionAll(lookup), lookups[0]!).execute();
    for (const row of found) rows.push(dailyRowIncrement(row));
  }
  return rows;
}

/** Takes each day group's count and percentile bins from its bins, and stores them. */
async function writeSummaries(q: Sql, zone: string, bins: readonly RollupIncrement[]): Promise<void> {
  const histograms = new Map<string, { group: RollupIncrement; histogram: Map<number, number> }>();
  for (const row of bins) {
    const key = groupKey(row);
    let entry = histograms.get(key);
    if (!entry) {
      entry = { group: row, histogram: new Map() };
      histograms.set(key, entry);
    }
    entry.histogram.set(row.bin, (entry.histogram.get(row.bin) ?? 0) + row.count);
  }
  const summaries = [...histograms.values()].map(({ group, histogram }) => {
    let count = 0;
    for (const n of histogram.values()) count += n;
    const [median, p90] = histogramPercentileBins(histogram, REPORT_SHARES);
    return {
      zone,
      kind: group.kind as HistogramFact,
      department_id: group.departmentId,
      agent_id: group.agentId,
      channel: group.channel,
      priority: group.priority,
      tag: group.tag,
      day: group.slot,
      count,
      median_bin: median ?? null,
      p90_bin: p90 ?? null,
    };
  });
  for (let start = 0; start < summaries.length; start += SUMMARIES_PER_STATEMENT) {
    await q.db
      .insertInto('statistics_day_summary')
      .values(summaries.slice(start, start + SUMMARIES_PER_STATEMENT) as never)
      .onConflict((conflict) =>
        conflict
          .columns(['zone', 'kind', 'department_id', 'agent_id', 'channel', 'priority', 'tag', 'day'] as never)
          .doUpdateSet({ count: sqlTag`excluded.count`, median_bin: sqlTag`excluded.median_bin`, p90_bin: sqlTag`excluded.p90_bin` } as never),
      )
      .execute();
  }
}
