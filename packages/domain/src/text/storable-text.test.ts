import { describe, expect, it } from 'vitest';
import { findUnstorableText, toStorableText, unstorableTextReason } from './storable-text.js';

describe('unstorableTextReason', () => {
  it('keeps text from every plane, with joiners, marks, controls and noncharacters', () => {
    for (const text of ['Ģērbšanās ķēķī', '😀 𠜎 \u{E0067}\u{E007F} \u{F0000}\u{10FFFD}', '👩\u200D👩\u200D👧', 'e\u0301', '\u200Fשלום', '\uFEFF\uFFFE\uFFFF\u0001\u007F', '']) {
      expect(unstorableTextReason(text)).toBeNull();
    }
  });

  it('refuses NUL and every kind of unpaired surrogate', () => {
    expect(unstorableTextReason('a\u0000b')).toBe('nul');
    for (const broken of ['\uD800', 'a\uDC00', '\uDC00\uD83D', 'x\uD83D']) expect(unstorableTextReason(broken)).toBe('lone_surrogate');
  });
});

describe('findUnstorableText', () => {
  it('names the first unstorable string by its path, in keys too', () => {
    expect(findUnstorableText({ subject: 'ok', contact: { email: 'a@b.c', name: 'x\u0000' } })).toEqual({ path: 'contact.name', reason: 'nul' });
    expect(findUnstorableText({ tags: ['a', 'b', '\uD800'] })).toEqual({ path: 'tags.2', reason: 'lone_surrogate' });
    expect(findUnstorableText({ filters: { 'q\u0000': 1 } })).toEqual({ path: 'filters', reason: 'nul' });
    expect(findUnstorableText({ first: '\u0000', second: '\uD800' })).toEqual({ path: 'first', reason: 'nul' });
    expect(findUnstorableText('\u0000')).toEqual({ path: '', reason: 'nul' });
  });

  it('passes clean values, numbers, nulls and non-plain objects', () => {
    expect(findUnstorableText({ a: [1, null, true, { b: '😀' }], c: undefined })).toBeNull();
    expect(findUnstorableText(new Date())).toBeNull();
    expect(findUnstorableText(new Uint8Array([0, 0xd8]))).toBeNull();
    expect(findUnstorableText(new Map([['\u0000', '\uD800']]))).toBeNull();
  });

  it('walks a deeply nested value without overflowing the stack', () => {
    let deep: unknown = 'bottom\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnstorableText(deep)?.reason).toBe('nul');
  });
});

describe('toStorableText', () => {
  it('drops NUL and marks an unpaired surrogate with U+FFFD, leaving all else as it was', () => {
    expect(toStorableText('H\u0000e\u0000l\u0000l\u0000o\u0000')).toBe('Hello');
    expect(toStorableText('a\uD800b\uDC00')).toBe('a\uFFFDb\uFFFD');
    const clean = '😀 𠜎 \u{E0067} e\u0301 \u200F\uFEFF';
    expect(toStorableText(clean)).toBe(clean);
    expect(unstorableTextReason(toStorableText('\u0000\uDC00\uD83D'))).toBeNull();
  });
});
