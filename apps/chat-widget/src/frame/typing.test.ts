// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AgentTypingLine, OwnTyping } from './typing';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('OwnTyping', () => {
  it('tells the agents once per few seconds while the visitor types, and withdraws it when they pause', () => {
    const sent: boolean[] = [];
    const typing = new OwnTyping((active) => sent.push(active), () => true, () => Date.now());
    typing.input(true);
    vi.advanceTimersByTime(1_000);
    typing.input(true);
    expect(sent).toEqual([true]);
    vi.advanceTimersByTime(2_500);
    typing.input(true);
    expect(sent).toEqual([true, true]);
    vi.advanceTimersByTime(4_000);
    expect(sent).toEqual([true, true, false]);
    // Stopping again tells nothing more.
    typing.stop();
    expect(sent).toEqual([true, true, false]);
  });

  it('withdraws at once when the box is cleared, and tells nothing without a chat or a connection', () => {
    const sent: boolean[] = [];
    let can = true;
    const typing = new OwnTyping((active) => sent.push(active), () => can);
    typing.input(true);
    typing.input(false);
    expect(sent).toEqual([true, false]);
    can = false;
    typing.input(true);
    vi.advanceTimersByTime(10_000);
    expect(sent).toEqual([true, false]);
  });
});

describe('AgentTypingLine', () => {
  it('shows who types until they stop, or until it lapses unrenewed', () => {
    const line = new AgentTypingLine(document.createElement('p'), '{name} is typing…');
    expect(line.element.hidden).toBe(true);
    line.show('Sam');
    expect([line.element.hidden, line.element.textContent]).toEqual([false, 'Sam is typing…']);
    vi.advanceTimersByTime(5_000);
    line.show('Sam');
    vi.advanceTimersByTime(5_000);
    expect(line.element.hidden).toBe(false);
    vi.advanceTimersByTime(1_500);
    expect([line.element.hidden, line.element.textContent]).toEqual([true, '']);
  });
});
