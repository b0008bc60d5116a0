import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { instantOfWallClock, zoneOffsetMs } from './zone-offsets.js';

const temporalOffset = (instant: number, zone: string) => Temporal.Instant.fromEpochMilliseconds(instant).toZonedDateTimeISO(zone).offsetNanoseconds / 1e6;

describe('zoneOffsetMs', () => {
  // Summer time at 03:00 and at midnight (Santiago), half-hour summer time (Lord Howe), a 45-minute offset
  // (Chatham), none (Kolkata), a zone whose rules changed (Kyiv's and Samoa's history), and UTC.
  const zones = ['Europe/Riga', 'America/Santiago', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Asia/Kolkata', 'Europe/Kyiv', 'Pacific/Apia', 'UTC'];

  it('agrees with Temporal every three days or so over forty years, in time order and out of it', () => {
    const from = Date.parse('1990-01-01T00:00:00Z');
    const step = 71 * 3_600_000 + 7 * 60_000;
    const instants: number[] = [];
    for (let at = from; at < Date.parse('2030-01-01T00:00:00Z'); at += step) instants.push(at);
    const shuffled = [...instants].sort((a, b) => (a * 7919) % 1_000_003 - (b * 7919) % 1_000_003);
    for (const zone of zones) {
      for (const instant of [...instants, ...shuffled]) {
        if (zoneOffsetMs(instant, zone) !== temporalOffset(instant, zone)) expect(`${zone} ${new Date(instant).toISOString()} ${zoneOffsetMs(instant, zone)}`).toBe(String(temporalOffset(instant, zone)));
      }
    }
  }, 30_000);

  it('agrees at each transition, a millisecond before it and a millisecond after, asked in any order', () => {
    for (const zone of zones) {
      let at: Temporal.ZonedDateTime | null = Temporal.Instant.from('2015-01-01T00:00:00Z').toZonedDateTimeISO(zone);
      const transitions: number[] = [];
      for (let i = 0; i < 30 && at; i++) {
        at = at.getTimeZoneTransition('next');
        if (at) transitions.push(at.epochMilliseconds);
      }
      if (zone !== 'UTC' && zone !== 'Asia/Kolkata') expect(transitions.length, zone).toBeGreaterThan(2);
      for (const order of [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]) {
        for (const transition of [...transitions].reverse()) {
          for (const delta of order) expect(zoneOffsetMs(transition + delta!, zone), `${zone} ${new Date(transition + delta!).toISOString()}`).toBe(temporalOffset(transition + delta!, zone));
        }
      }
    }
  });

  it('finds the instant of every local midnight and every local hour as Temporal does, in gaps and repeats too', () => {
    for (const zone of zones) {
      for (let day = Temporal.PlainDate.from('2009-01-01'); Temporal.PlainDate.compare(day, Temporal.PlainDate.from('2029-01-01')) < 0; day = day.add({ days: 1 })) {
        const wall = Date.UTC(day.year, day.month - 1, day.day);
        const expected = day.toZonedDateTime({ timeZone: zone }).epochMilliseconds;
        if (instantOfWallClock(wall, zone) !== expected) expect(`${zone} ${day}`).toBe(new Date(expected).toISOString());
      }
      // Every hour and half hour of the days around each transition.
      let at: Temporal.ZonedDateTime | null = Temporal.Instant.from('2009-01-01T00:00:00Z').toZonedDateTimeISO(zone);
      for (let i = 0; i < 40 && at; i++) {
        at = at.getTimeZoneTransition('next');
        if (!at) break;
        const date = at.toPlainDate();
        for (let minutes = -24 * 60; minutes < 48 * 60; minutes += 15) {
          const local = date.toPlainDateTime().add({ minutes });
          const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
          const expected = local.toZonedDateTime(zone).epochMilliseconds;
          if (instantOfWallClock(wall, zone) !== expected) expect(`${zone} ${local}`).toBe(new Date(expected).toISOString());
        }
      }
    }
  }, 30_000);
});
