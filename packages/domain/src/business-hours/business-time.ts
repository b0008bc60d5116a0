import { type BusinessCalendar, localDate, type OpenPeriod, openPeriodsOfDate } from './calendar.js';

/**
 * How far ahead to look for open time before giving up: a calendar with no opening hours at all (or closed by
 * holidays for years) has no business time, and a clock on it is never due.
 */
const HORIZON_DAYS = 3 * 366;

/**
 * The calendar's open time from an instant onwards, in order, as periods that never overlap: a night shift
 * that runs into the next day's opening is one period (periods may touch: a 24-hour day is one per day). The
 * first period starts at `from` when the calendar is open then. Ends after HORIZON_DAYS days without any opening.
 */
export function* openPeriodsFrom(calendar: BusinessCalendar, from: number): Generator<OpenPeriod> {
  // Start a day early: yesterday's night shift may still be running.
  let date = localDate(calendar, from).subtract({ days: 1 });
  let pending: OpenPeriod | null = null;
  let closedDays = 0;
  while (closedDays <= HORIZON_DAYS) {
    const periods = openPeriodsOfDate(calendar, date);
    closedDays = periods.length === 0 ? closedDays + 1 : 0;
    for (const period of periods) {
      if (period.end <= from) continue;
      const clipped = { start: Math.max(period.start, from), end: period.end };
      if (pending && clipped.start < pending.end) {
        pending = { start: pending.start, end: Math.max(pending.end, clipped.end) };
        continue;
      }
      if (pending) yield pending;
      pending = clipped;
    }
    date = date.add({ days: 1 });
    // A period of a later date starts on that date at the earliest: if the pending period ends by then,
    // nothing later overlaps it.
    if (pending && startOfDate(calendar, date) >= pending.end) {
      yield pending;
      pending = null;
    }
  }
  if (pending) yield pending;
}

function startOfDate(calendar: BusinessCalendar, date: ReturnType<typeof localDate>): number {
  return date.toZonedDateTime({ timeZone: calendar.timeZone }).toInstant().epochMilliseconds;
}

/** Whether the calendar is open at an instant. */
export function isOpenAt(calendar: BusinessCalendar, at: number): boolean {
  if (isAlwaysOpen(calendar)) return true;
  const first = openPeriodsFrom(calendar, at).next();
  return !first.done && first.value.start === at;
}

/**
 * The instant `duration` ms of open time after `start` (a due time: "8 business hours after Friday 16:30").
 * A zero duration is due at the next open instant; a duration that uses up an opening exactly is due at its
 * closing. Null when the calendar never opens again.
 */
export function addBusinessTime(calendar: BusinessCalendar, start: number, duration: number): number | null {
  if (isAlwaysOpen(calendar)) return start + Math.max(0, duration);
  let left = Math.max(0, duration);
  for (const period of openPeriodsFrom(calendar, start)) {
    const length = period.end - period.start;
    if (left <= length) return period.start + left;
    left -= length;
  }
  return null;
}

/** The open time between two instants in ms (0 when `to` is not after `from`). */
export function businessTimeBetween(calendar: BusinessCalendar, from: number, to: number): number {
  let total = 0;
  if (to <= from) return 0;
  if (isAlwaysOpen(calendar)) return to - from;
  for (const period of openPeriodsFrom(calendar, from)) {
    if (period.start >= to) break;
    total += Math.min(period.end, to) - period.start;
  }
  return total;
}

const alwaysOpen = new WeakMap<BusinessCalendar, boolean>();

/**
 * Whether the calendar is open every minute of every day with no holidays, so that business time is plain
 * elapsed time: the arithmetic then needs no walk through its days (calendar hours, and desks open 24/7).
 */
export function isAlwaysOpen(calendar: BusinessCalendar): boolean {
  let known = alwaysOpen.get(calendar);
  if (known === undefined) {
    known = calendar.holidays.length === 0 && calendar.week.length === 7 && calendar.week.every((day) => day.length === 1 && day[0]!.from === '00:00' && day[0]!.to === '24:00');
    alwaysOpen.set(calendar, known);
  }
  return known;
}

/** A calendar open every hour of every day: "calendar hours" expressed as a business calendar. */
export const ALWAYS_OPEN: BusinessCalendar = {
  timeZone: 'UTC',
  week: Array.from({ length: 7 }, () => [{ from: '00:00', to: '24:00' }]),
  holidays: [],
};
