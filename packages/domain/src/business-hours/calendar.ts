import { Temporal } from 'temporal-polyfill';
import { isKnownTimeZone } from '../time/time-zone.js';

/**
 * A business calendar: when a team works, in its own time zone. Service-level clocks count only the time it
 * is open. All arithmetic is done in the calendar's IANA zone with Temporal, so a wall-clock opening hour
 * stays a wall-clock hour across daylight-saving changes and the zone's own history.
 */
export interface BusinessCalendar {
  /** An IANA zone name such as Europe/Sofia; never a fixed offset. */
  readonly timeZone: string;
  /** Opening hours per ISO weekday, Monday first (index 0) to Sunday (index 6). */
  readonly week: readonly (readonly OpeningInterval[])[];
  readonly holidays: readonly Holiday[];
}

/**
 * Wall-clock opening hours, `HH:MM`. An interval whose end is not after its start runs past midnight into the
 * next day (a night shift 22:00–06:00); `24:00` ends at midnight. An interval belongs to the day it starts on:
 * a holiday closes the intervals starting that day, including a night shift's hours after midnight.
 */
export interface OpeningInterval {
  readonly from: string;
  readonly to: string;
}

/** A day the calendar is closed: a date (`YYYY-MM-DD`), optionally the same month and day every year. */
export interface Holiday {
  readonly date: string;
  readonly yearly: boolean;
  readonly name?: string;
}

/** A span of open time, as instants (ms since the epoch), start inclusive and end exclusive. */
export interface OpenPeriod {
  readonly start: number;
  readonly end: number;
}

export type CalendarProblem =
  | { readonly code: 'calendar/unknown_time_zone'; readonly timeZone: string }
  | { readonly code: 'calendar/week_needs_seven_days' }
  | { readonly code: 'calendar/bad_time'; readonly day: number; readonly value: string }
  | { readonly code: 'calendar/empty_interval'; readonly day: number; readonly interval: OpeningInterval }
  | { readonly code: 'calendar/overlapping_intervals'; readonly day: number; readonly interval: OpeningInterval }
  | { readonly code: 'calendar/bad_holiday_date'; readonly date: string };

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MINUTES_PER_DAY = 24 * 60;

/** Minutes after midnight of an `HH:MM` time, or null when it is not one. */
export function minutesOfDay(time: string): number | null {
  if (!TIME.test(time)) return null;
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
}

/** Everything wrong with a calendar; empty when it can be used. */
export function calendarProblems(calendar: BusinessCalendar): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  if (!isKnownTimeZone(calendar.timeZone)) problems.push({ code: 'calendar/unknown_time_zone', timeZone: calendar.timeZone });
  if (calendar.week.length !== 7) problems.push({ code: 'calendar/week_needs_seven_days' });
  // Every interval on one line of minutes from Monday 00:00, so overlaps across midnight are caught too.
  const taken: { start: number; end: number; day: number }[] = [];
  calendar.week.forEach((intervals, day) => {
    for (const interval of intervals) {
      const from = minutesOfDay(interval.from);
      const to = minutesOfDay(interval.to);
      if (from === null || from === MINUTES_PER_DAY) problems.push({ code: 'calendar/bad_time', day, value: interval.from });
      if (to === null) problems.push({ code: 'calendar/bad_time', day, value: interval.to });
      if (from === null || to === null || from === MINUTES_PER_DAY) continue;
      if (from === to) {
        problems.push({ code: 'calendar/empty_interval', day, interval });
        continue;
      }
      const start = day * MINUTES_PER_DAY + from;
      const end = day * MINUTES_PER_DAY + (to > from ? to : to + MINUTES_PER_DAY);
      const week = 7 * MINUTES_PER_DAY;
      // Sunday's night shift runs into Monday: compare it a week earlier too.
      const overlaps = taken.some((other) => [0, week, -week].some((shift) => start + shift < other.end && other.start < end + shift));
      if (overlaps) problems.push({ code: 'calendar/overlapping_intervals', day, interval });
      taken.push({ start, end, day });
    }
  });
  for (const holiday of calendar.holidays) {
    if (!DATE.test(holiday.date) || !isRealDate(holiday.date)) problems.push({ code: 'calendar/bad_holiday_date', date: holiday.date });
  }
  return problems;
}

function isRealDate(date: string): boolean {
  try {
    Temporal.PlainDate.from(date, { overflow: 'reject' });
    return true;
  } catch {
    return false;
  }
}

/** Whether a local date is one of the calendar's holidays. */
export function isHoliday(calendar: BusinessCalendar, date: Temporal.PlainDate): boolean {
  const iso = date.toString();
  const monthDay = iso.slice(5);
  return calendar.holidays.some((holiday) => holiday.date === iso || (holiday.yearly && holiday.date.slice(5) === monthDay));
}

/**
 * The open periods of one local date, as instants. A wall time that does not exist (the hour skipped when
 * clocks go forward) moves forward past the gap; one that exists twice (clocks go back) is the earlier.
 */
export function openPeriodsOfDate(calendar: BusinessCalendar, date: Temporal.PlainDate): OpenPeriod[] {
  if (isHoliday(calendar, date)) return [];
  const intervals = calendar.week[date.dayOfWeek - 1] ?? [];
  const periods: OpenPeriod[] = [];
  for (const interval of intervals) {
    const from = minutesOfDay(interval.from);
    const to = minutesOfDay(interval.to);
    if (from === null || to === null || from === to) continue;
    const start = instantAt(calendar.timeZone, date, from);
    const end = instantAt(calendar.timeZone, to > from ? date : date.add({ days: 1 }), to);
    if (end > start) periods.push({ start, end });
  }
  return periods.sort((a, b) => a.start - b.start);
}

function instantAt(timeZone: string, date: Temporal.PlainDate, minutes: number): number {
  const day = minutes === MINUTES_PER_DAY ? date.add({ days: 1 }) : date;
  const time = minutes === MINUTES_PER_DAY ? 0 : minutes;
  return day
    .toZonedDateTime({ timeZone, plainTime: new Temporal.PlainTime(Math.floor(time / 60), time % 60) })
    .toInstant().epochMilliseconds;
}

/** The calendar's local date at an instant. */
export function localDate(calendar: BusinessCalendar, at: number): Temporal.PlainDate {
  return Temporal.Instant.fromEpochMilliseconds(at).toZonedDateTimeISO(calendar.timeZone).toPlainDate();
}
