import { describe, expect, it } from 'vitest';
import { localInputValue, presetTimes } from './postpone-presets';

describe('postpone presets', () => {
  it('offers an hour from now, tomorrow at nine and next Monday at nine', () => {
    const wednesday = new Date(2026, 10, 25, 14, 37, 12);
    const { inOneHour, tomorrowMorning, nextWeek } = presetTimes(wednesday);
    expect(localInputValue(inOneHour)).toBe('2026-11-25T15:37');
    expect(localInputValue(tomorrowMorning)).toBe('2026-11-26T09:00');
    expect(localInputValue(nextWeek)).toBe('2026-11-30T09:00');
    expect(nextWeek.getDay()).toBe(1);
  });

  it('takes a Monday to the Monday after, not to itself', () => {
    const monday = new Date(2026, 10, 30, 8, 0);
    expect(localInputValue(presetTimes(monday).nextWeek)).toBe('2026-12-07T09:00');
  });
});
