import { dayNumberOfDate, startOfLocalDay } from '@parley/domain';
import { describe, expect, it } from 'vitest';
import { calendarCover } from './zone-query.js';

const ZONE = 'Europe/Riga';
/** Midnight of a local date in Riga, as an instant. */
const riga = (date: string) => startOfLocalDay(dayNumberOfDate(date), ZONE);
const described = (from: string, until: string) =>
  calendarCover({ start: riga(from), end: riga(until) }, ZONE).map((part) => `${part.grain.table.replace('statistics_', '')} ${new Date(part.span.start).toISOString()}…${new Date(part.span.end).toISOString()}`);

describe('calendarCover', () => {
  it('reads a calendar year as one year', () => {
    expect(described('2027-01-01', '2028-01-01')).toEqual(['yearly 2026-12-31T22:00:00.000Z…2027-12-31T22:00:00.000Z']);
  });

  it('reads the odd days, months and quarters around whole years, each from its own rollup, covering the span once', () => {
    const parts = calendarCover({ start: riga('2026-02-14'), end: riga('2028-05-03') }, ZONE);
    expect(parts.map((part) => part.grain.table)).toEqual(['statistics_daily', 'statistics_daily', 'statistics_monthly', 'statistics_quarterly', 'statistics_yearly', 'statistics_quarterly', 'statistics_monthly']);
    // Sorted by start, the parts follow each other without gap or overlap from the first instant to the last.
    const spans = parts.map((part) => part.span).sort((a, b) => a.start - b.start);
    expect(spans[0]!.start).toBe(riga('2026-02-14'));
    expect(spans.at(-1)!.end).toBe(riga('2028-05-03'));
    for (let i = 1; i < spans.length; i++) expect(spans[i]!.start).toBe(spans[i - 1]!.end);
    expect(described('2026-02-14', '2028-05-03')).toContain('quarterly 2026-03-31T21:00:00.000Z…2026-12-31T22:00:00.000Z');
  });

  it('keeps months that do not make a quarter as months, and a span inside one month as days', () => {
    expect(calendarCover({ start: riga('2027-02-01'), end: riga('2027-04-01') }, ZONE).map((part) => part.grain.table)).toEqual(['statistics_monthly']);
    expect(calendarCover({ start: riga('2027-02-01'), end: riga('2027-05-01') }, ZONE).map((part) => part.grain.table)).toEqual(['statistics_monthly', 'statistics_monthly']);
    expect(described('2027-02-01', '2027-08-01')).toEqual([
      'monthly 2027-01-31T22:00:00.000Z…2027-03-31T21:00:00.000Z',
      'quarterly 2027-03-31T21:00:00.000Z…2027-06-30T21:00:00.000Z',
      'monthly 2027-06-30T21:00:00.000Z…2027-07-31T21:00:00.000Z',
    ]);
    expect(calendarCover({ start: riga('2027-03-02'), end: riga('2027-03-20') }, ZONE).map((part) => part.grain.table)).toEqual(['statistics_daily']);
  });
});
