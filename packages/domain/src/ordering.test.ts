import { describe, expect, it } from 'vitest';
import { reorderedPositions } from './ordering.js';

describe('reorderedPositions', () => {
  it('numbers the requested order from 1', () => {
    expect([...reorderedPositions([1, 2, 3], [3, 1, 2])!]).toEqual([[3, 1], [1, 2], [2, 3]]);
  });
  it('refuses an id twice, one missing or one unknown', () => {
    expect(reorderedPositions([1, 2], [1, 1])).toBeNull();
    expect(reorderedPositions([1, 2, 3], [1, 2])).toBeNull();
    expect(reorderedPositions([1, 2], [1, 9])).toBeNull();
  });
});
