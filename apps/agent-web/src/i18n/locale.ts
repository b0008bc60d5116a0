import type { Locale } from '@parley/protocol';

/** An agent's language, as the protocol has it: the console speaks each one. */
export type { Locale };
export const DEFAULT_LOCALE: Locale = 'en';

/**
 * Each language's name in that language, for the language picker: never translated. One for every locale of
 * the protocol (a Record of its type, so a language added there fails to compile here until named).
 */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = {
  en: 'English',
  bg: 'Български',
  el: 'Ελληνικά',
  lv: 'Latviešu',
  ru: 'Русский',
  uk: 'Українська',
};

/** The languages the agent console speaks, in the picker's order; each has a file in ./locales. */
export const SUPPORTED_LOCALES = Object.keys(LOCALE_NAMES) as readonly Locale[];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/**
 * The first supported locale among language tags in order of preference
 * ("ru-RU" counts as "ru"), or the default one.
 */
export function pickLocale(candidates: Iterable<string | null | undefined>): Locale {
  for (const candidate of candidates) {
    const primary = candidate?.trim().toLowerCase().split(/[-_]/)[0];
    if (isLocale(primary)) return primary;
  }
  return DEFAULT_LOCALE;
}
