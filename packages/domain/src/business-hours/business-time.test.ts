import { describe, expect, it } from 'vitest';
import { ALWAYS_OPEN, addBusinessTime, businessTimeBetween, isAlwaysOpen, isOpenAt, openPeriodsFrom } from './business-time.js';
import { type BusinessCalendar, calendarProblems, type OpeningInterval } from './calendar.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const utc = (iso: string) => Date.parse(iso);

function office(timeZone: string, hours: OpeningInterval = { from: '09:00', to: '17:30' }, holidays: BusinessCalendar['holidays'] = []): BusinessCalendar {
  return { timeZone, week: [[hours], [hours], [hours], [hours], [hours], [], []], holidays };
}

function everyDay(timeZone: string, intervals: OpeningInterval[], holidays: BusinessCalendar['holidays'] = []): BusinessCalendar {
  return { timeZone, week: Array.from({ length: 7 }, () => intervals), holidays };
}

// Expected instants are written in UTC by hand from each zone's rules, so the tests do not check Temporal against
// itself. 2027: the EU changes on Sunday 28 March (01:00 UTC) and Sunday 31 October (01:00 UTC); Moscow keeps UTC+3.
describe('business time across the 2027 daylight-saving changes', () => {
  it('8 business hours after Friday 16:30 in Sofia end on Monday 16:00, in summer time (spring change between)', () => {
    const friday = utc('2027-03-26T14:30:00Z'); // 16:30 EET
    expect(addBusinessTime(office('Europe/Sofia'), friday, 8 * HOUR)).toBe(utc('2027-03-29T13:00:00Z')); // 16:00 EEST
  });

  it('the same in Athens over the autumn change', () => {
    const friday = utc('2027-10-29T13:30:00Z'); // 16:30 EEST
    expect(addBusinessTime(office('Europe/Athens'), friday, 8 * HOUR)).toBe(utc('2027-11-01T14:00:00Z')); // 16:00 EET
  });

  it('Kyiv and Riga count wall-clock hours on both sides of the change', () => {
    for (const zone of ['Europe/Kyiv', 'Europe/Riga']) {
      expect(addBusinessTime(office(zone), utc('2027-03-26T14:30:00Z'), 8 * HOUR)).toBe(utc('2027-03-29T13:00:00Z'));
      expect(addBusinessTime(office(zone), utc('2027-10-29T13:30:00Z'), 8 * HOUR)).toBe(utc('2027-11-01T14:00:00Z'));
    }
  });

  it('Moscow has no change: Friday 17:00 plus 2 hours is Monday 10:00, UTC+3 throughout', () => {
    const calendar = office('Europe/Moscow', { from: '09:00', to: '18:00' });
    expect(addBusinessTime(calendar, utc('2027-03-26T14:00:00Z'), 2 * HOUR)).toBe(utc('2027-03-29T07:00:00Z'));
    expect(addBusinessTime(calendar, utc('2027-10-29T14:00:00Z'), 2 * HOUR)).toBe(utc('2027-11-01T07:00:00Z'));
  });

  it('a night shift over midnight is an hour shorter in spring and an hour longer in autumn', () => {
    const nights = everyDay('Europe/Riga', [{ from: '22:00', to: '06:00' }]);
    // Saturday 22:00 EET (20:00Z) to Sunday 06:00 EEST (03:00Z); Saturday 22:00 EEST (19:00Z) to Sunday 06:00 EET (04:00Z).
    expect(businessTimeBetween(nights, utc('2027-03-27T12:00:00Z'), utc('2027-03-28T12:00:00Z'))).toBe(7 * HOUR);
    expect(businessTimeBetween(nights, utc('2027-10-30T12:00:00Z'), utc('2027-10-31T12:00:00Z'))).toBe(9 * HOUR);
  });

  it('an opening hour that does not exist (skipped in spring) opens when the clocks have moved on', () => {
    const sunday: BusinessCalendar = { timeZone: 'Europe/Kyiv', week: [[], [], [], [], [], [], [{ from: '03:30', to: '05:00' }]], holidays: [] };
    const [first] = openPeriodsFrom(sunday, utc('2027-03-27T00:00:00Z'));
    // 03:30 local does not exist on 28 March (03:00 EET becomes 04:00 EEST): it opens at 04:30 EEST.
    expect(first).toEqual({ start: utc('2027-03-28T01:30:00Z'), end: utc('2027-03-28T02:00:00Z') });
  });

  it('an opening hour that happens twice (autumn) opens the first time', () => {
    const sunday: BusinessCalendar = { timeZone: 'Europe/Athens', week: [[], [], [], [], [], [], [{ from: '03:30', to: '05:00' }]], holidays: [] };
    const [first] = openPeriodsFrom(sunday, utc('2027-10-30T00:00:00Z'));
    // 03:30 EEST (00:30Z) comes first; 05:00 exists once, in EET (03:00Z): 2 h 30 min open.
    expect(first).toEqual({ start: utc('2027-10-31T00:30:00Z'), end: utc('2027-10-31T03:00:00Z') });
  });
});

describe('holidays', () => {
  it('a yearly holiday closes its day in every year, a one-off date only once', () => {
    const calendar = office('Europe/Sofia', { from: '09:00', to: '17:30' }, [
      { date: '2020-03-03', yearly: true, name: 'Liberation Day' },
      { date: '2027-05-06', yearly: false },
    ]);
    // Tuesday 2 March 2027 17:00 EET: half an hour left, Wednesday 3 March is a holiday, Thursday 09:30.
    expect(addBusinessTime(calendar, utc('2027-03-02T15:00:00Z'), HOUR)).toBe(utc('2027-03-04T07:30:00Z'));
    // Wednesday 5 May 2027 17:00 EEST: Thursday 6 May is closed, Friday 7 May 09:30 EEST.
    expect(addBusinessTime(calendar, utc('2027-05-05T14:00:00Z'), HOUR)).toBe(utc('2027-05-07T06:30:00Z'));
    // 2028-05-06 is an ordinary... Saturday; 2028-05-05 (Friday) is open.
    expect(isOpenAt(calendar, utc('2028-05-05T07:00:00Z'))).toBe(true);
    expect(isOpenAt(calendar, utc('2028-03-03T08:00:00Z'))).toBe(false);
  });

  it("a holiday closes the night shift starting that day, not the previous night's hours after midnight", () => {
    const calendar = everyDay('Europe/Riga', [{ from: '22:00', to: '06:00' }], [{ date: '2027-12-24', yearly: false }]);
    // From 24 December 00:00 to 25 December 12:00 (EET, UTC+2): only 00:00–06:00 of the 23rd's shift.
    expect(businessTimeBetween(calendar, utc('2027-12-23T22:00:00Z'), utc('2027-12-25T10:00:00Z'))).toBe(6 * HOUR);
  });
});

describe('the open periods', () => {
  it('a night shift running into the next day\u2019s opening counts once', () => {
    const calendar: BusinessCalendar = { timeZone: 'UTC', week: [[{ from: '22:00', to: '06:00' }], [{ from: '00:00', to: '08:00' }], [], [], [], [], []], holidays: [] };
    // Monday 2027-01-04 22:00 to Tuesday 08:00 is ten hours, not twelve.
    expect(businessTimeBetween(calendar, utc('2027-01-04T00:00:00Z'), utc('2027-01-06T00:00:00Z'))).toBe(10 * HOUR);
    expect([...take(openPeriodsFrom(calendar, utc('2027-01-04T00:00:00Z')), 1)]).toEqual([{ start: utc('2027-01-04T22:00:00Z'), end: utc('2027-01-05T08:00:00Z') }]);
  });

  it('is open from the start of an opening and closed at its end', () => {
    const calendar = office('Europe/Sofia');
    expect(isOpenAt(calendar, utc('2027-01-04T07:00:00Z'))).toBe(true); // Monday 09:00 EET
    expect(isOpenAt(calendar, utc('2027-01-04T06:59:59Z'))).toBe(false);
    expect(isOpenAt(calendar, utc('2027-01-04T15:30:00Z'))).toBe(false); // 17:30
    expect(isOpenAt(calendar, utc('2027-01-09T10:00:00Z'))).toBe(false); // Saturday
  });

  it('a zero duration is due at the next opening; from inside an opening, at once', () => {
    const calendar = office('Europe/Sofia');
    expect(addBusinessTime(calendar, utc('2027-01-09T10:00:00Z'), 0)).toBe(utc('2027-01-11T07:00:00Z'));
    expect(addBusinessTime(calendar, utc('2027-01-04T08:00:00Z'), 0)).toBe(utc('2027-01-04T08:00:00Z'));
  });

  it('a time that ends exactly at closing is due at closing', () => {
    const calendar = office('Europe/Sofia');
    expect(addBusinessTime(calendar, utc('2027-01-04T07:00:00Z'), 8 * HOUR + 30 * MINUTE)).toBe(utc('2027-01-04T15:30:00Z'));
  });

  it('a calendar that never opens is never due and counts no time', () => {
    const closed: BusinessCalendar = { timeZone: 'Europe/Sofia', week: [[], [], [], [], [], [], []], holidays: [] };
    expect(addBusinessTime(closed, utc('2027-01-04T07:00:00Z'), HOUR)).toBeNull();
    expect(businessTimeBetween(closed, utc('2027-01-04T07:00:00Z'), utc('2027-02-04T07:00:00Z'))).toBe(0);
  });

  it('calendar hours are every hour: five days later is five days later', () => {
    const start = utc('2027-03-26T14:30:00Z');
    expect(addBusinessTime(ALWAYS_OPEN, start, 5 * 24 * HOUR)).toBe(start + 5 * 24 * HOUR);
    expect(businessTimeBetween(ALWAYS_OPEN, start, start + 49 * HOUR)).toBe(49 * HOUR);
  });

  it('counting the time back gives the duration added, in every zone, all year', () => {
    let seed = 20_270_101;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const zones = ['Europe/Sofia', 'Europe/Athens', 'Europe/Riga', 'Europe/Moscow', 'Europe/Kyiv'];
    const calendars = zones.flatMap((zone) => [
      office(zone),
      everyDay(zone, [{ from: '07:00', to: '12:00' }, { from: '13:00', to: '19:30' }, { from: '23:00', to: '01:30' }], [{ date: '2027-01-01', yearly: true }]),
    ]);
    for (let i = 0; i < 400; i++) {
      const calendar = calendars[i % calendars.length]!;
      const start = utc('2027-01-01T00:00:00Z') + Math.floor(random() * 365 * 24) * HOUR + Math.floor(random() * 60) * MINUTE;
      const duration = Math.floor(random() * 40 * 60) * MINUTE;
      const due = addBusinessTime(calendar, start, duration)!;
      expect(due).toBeGreaterThanOrEqual(start);
      expect(businessTimeBetween(calendar, start, due)).toBe(duration);
    }
  });
});

describe('calendarProblems', () => {
  const week = office('Europe/Sofia').week;
  it('accepts a sound calendar and IANA zones only', () => {
    expect(calendarProblems(office('Europe/Sofia'))).toEqual([]);
    expect(calendarProblems({ timeZone: 'UTC', week, holidays: [] })).toEqual([]);
    expect(calendarProblems({ timeZone: 'Europe/Nowhere', week, holidays: [] })).toEqual([{ code: 'calendar/unknown_time_zone', timeZone: 'Europe/Nowhere' }]);
    expect(calendarProblems({ timeZone: '+02:00', week, holidays: [] })).toEqual([{ code: 'calendar/unknown_time_zone', timeZone: '+02:00' }]);
  });

  it('names bad times, empty and overlapping intervals (across midnight and from Sunday into Monday), and impossible dates', () => {
    const problems = calendarProblems({
      timeZone: 'Europe/Riga',
      week: [[{ from: '05:00', to: '09:00' }], [{ from: '25:00', to: '26:00' }], [{ from: '10:00', to: '10:00' }], [], [{ from: '09:00', to: '12:00' }, { from: '11:00', to: '13:00' }], [], [{ from: '22:00', to: '06:00' }]],
      holidays: [{ date: '2027-02-30', yearly: false }],
    });
    expect(problems.map((problem) => problem.code)).toEqual([
      'calendar/bad_time',
      'calendar/bad_time',
      'calendar/empty_interval',
      'calendar/overlapping_intervals',
      'calendar/overlapping_intervals',
      'calendar/bad_holiday_date',
    ]);
  });

  it('takes 24:00 as an end and refuses it as a start; refuses a week of the wrong length', () => {
    expect(calendarProblems({ timeZone: 'UTC', week: Array.from({ length: 7 }, () => [{ from: '00:00', to: '24:00' }]), holidays: [] })).toEqual([]);
    expect(calendarProblems({ timeZone: 'UTC', week: [[{ from: '24:00', to: '01:00' }], [], [], [], [], [], []], holidays: [] })).toEqual([{ code: 'calendar/bad_time', day: 0, value: '24:00' }]);
    expect(calendarProblems({ timeZone: 'UTC', week: [[]], holidays: [] })).toEqual([{ code: 'calendar/week_needs_seven_days' }]);
  });
});

function* take<T>(items: Iterable<T>, count: number): Generator<T> {
  if (count <= 0) return;
  for (const item of items) {
    yield item;
    if (--count === 0) return;
  }
}

describe('a calendar open around the clock', () => {
  const open = { timeZone: 'Europe/Riga', week: Array.from({ length: 7 }, () => [{ from: '00:00', to: '24:00' }]), holidays: [] };
  it('counts plain elapsed time, across the DST change, without walking its days', () => {
    const start = Date.parse('2027-03-27T22:00:00Z');
    expect(isAlwaysOpen(open)).toBe(true);
    expect(addBusinessTime(open, start, 8 * 3_600_000)).toBe(start + 8 * 3_600_000);
    expect(businessTimeBetween(open, start, start + 5_000)).toBe(5_000);
    expect(isOpenAt(open, start)).toBe(true);
  });
  it('is not taken for one with a holiday or a closed hour', () => {
    expect(isAlwaysOpen({ ...open, holidays: [{ date: '2027-12-25', yearly: true }] })).toBe(false);
    expect(isAlwaysOpen({ ...open, week: [[{ from: '00:00', to: '23:00' }], ...open.week.slice(1)] })).toBe(false);
  });
});
