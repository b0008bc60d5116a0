import { describe, expect, it } from 'vitest';
import { SUPPORTED_LOCALES } from './locale';

type Messages = { readonly [key: string]: unknown };

/** Every locale file, read from disk: a new file is checked without touching this test. */
const files = import.meta.glob<Messages>('./locales/*.json', { eager: true, import: 'default' });
const locales: Record<string, Messages> = Object.fromEntries(
  Object.entries(files).map(([path, messages]) => [path.replace(/^.*\/(.+)\.json$/, '$1'), messages]),
);

/** "a.b.c" → leaf value, for every leaf of a nested message object. */
function flatten(messages: Messages, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix + key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [leaf, leafValue] of flatten(value as Messages, `${path}.`)) out.set(leaf, leafValue);
    } else {
      out.set(path, value);
    }
  }
  return out;
}

/** For each locale, the keys that some other locale has and it lacks (sorted; empty when complete). */
function missingKeys(all: Record<string, Messages>): Record<string, string[]> {
  const flat = Object.entries(all).map(([locale, messages]) => [locale, flatten(messages)] as const);
  const union = new Set(flat.flatMap(([, keys]) => [...keys.keys()]));
  return Object.fromEntries(
    flat.map(([locale, keys]) => [locale, [...union].filter((key) => !keys.has(key)).sort()]),
  );
}

describe('agent-web locales', () => {
  it('has one file for each supported locale and no other', () => {
    expect(Object.keys(locales).sort()).toEqual([...SUPPORTED_LOCALES].sort());
  });

  it('gives every locale the same keys', () => {
    const expected = Object.fromEntries(Object.keys(locales).map((locale) => [locale, []]));
    expect(missingKeys(locales)).toEqual(expected);
  });

  it('has a non-empty string at every key', () => {
    for (const [locale, messages] of Object.entries(locales)) {
      for (const [key, value] of flatten(messages)) {
        expect(typeof value === 'string' && value.trim() !== '', `${locale}: ${key}`).toBe(true);
      }
    }
  });

  it('notices a key that only some locales have', () => {
    expect(
      missingKeys({
        en: { app: { name: 'Parley', tagline: 'x' }, extra: 'y' },
        bg: { app: { name: 'Parley' } },
      }),
    ).toEqual({ en: [], bg: ['app.tagline', 'extra'] });
  });
});
