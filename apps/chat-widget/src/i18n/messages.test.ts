import { describe, expect, it } from 'vitest';
import { chatMessages, formMessages, helpMessages, ratingMessages } from './frame/all';
import { DEFAULT_LOCALE, messages, pickLocale, SUPPORTED_LOCALES } from './messages';

/** For each locale, the keys that some other locale has and it lacks (sorted; empty when complete). */
function missingKeys(all: Readonly<Record<string, object>>): Record<string, string[]> {
  const union = new Set(Object.values(all).flatMap((dictionary) => Object.keys(dictionary)));
  return Object.fromEntries(
    Object.entries(all).map(([locale, dictionary]) => [
      locale,
      [...union].filter((key) => !Object.hasOwn(dictionary, key)).sort(),
    ]),
  );
}

describe.each([
  ['launcher (messages.ts)', messages],
  ['chat frame (chat-messages.ts)', chatMessages],
  ['chat frame forms (form-messages.ts)', formMessages],
  ['chat frame rating (rating-messages.ts)', ratingMessages],
  ['chat frame help (help-messages.ts)', helpMessages],
] as const)('chat-widget messages: %s', (_name, dictionaries) => {
  it('has a dictionary for each supported locale and no other', () => {
    expect(Object.keys(dictionaries).sort()).toEqual([...SUPPORTED_LOCALES].sort());
  });

  it('gives every locale the same keys', () => {
    const expected = Object.fromEntries(SUPPORTED_LOCALES.map((locale) => [locale, []]));
    expect(missingKeys(dictionaries)).toEqual(expected);
  });

  it('has a non-empty string at every key', () => {
    for (const [locale, dictionary] of Object.entries(dictionaries)) {
      for (const [key, value] of Object.entries(dictionary)) {
        expect(typeof value === 'string' && value.trim() !== '', `${locale}: ${key}`).toBe(true);
      }
    }
  });

});

describe('missingKeys', () => {
  it('notices a key that only some locales have', () => {
    expect(missingKeys({ en: { open: 'Open', title: 'Hi' }, bg: { open: 'Отвори' } })).toEqual({
      en: [],
      bg: ['title'],
    });
  });
});

describe('pickLocale', () => {
  it('takes the first supported language, ignoring region and case', () => {
    expect(pickLocale(['fr-FR', 'LV-lv', 'en'])).toBe('lv');
    expect(pickLocale(['el_GR'])).toBe('el');
  });

  it('falls back to English', () => {
    expect(pickLocale(['', null, undefined, 'de'])).toBe(DEFAULT_LOCALE);
  });
});
