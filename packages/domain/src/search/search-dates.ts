import { Temporal } from 'temporal-polyfill';

/**
 * The instant a calendar date (YYYY-MM-DD, as `before:` and `after:` take it) starts in an IANA time zone:
 * `after:2027-03-01` in Europe/Sofia means from that day's local midnight, whatever the offset that day.
 */
export function startOfDateIn(date: string, timeZone: string): number {
  return Temporal.PlainDate.from(date).toZonedDateTime({ timeZone }).epochMilliseconds;
}

/** `before:` a date is before its start; `after:` a date includes it: created at or after its start. */
export function searchDateRange(filters: { readonly before: string | null; readonly after: string | null }, timeZone: string): { from: number | null; until: number | null } {
  return {
    from: filters.after ? startOfDateIn(filters.after, timeZone) : null,
    until: filters.before ? startOfDateIn(filters.before, timeZone) : null,
  };
}
