/** The languages the agent console speaks; each has a file in ./locales. */
export const SUPPORTED_LOCALES = ['en', 'bg', 'el', 'lv', 'ru', 'uk'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** Each language's name in that language, for the language picker: never translated. */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = {
  en: 'English',
  bg: 'Български',
  el: 'Ελληνικά',
  lv: 'Latviešu',
  ru: 'Русский',
  uk: 'Українська',
};

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
