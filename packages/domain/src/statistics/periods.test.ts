import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import {
  bucketIndexOf,
  dateOfDayNumber,
  dayNumberOfDate,
  localDayNumber,
  localMonthNumber,
  monthNumberOfDate,
  previousStatisticsPeriod,
  STATISTICS_MAX_BUCKETS,
  startOfLocalDay,
  startOfLocalMonth,
  type StatisticsPeriod,
  statisticsBuckets,
} from './periods.js';

const hours = (bucket: { start: number; end: number }) => (bucket.end - bucket.start) / 3_600_000;

describe('statisticsBuckets', () => {
  it('gives local days, 23 and 25 hours long across the 2027 DST changes, in each seed country', () => {
    for (const timeZone of ['Europe/Sofia', 'Europe/Athens', 'Europe/Riga', 'Europe/Kyiv']) {
      const spring = statisticsBuckets({ from: '2027-03-27', until: '2027-03-30', unit: 'day', timeZone })!;
      expect(spring.map((b) => b.label)).toEqual(['2027-03-27', '2027-03-28', '2027-03-29']);
      expect(spring.map(hours)).toEqual([24, 23, 24]);
      const autumn = statisticsBuckets({ from: '2027-10-30', until: '2027-11-01', unit: 'day', timeZone })!;
      expect(autumn.map(hours)).toEqual([24, 25]);
    }
    // Moscow keeps no daylight saving: every day is 24 hours.
    expect(statisticsBuckets({ from: '2027-03-27', until: '2027-03-30', unit: 'day', timeZone: 'Europe/Moscow' })!.map(hours)).toEqual([24, 24, 24]);
  });

  it('starts each day at local midnight', () => {
    const [first] = statisticsBuckets({ from: '2027-07-01', until: '2027-07-02', unit: 'day', timeZone: 'Europe/Riga' })!;
    expect(new Date(first!.start).toISOString()).toBe('2027-06-30T21:00:00.000Z');
  });

  it('has the hours that exist locally: 23 on the spring day, 25 on the autumn day (the repeated hour twice)', () => {
    const spring = statisticsBuckets({ from: '2027-03-28', until: '2027-03-29', unit: 'hour', timeZone: 'Europe/Athens' })!;
    expect(spring).toHaveLength(23);
    expect(spring.map((b) => b.label)).not.toContain('2027-03-28T03:00');
    const autumn = statisticsBuckets({ from: '2027-10-31', until: '2027-11-01', unit: 'hour', timeZone: 'Europe/Athens' })!;
    expect(autumn).toHaveLength(25);
    expect(autumn.filter((b) => b.label === '2027-10-31T03:00')).toHaveLength(2);
    expect(autumn.every((b) => hours(b) === 1)).toBe(true);
  });

  it('cuts weeks (from Monday) and months at the period’s ends', () => {
    const weeks = statisticsBuckets({ from: '2027-03-03', until: '2027-03-20', unit: 'week', timeZone: 'Europe/Sofia' })!;
    expect(weeks.map((b) => b.label)).toEqual(['2027-03-01', '2027-03-08', '2027-03-15']);
    expect(weeks.map((b) => Math.round(hours(b) / 24))).toEqual([5, 7, 5]);
    const months = statisticsBuckets({ from: '2027-01-15', until: '2028-01-01', unit: 'month', timeZone: 'Europe/Riga' })!;
    expect(months).toHaveLength(12);
    expect(months[0]).toMatchObject({ label: '2027-01-01' });
    expect(months[2]!.end - months[2]!.start).toBe((31 * 24 - 1) * 3_600_000); // March loses its DST hour
  });

  it('gives the units Temporal gives, day by day, week by week and month by month, in zones with odd rules', () => {
    // The reference: each unit's first date and local midnight straight from Temporal's dates.
    const reference = (period: StatisticsPeriod) => {
      const until = Temporal.PlainDate.from(period.until);
      const units: { start: number; end: number; label: string }[] = [];
      for (let day = Temporal.PlainDate.from(period.from); Temporal.PlainDate.compare(day, until) < 0; ) {
        const first = period.unit === 'week' ? day.subtract({ days: day.dayOfWeek - 1 }) : period.unit === 'month' ? day.with({ day: 1 }) : day;
        let next = period.unit === 'day' ? first.add({ days: 1 }) : period.unit === 'week' ? first.add({ weeks: 1 }) : first.add({ months: 1 });
        if (Temporal.PlainDate.compare(next, until) > 0) next = until;
        units.push({ start: day.toZonedDateTime({ timeZone: period.timeZone }).epochMilliseconds, end: next.toZonedDateTime({ timeZone: period.timeZone }).epochMilliseconds, label: first.toString() });
        day = next;
      }
      return units;
    };
    for (const timeZone of ['Europe/Riga', 'America/Santiago', 'Pacific/Apia', 'Australia/Lord_Howe', 'Asia/Kolkata', 'America/St_Johns']) {
      for (const [from, until] of [['2011-12-20', '2012-01-10'], ['2026-12-30', '2028-01-02'], ['2027-03-03', '2027-11-20'], ['1969-12-25', '1970-01-10']] as const) {
        for (const unit of ['day', 'week', 'month'] as const) {
          const period = { from, until, unit, timeZone };
          expect(statisticsBuckets(period), `${timeZone} ${from}…${until} by ${unit}`).toEqual(reference(period));
        }
      }
    }
  });

  it('refuses empty, reversed, invalid and oversized periods', () => {
    expect(statisticsBuckets({ from: '2027-03-01', until: '2027-03-01', unit: 'day', timeZone: 'UTC' })).toBeNull();
    expect(statisticsBuckets({ from: '2027-03-02', until: '2027-03-01', unit: 'day', timeZone: 'UTC' })).toBeNull();
    expect(statisticsBuckets({ from: '2027-02-30', until: '2027-03-01', unit: 'day', timeZone: 'UTC' })).toBeNull();
    expect(statisticsBuckets({ from: 'yesterday', until: '2027-03-01', unit: 'day', timeZone: 'UTC' })).toBeNull();
    expect(statisticsBuckets({ from: '2027-01-01', until: '2028-01-01', unit: 'hour', timeZone: 'UTC' })).toHaveLength(8760);
    expect(statisticsBuckets({ from: '2026-01-01', until: '2028-01-01', unit: 'hour', timeZone: 'UTC' })).toBeNull();
    expect(STATISTICS_MAX_BUCKETS).toBeGreaterThan(8784);
  });
});

describe('bucketIndexOf', () => {
  it('finds the unit an instant falls in, and -1 outside the period', () => {
    const days = statisticsBuckets({ from: '2027-03-27', until: '2027-03-30', unit: 'day', timeZone: 'Europe/Sofia' })!;
    expect(bucketIndexOf(days, days[1]!.start)).toBe(1);
    expect(bucketIndexOf(days, days[1]!.end - 1)).toBe(1);
    expect(bucketIndexOf(days, days[2]!.end)).toBe(-1);
    expect(bucketIndexOf(days, days[0]!.start - 1)).toBe(-1);
  });
});

describe('previousStatisticsPeriod', () => {
  it('is as many days just before', () => {
    expect(previousStatisticsPeriod({ from: '2027-03-01', until: '2027-04-01', unit: 'day', timeZone: 'Europe/Riga' })).toMatchObject({ from: '2027-01-29', until: '2027-03-01' });
  });
});

describe('startOfLocalMonth', () => {
  it('is the local midnight the month begins, summer time or not, and a month number maps back to itself', () => {
    const april2027 = monthNumberOfDate('2027-04-01');
    expect(new Date(startOfLocalMonth(april2027, 'Europe/Riga')).toISOString()).toBe('2027-03-31T21:00:00.000Z');
    expect(new Date(startOfLocalMonth(april2027 - 3, 'Europe/Riga')).toISOString()).toBe('2026-12-31T22:00:00.000Z');
    expect(new Date(startOfLocalMonth(april2027, 'Asia/Kolkata')).toISOString()).toBe('2027-03-31T18:30:00.000Z');
    for (const timeZone of ['Europe/Riga', 'Asia/Kolkata', 'America/Santiago', 'Pacific/Chatham']) {
      for (let month = april2027 - 14; month < april2027 + 14; month++) {
        expect(localMonthNumber(startOfLocalMonth(month, timeZone), timeZone)).toBe(month);
        expect(localMonthNumber(startOfLocalMonth(month, timeZone) - 1, timeZone)).toBe(month - 1);
        expect(startOfLocalMonth(month, timeZone)).toBe(startOfLocalDay(dayNumberOfDate(dateOfDayNumber(localDayNumber(startOfLocalMonth(month, timeZone), timeZone))), timeZone));
      }
    }
  });
});
