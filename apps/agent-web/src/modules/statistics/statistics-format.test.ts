import type { StatisticsUnitDto } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { compare, formatChange, formatFigure, metricKey, unitLabels } from './statistics-format';

const day = (label: string): StatisticsUnitDto => ({ label, start: `${label}T00:00:00.000Z`, end: `${label}T00:00:00.000Z` });
const weekOf = (date: string) => `week of ${date}`;

describe('unit labels', () => {
  it('writes days as dates, weeks from their Monday, months with their year, whatever the viewer zone', () => {
    expect(unitLabels([day('2026-11-02')], 'day', 'Pacific/Kiritimati', 'en', weekOf)).toEqual(['Mon, Nov 2']);
    expect(unitLabels([day('2026-12-31'), day('2027-01-01')], 'day', 'UTC', 'en', weekOf)).toEqual(['Thu, Dec 31, 2026', 'Fri, Jan 1, 2027']);
    expect(unitLabels([day('2026-11-02')], 'week', 'America/Los_Angeles', 'en', weekOf)).toEqual(['week of Nov 2']);
    expect(unitLabels([day('2026-11-01')], 'month', 'UTC', 'lv', weekOf)).toEqual([new Intl.DateTimeFormat('lv', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date('2026-11-01T00:00:00Z'))]);
  });

  it('writes hours as times in the period zone, with the date over several days, and tells the repeated autumn hour apart', () => {
    const morning = [
      { label: '2026-11-02T09:00', start: '2026-11-02T07:00:00Z', end: '2026-11-02T08:00:00Z' },
      { label: '2026-11-02T10:00', start: '2026-11-02T08:00:00Z', end: '2026-11-02T09:00:00Z' },
    ];
    expect(unitLabels(morning, 'hour', 'Europe/Riga', 'en', weekOf)).toEqual(['9:00 AM', '10:00 AM']);
    // Riga, 25 October 2026: 03:00–04:00 happens twice (summer time, then winter time).
    const autumn = [
      { label: '2026-10-25T03:00', start: '2026-10-25T00:00:00Z', end: '2026-10-25T01:00:00Z' },
      { label: '2026-10-25T03:00', start: '2026-10-25T01:00:00Z', end: '2026-10-25T02:00:00Z' },
      { label: '2026-10-25T04:00', start: '2026-10-25T02:00:00Z', end: '2026-10-25T03:00:00Z' },
    ];
    const labels = unitLabels(autumn, 'hour', 'Europe/Riga', 'en', weekOf);
    expect(labels[0]).not.toBe(labels[1]);
    expect(labels[0]).toContain('3:00');
    expect(labels[2]).toBe('4:00 AM');
    const days = [
      { label: '2026-11-02T23:00', start: '2026-11-02T21:00:00Z', end: '' },
      { label: '2026-11-03T00:00', start: '2026-11-02T22:00:00Z', end: '' },
    ];
    expect(unitLabels(days, 'hour', 'Europe/Riga', 'en', weekOf)).toEqual(['11/2/26, 11:00 PM', '11/3/26, 12:00 AM']);
  });
});

describe('figures and comparisons', () => {
  it('formats counts, durations and numbers, and a missing median as a dash', () => {
    expect(formatFigure(1234, 'count', 'en')).toBe('1,234');
    expect(formatFigure(3_900, 'seconds', 'en')).toMatch(/^1 hr,? 5 min$/);
    expect(formatFigure(1.25, 'number', 'en')).toBe('1.3');
    expect(formatFigure(null, 'seconds', 'en')).toBe('—');
    expect(metricKey('first_response.median')).toBe('statistics.metrics.first_response/median');
  });

  it('says which way a figure went and whether that is good: lower durations are better', () => {
    expect(compare('first_response.median', 'seconds', 900, 1_800)).toEqual({ direction: 'down', change: -0.5, verdict: 'better' });
    expect(compare('resolved', 'count', 2, 4)).toEqual({ direction: 'down', change: -0.5, verdict: 'worse' });
    expect(compare('created', 'count', 5, 4)).toEqual({ direction: 'up', change: 0.25, verdict: 'neutral' });
    expect(compare('backlog', 'count', 3, 0)).toEqual({ direction: 'up', change: null, verdict: 'worse' });
    expect(compare('replies', 'count', 6, 6)).toEqual({ direction: 'same', change: 0, verdict: 'neutral' });
    expect(compare('resolution.median', 'seconds', null, 60)).toBeNull();
    expect([formatChange(0.25, 'en'), formatChange(-0.5, 'lv')]).toEqual(['25%', '50%']);
  });
});
