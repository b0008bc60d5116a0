/** The widget's own tiny dictionary: no i18n library, so widget.js stays small and dependency-free. */
export const SUPPORTED_LOCALES = ['en', 'bg', 'el', 'lv', 'ru', 'uk'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

export interface Messages {
  /** The launcher button's accessible name while the panel is closed. */
  readonly open: string;
  /** The launcher button's accessible name while the panel is open. */
  readonly close: string;
  /** The chat panel's (and its frame's) accessible name. */
  readonly title: string;
  /** Added to the launcher's name while agent replies wait unread; {count} is their number. */
  readonly unread: string;
}

export const messages: Readonly<Record<Locale, Messages>> = {
  en: {
    open: 'Open chat',
    close: 'Close chat',
    title: 'Chat with us',
    unread: '{count} unread',
  },
  bg: {
    open: 'Отвори чата',
    close: 'Затвори чата',
    title: 'Пишете ни',
    unread: '{count} непрочетени',
  },
  el: {
    open: 'Άνοιγμα συνομιλίας',
    close: 'Κλείσιμο συνομιλίας',
    title: 'Μιλήστε μαζί μας',
    unread: '{count} μη αναγνωσμένα',
  },
  lv: {
    open: 'Atvērt tērzēšanu',
    close: 'Aizvērt tērzēšanu',
    title: 'Sazinieties ar mums',
    unread: '{count} nelasītas',
  },
  ru: {
    open: 'Открыть чат',
    close: 'Закрыть чат',
    title: 'Напишите нам',
    unread: '{count} непрочитанных',
  },
  uk: {
    open: 'Відкрити чат',
    close: 'Закрити чат',
    title: 'Напишіть нам',
    unread: '{count} непрочитаних',
  },
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/**
 * The first supported locale among language tags in order of preference
 * ("ru-RU" counts as "ru"), or English.
 */
export function pickLocale(candidates: Iterable<string | null | undefined>): Locale {
  for (const candidate of candidates) {
    const primary = candidate?.trim().toLowerCase().split(/[-_]/)[0];
    if (isLocale(primary)) return primary;
  }
  return DEFAULT_LOCALE;
}

/** The host page's language first (<html lang>), then the visitor's browser languages. */
export function detectLocale(doc: Document, nav: Navigator | undefined = globalThis.navigator): Locale {
  return pickLocale([doc.documentElement.lang, ...(nav?.languages ?? []), nav?.language]);
}
