import { describe, expect, it } from 'vitest';
import { formatWait, routingLine } from './routing-state';

const text = { waiting: 'Waiting for an agent…', joined: '{name} joined the chat', routingEnded: 'The chat has ended.' };
const T = Date.parse('2026-11-30T10:00:00.000Z');

describe('formatWait', () => {
  it('shows minutes and seconds, hours once an hour has passed, and never a negative wait', () => {
    expect(formatWait(0)).toBe('0:00');
    expect(formatWait(42_900)).toBe('0:42');
    expect(formatWait(12 * 60_000 + 5_000)).toBe('12:05');
    expect(formatWait(3_600_000 + 2 * 60_000 + 9_000)).toBe('1:02:09');
    expect(formatWait(-5_000)).toBe('0:00');
  });
});

describe('routingLine', () => {
  it('counts the wait while the visitor waits', () => {
    expect(routingLine({ phase: 'waiting', waitingSince: new Date(T - 42_000).toISOString(), agent: null }, text, T)).toEqual({ line: 'Waiting for an agent…', time: '0:42' });
    expect(routingLine({ phase: 'waiting', waitingSince: null, agent: null }, text, T)).toEqual({ line: 'Waiting for an agent…', time: null });
  });

  it('names who joined, says when it ended, and shows nothing without a state or a name', () => {
    expect(routingLine({ phase: 'connected', waitingSince: null, agent: { name: 'Sam' } }, text, T)).toEqual({ line: 'Sam joined the chat', time: null });
    expect(routingLine({ phase: 'ended', waitingSince: null, agent: null }, text, T)).toEqual({ line: 'The chat has ended.', time: null });
    expect(routingLine({ phase: 'connected', waitingSince: null, agent: null }, text, T)).toBeNull();
    expect(routingLine(null, text, T)).toBeNull();
  });
});
