import { describe, expect, it } from 'vitest';
import { mentionQuery, mentionsInBody } from './mentions';

describe('team chat mentions', () => {
  it('finds the mention being typed before the caret', () => {
    expect(mentionQuery('hi @Al', 6)).toBe('Al');
    expect(mentionQuery('@', 1)).toBe('');
    expect(mentionQuery('mail a@b', 8)).toBeNull();
    expect(mentionQuery('hi @Al there', 12)).toBeNull();
    expect(mentionQuery('hi @Al there', 6)).toBe('Al');
  });

  it('keeps the picked mentions the message still names', () => {
    const names = new Map([[1, 'Ada Admin'], [2, 'Bob']]);
    expect(mentionsInBody('@Ada Admin and @Bob', [2, 1, 2], (id) => names.get(id) ?? null)).toEqual([2, 1]);
    expect(mentionsInBody('just Bob', [2], (id) => names.get(id) ?? null)).toEqual([]);
  });
});
