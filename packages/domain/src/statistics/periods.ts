import { Temporal } from 'temporal-polyfill';
import { DAY_MS, instantOfWallClock, zoneOffsetMs } from './zone-offsets.js';

/** The units a statistics period is divided into (LiveAgent's Statistics tab: hour, day, week, month). */
export const STATISTICS_UNITS = ['hour', 'day', 'week', 'month'] as const;
export type StatisticsUnit = (typeof STATISTICS_UNITS)[number];

/** A period as the viewer names it: calendar dates in their time zone, `from` included, `until` not. */
export interface StatisticsPeriod {
  readonly from: string;
  readonly until: string;
  readonly unit: StatisticsUnit;
  /** An IANA time zone: units start at local midnights (and local hours), whatever the offset that day. */
  readonly timeZone: string;
}

/** One unit of a period: its instants (ms since the epoch, `end` excluded) and its local start as the viewer reads it. */
export interface StatisticsBucket {
  readonly start: number;
  readonly end: number;
  /** `2027-03-28` for a day, week or month (its first day), `2027-03-28T03:00` for an hour. */
  readonly label: string;
}

/** At most this many units in one period (a year by hour is 8,784): larger asks are refused, not computed. */
export const STATISTICS_MAX_BUCKETS = 9000;

/**
 * The units of a period in the viewer's time zone. Days are local days (23 or 25 hours across a DST change),
 * hours are the hours that exist locally (the skipped one is absent, the repeated one counted twice), weeks
 * start on Monday (ISO) and months on the 1st; a week or month cut by the period's ends keeps only its part
 * inside. Null when the period is empty, reversed, not dates, or longer than STATISTICS_MAX_BUCKETS units.
 */
export function statisticsBuckets(period: StatisticsPeriod): StatisticsBucket[] | null {
  let from: Temporal.PlainDate;
  let until: Temporal.PlainDate;
  try {
    from = Temporal.PlainDate.from(period.from, { overflow: 'reject' });
    until = Temporal.PlainDate.from(period.until, { overflow: 'reject' });
  } catch {
    return null;
  }
  if (Temporal.PlainDate.compare(from, until) >= 0) return null;
  const zone = period.timeZone;
  const periodEnd = until.toZonedDateTime({ timeZone: zone }).epochMilliseconds;
  const buckets: StatisticsBucket[] = [];
  if (period.unit === 'hour') {
    let at = from.toZonedDateTime({ timeZone: zone });
    while (at.epochMilliseconds < periodEnd) {
      const next = at.add({ hours: 1 });
      buckets.push({ start: at.epochMilliseconds, end: Math.min(next.epochMilliseconds, periodEnd), label: at.toPlainDateTime().toString({ smallestUnit: 'minute' }) });
      if (buckets.length > STATISTICS_MAX_BUCKETS) return null;
      at = next;
    }
    return buckets;
  }
  // Days as day numbers and local midnights through the zone's offsets: a year by day is 366 of them.
  const untilDay = dayNumberOf(until);
  let start = instantOfWallClock(dayNumberOf(from) * DAY_MS, zone);
  for (let day = dayNumberOf(from); day < untilDay; ) {
    const unitStart = startOfUnitDay(day, period.unit);
    const next = Math.min(nextUnitDay(unitStart, period.unit), untilDay);
    const end = next === untilDay ? periodEnd : instantOfWallClock(next * DAY_MS, zone);
    buckets.push({ start, end, label: dateOfDayNumber(unitStart) });
    if (buckets.length > STATISTICS_MAX_BUCKETS) return null;
    day = next;
    start = end;
  }
  return buckets;
}

const dayNumberOf = (date: Temporal.PlainDate) => Math.floor(utcMs(date.year, date.month, date.day) / DAY_MS);

/** The first day of the unit holding a day (day numbers; weeks from Monday, 1970-01-01 being a Thursday). */
function startOfUnitDay(day: number, unit: Exclude<StatisticsUnit, 'hour'>): number {
  if (unit === 'day') return day;
  if (unit === 'week') return day - (((day + 3) % 7) + 7) % 7;
  const date = new Date(day * DAY_MS);
  return Math.floor(utcMs(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) / DAY_MS);
}

/** The first day of the unit after the one starting on `unitStart`. */
function nextUnitDay(unitStart: number, unit: Exclude<StatisticsUnit, 'hour'>): number {
  if (unit === 'day') return unitStart + 1;
  if (unit === 'week') return unitStart + 7;
  const date = new Date(unitStart * DAY_MS);
  return Math.floor(utcMs(date.getUTCFullYear(), date.getUTCMonth() + 2, 1) / DAY_MS);
}

/** The index of the bucket holding `instant` (buckets in order, as statisticsBuckets gives them); -1 outside. */
export function bucketIndexOf(buckets: readonly StatisticsBucket[], instant: number): number {
  let low = 0;
  let high = buckets.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const bucket = buckets[middle]!;
    if (instant < bucket.start) high = middle - 1;
    else if (instant >= bucket.end) low = middle + 1;
    else return middle;
  }
  return -1;
}

/** The period just before, as long in calendar days, for "compared with the previous period". */
export function previousStatisticsPeriod(period: StatisticsPeriod): StatisticsPeriod {
  const from = Temporal.PlainDate.from(period.from);
  const days = from.until(Temporal.PlainDate.from(period.until), { largestUnit: 'days' }).days;
  return { ...period, from: from.subtract({ days }).toString(), until: period.from };
}

/** The local calendar date of an instant in a time zone, as days since 1970-01-01: the daily rollup's key. */
export function localDayNumber(instant: number, timeZone: string): number {
  return Math.floor(localWallClock(instant, timeZone) / DAY_MS);
}

/**
 * An instant's local date and time in a time zone, as milliseconds counted as if that wall clock were UTC:
 * its local date and month are then plain arithmetic. The zone's offset at that instant is Temporal's
 * (zoneOffsetMs); the rest avoids building dates, which a year by day did for every unit and every key.
 */
function localWallClock(instant: number, timeZone: string): number {
  return instant + zoneOffsetMs(instant, timeZone);
}

/** A calendar date (`2027-03-28`, or the date of an hour's label) as days since 1970-01-01. */
export function dayNumberOfDate(date: string): number {
  return dayNumberOf(Temporal.PlainDate.from(date.slice(0, 10)));
}

/** Midnight UTC of a calendar date (any year: Date.UTC alone reads years 0–99 as 1900–1999). */
function utcMs(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}

/** The local month of an instant in a time zone, as months since January 1970: the monthly rollup's key. */
export function localMonthNumber(instant: number, timeZone: string): number {
  const local = new Date(localWallClock(instant, timeZone));
  return (local.getUTCFullYear() - 1970) * 12 + local.getUTCMonth();
}

/** The month number (months since January 1970) of a calendar date. */
export function monthNumberOfDate(date: string): number {
  const plain = Temporal.PlainDate.from(date.slice(0, 10));
  return (plain.year - 1970) * 12 + plain.month - 1;
}

/** The calendar date of a day number (days since 1970-01-01). */
export function dateOfDayNumber(day: number): string {
  const date = new Date(day * DAY_MS);
  const year = date.getUTCFullYear();
  const yyyy = year >= 0 && year <= 9999 ? String(year).padStart(4, '0') : (year < 0 ? '-' : '+') + String(Math.abs(year)).padStart(6, '0');
  return `${yyyy}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(date.getUTCDate()).padStart(2, '0')}`;
}

/** The instant a local month (months since January 1970) begins in a time zone. */
export function startOfLocalMonth(month: number, timeZone: string): number {
  return Temporal.PlainDate.from({ year: 1970 + Math.floor(month / 12), month: (((month % 12) + 12) % 12) + 1, day: 1 }).toZonedDateTime({ timeZone }).epochMilliseconds;
}

/** The instant a local day (days since 1970-01-01) begins in a time zone. */
export function startOfLocalDay(day: number, timeZone: string): number {
  return Temporal.PlainDate.from('1970-01-01').add({ days: day }).toZonedDateTime({ timeZone }).epochMilliseconds;
}
