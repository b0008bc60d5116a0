import { Temporal } from 'temporal-polyfill';

/** A day's length in milliseconds (a UTC day; local days are found through offsets). */
export const DAY_MS = 86_400_000;

/** A stretch of time over which a time zone's offset from UTC does not change. */
interface OffsetSpan {
  readonly start: number;
  readonly end: number;
  readonly offsetMs: number;
}

/** Spans kept per zone: a report reads a few years, two spans a year where there is summer time. */
const SPANS_PER_ZONE = 128;
const spansByZone = new Map<string, OffsetSpan[]>();

/**
 * A time zone's offset from UTC at an instant (ms), as Temporal computes it, remembered with the span of time
 * until the zone's next transition and since its previous one. Asking Temporal for an offset builds a date in
 * the zone each time (about 10 µs with the polyfill); a year by day asks for hundreds per report.
 */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  let spans = spansByZone.get(timeZone);
  if (spans) {
    for (const span of spans) if (instant >= span.start && instant < span.end) return span.offsetMs;
  } else {
    spans = [];
    spansByZone.set(timeZone, spans);
  }
  const span = offsetSpanAt(instant, timeZone);
  if (spans.length >= SPANS_PER_ZONE) spans.length = 0;
  spans.push(span);
  return span.offsetMs;
}

function offsetSpanAt(instant: number, timeZone: string): OffsetSpan {
  const here = Temporal.Instant.fromEpochMilliseconds(instant).toZonedDateTimeISO(timeZone);
  const offsetMs = here.offsetNanoseconds / 1e6;
  const next = here.getTimeZoneTransition('next');
  const previous = here.getTimeZoneTransition('previous');
  // `previous` is the transition strictly before the instant: if the instant is itself a transition, the
  // offset changed there, and the span begins at the instant.
  const previousMs = previous?.epochMilliseconds ?? Number.NEGATIVE_INFINITY;
  const start = previous && previous.offsetNanoseconds / 1e6 !== offsetMs ? instant : previousMs;
  return { start, end: next?.epochMilliseconds ?? Number.POSITIVE_INFINITY, offsetMs };
}

/**
 * The instant a local wall-clock time (ms counted as if it were UTC) happens in a time zone, as Temporal's
 * "compatible" disambiguation has it: in a repeated hour the earlier instant, in a skipped one the instant
 * as many minutes after as were skipped.
 */
export function instantOfWallClock(wallClock: number, timeZone: string): number {
  const before = zoneOffsetMs(wallClock - DAY_MS, timeZone);
  const after = zoneOffsetMs(wallClock + DAY_MS, timeZone);
  const fits = [wallClock - before, wallClock - after].filter((instant) => instant + zoneOffsetMs(instant, timeZone) === wallClock);
  if (fits.length > 0) return Math.min(...fits);
  return wallClock - before;
}
