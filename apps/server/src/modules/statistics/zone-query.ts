import { dateOfDayNumber, dayNumberOfDate, localDayNumber, monthNumberOfDate, type RollupSelection, type RollupSum, type StatisticsFactKind, startOfLocalDay } from '@parley/domain';
import type { Sql } from '../../db/sql.js';
import { daysIn, monthsIn, type Span, sumRollup } from './rollup-query.js';

type Sum = RollupSum & { group?: string | number };

const monthStartDate = (month: number) => `${1970 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}-01`;

/** A span of local days split into the whole local months inside it and the odd days at its two ends. */
export function monthCover(span: Span, zone: string): { months: Span | null; days: Span[] } {
  const firstDate = dateOfDayNumber(localDayNumber(span.start, zone));
  const endDate = dateOfDayNumber(localDayNumber(span.end, zone));
  const firstMonth = monthNumberOfDate(firstDate) + (firstDate.endsWith('-01') ? 0 : 1);
  const endMonth = monthNumberOfDate(endDate);
  if (firstMonth >= endMonth) return { months: null, days: [span] };
  const startOf = (month: number) => startOfLocalDay(dayNumberOfDate(monthStartDate(month)), zone);
  const months = { start: startOf(firstMonth), end: startOf(endMonth) };
  const days = [
    { start: span.start, end: months.start },
    { start: months.end, end: span.end },
  ].filter((part) => part.end > part.start);
  return { months, days };
}

/** A whole span's sums in a zone (bucket 0): its whole months from the monthly rollup, the rest by day. */
export async function sumWhole(q: Sql, zone: string, span: Span, kinds: readonly StatisticsFactKind[], selection: RollupSelection, groupBy?: 'channel' | 'agent_id'): Promise<Sum[]> {
  const cover = monthCover(span, zone);
  const sums: Sum[] = [];
  if (cover.months) sums.push(...(await sumRollup(q, monthsIn(zone), [cover.months], kinds, selection, groupBy)));
  for (const days of cover.days) sums.push(...(await sumRollup(q, daysIn(zone), [days], kinds, selection, groupBy)));
  return sums;
}

/** Sums by month unit: whole months from the monthly rollup, a month the period cuts by day. */
export async function sumMonthUnits(q: Sql, zone: string, units: readonly Span[], kinds: readonly StatisticsFactKind[], selection: RollupSelection): Promise<Sum[]> {
  const whole: number[] = [];
  const cut: number[] = [];
  for (const [index, unit] of units.entries()) {
    const cover = monthCover(unit, zone);
    (cover.months && cover.days.length === 0 ? whole : cut).push(index);
  }
  const sums: Sum[] = [];
  // Whole months are the period's middle, one run of units.
  if (whole.length > 0) {
    const first = whole[0]!;
    for (const sum of await sumRollup(q, monthsIn(zone), whole.map((index) => units[index]!), kinds, selection)) sums.push({ ...sum, bucket: first + sum.bucket });
  }
  for (const index of cut) for (const sum of await sumRollup(q, daysIn(zone), [units[index]!], kinds, selection)) sums.push({ ...sum, bucket: index });
  return sums;
}
