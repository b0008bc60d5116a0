import { dateOfDayNumber, localDayNumber, monthNumberOfDate, type RollupSelection, type RollupSum, type StatisticsFactKind, startOfLocalMonth } from '@parley/domain';
import type { Sql } from '../../db/sql.js';
import { daysIn, monthsIn, quartersIn, type RollupGrain, type Span, sumRollup, yearsIn } from './rollup-query.js';

type Sum = RollupSum & { group?: string | number };

/** A span of local days split into the whole local months inside it and the odd days at its two ends. */
export function monthCover(span: Span, zone: string): { months: Span | null; days: Span[] } {
  const months = wholeMonths(span, zone);
  if (!months) return { months: null, days: [span] };
  const startOf = monthStartIn(zone);
  const whole = { start: startOf(months.first), end: startOf(months.end) };
  const days = [
    { start: span.start, end: whole.start },
    { start: whole.end, end: span.end },
  ].filter((part) => part.end > part.start);
  return { months: whole, days };
}

/** The month numbers of the whole local months inside a span of local days (`end` excluded), if any. */
function wholeMonths(span: Span, zone: string): { first: number; end: number } | null {
  const firstDate = dateOfDayNumber(localDayNumber(span.start, zone));
  const endDate = dateOfDayNumber(localDayNumber(span.end, zone));
  const first = monthNumberOfDate(firstDate) + (firstDate.endsWith('-01') ? 0 : 1);
  const end = monthNumberOfDate(endDate);
  return first < end ? { first, end } : null;
}

const monthStartIn = (zone: string) => (month: number) => startOfLocalMonth(month, zone);

/**
 * A span of local days as the fewest rollup reads: its whole local years, then the whole quarters and months
 * on either side of them, then the odd days at its two ends. Each part is read from its own rollup.
 */
export function calendarCover(span: Span, zone: string): { grain: RollupGrain; span: Span }[] {
  const { months, days } = monthCover(span, zone);
  const parts: { grain: RollupGrain; span: Span }[] = days.map((part) => ({ grain: daysIn(zone), span: part }));
  if (!months) return parts;
  const startOf = monthStartIn(zone);
  const whole = wholeMonths(span, zone)!;
  const add = (grain: RollupGrain, first: number, end: number) => {
    if (end > first) parts.push({ grain, span: { start: startOf(first), end: startOf(end) } });
  };
  const up = (month: number, size: number) => Math.ceil(month / size) * size;
  const down = (month: number, size: number) => Math.floor(month / size) * size;
  // Nested boundaries: quarter boundaries inside the months, year boundaries inside the quarters.
  const quartersFrom = Math.min(up(whole.first, 3), whole.end);
  const quartersTo = Math.max(down(whole.end, 3), quartersFrom);
  const yearsFrom = Math.min(up(quartersFrom, 12), quartersTo);
  const yearsTo = Math.max(down(quartersTo, 12), yearsFrom);
  add(monthsIn(zone), whole.first, quartersFrom);
  add(quartersIn(zone), quartersFrom, yearsFrom);
  add(yearsIn(zone), yearsFrom, yearsTo);
  add(quartersIn(zone), yearsTo, quartersTo);
  add(monthsIn(zone), quartersTo, whole.end);
  return parts;
}

/** A whole span's sums in a zone (bucket 0): its whole years, quarters and months from their rollups, the rest by day. */
export async function sumWhole(q: Sql, zone: string, span: Span, kinds: readonly StatisticsFactKind[], selection: RollupSelection, groupBy?: 'channel' | 'agent_id'): Promise<Sum[]> {
  const sums: Sum[] = [];
  for (const part of calendarCover(span, zone)) sums.push(...(await sumRollup(q, part.grain, [part.span], kinds, selection, groupBy)));
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
