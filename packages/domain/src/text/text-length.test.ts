import { describe, expect, it } from 'vitest';
import { textLength, truncateText } from './text-length.js';

describe('textLength', () => {
  it('counts code points: an astral character is one, a lone surrogate is one', () => {
    expect(textLength('')).toBe(0);
    expect(textLength('abc')).toBe(3);
    expect(textLength('😀𠜎')).toBe(2);
    expect(textLength('e\u0301')).toBe(2);
    expect(textLength('👩\u200D👩')).toBe(3);
    expect(textLength('\uD800x\uDC00')).toBe(3);
  });
});

describe('truncateText', () => {
  it('counts code points and never splits a surrogate pair', () => {
    expect(truncateText('abc', 5)).toBe('abc');
    expect(truncateText('abcdef', 3)).toBe('abc');
    expect(truncateText('a😀😀', 2)).toBe('a😀');
    expect(truncateText('😀'.repeat(10), 3)).toBe('😀😀😀');
    expect(truncateText(`${'x'.repeat(99)}😀tail`, 100)).toBe(`${'x'.repeat(99)}😀`);
    expect(truncateText(`${'x'.repeat(99)}😀tail`, 99).isWellFormed()).toBe(true);
  });

  it('ends a shortened text in the ellipsis, within the limit, and leaves a text that fits alone', () => {
    expect(truncateText('😀'.repeat(60), 100, '…')).toBe('😀'.repeat(60));
    expect(truncateText('😀'.repeat(101), 100, '…')).toBe(`${'😀'.repeat(99)}…`);
    expect(truncateText(`${'x'.repeat(98)}😀😀`, 100, '…')).toBe(`${'x'.repeat(98)}😀😀`);
    expect(truncateText(`${'x'.repeat(98)}😀😀y`, 100, '…')).toBe(`${'x'.repeat(98)}😀…`);
  });

  it('cuts between graphemes: no flag, ZWJ sequence, skin tone or combining mark is split', () => {
    const flag = '\u{1F1E7}\u{1F1EC}'; // 🇧🇬: two regional indicators, one character
    expect(truncateText(`ab${flag}`, 3)).toBe('ab');
    expect(truncateText(`ab${flag}c`, 4, '…')).toBe('ab…');
    const family = '👩\u200D👩\u200D👧';
    expect(truncateText(`x${family}`, 4)).toBe('x');
    expect(truncateText('Ре\u0301зюме', 2)).toBe('Р');
    expect(truncateText('👍🏽👍🏽', 3)).toBe('👍🏽');
    for (let max = 0; max < 12; max++) {
      const cut = truncateText(`a${flag}${family}e\u0301😀`, max);
      expect(cut.isWellFormed()).toBe(true);
      expect(textLength(cut)).toBeLessThanOrEqual(max);
    }
  });
});
