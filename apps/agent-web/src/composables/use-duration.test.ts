import { describe, expect, it } from 'vitest';
import { durationParts, formatDuration } from './use-duration';

describe('formatDuration', () => {
  it('keeps the two largest parts, dropping a zero second one', () => {
    expect(durationParts(0)).toEqual({ seconds: 0 });
    expect(durationParts(42)).toEqual({ seconds: 42 });
    expect(durationParts(3_900)).toEqual({ hours: 1, minutes: 5 });
    expect(durationParts(3_600)).toEqual({ hours: 1 });
    expect(durationParts(2 * 86_400 + 3 * 3_600 + 59)).toEqual({ days: 2, hours: 3 });
    expect(durationParts(61.4)).toEqual({ minutes: 1, seconds: 1 });
  });

  it('writes durations in the language, with or without Intl.DurationFormat', () => {
    expect(formatDuration(3_900, 'en')).toBe('1 hr, 5 min');
    expect(formatDuration(3_900, 'en', null)).toBe('1 hr 5 min');
    expect(formatDuration(3_900, 'ru', null)).toBe('1 ч 5 мин');
    expect(formatDuration(42, 'lv', null)).toBe('42 sek.');
  });
});
