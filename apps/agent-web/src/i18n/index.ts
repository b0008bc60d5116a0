import { type Composer, createI18n, type I18n } from 'vue-i18n';
import { DEFAULT_LOCALE, type Locale } from './locale';
import en from './locales/en';
import { pluralRules } from './plural-rules';

/** English is the reference: every locale has exactly its keys (src/i18n/locales.test.ts). */
export type MessageSchema = typeof en;

declare module 'vue-i18n' {
  // Types the keys given to t() after English's.
  export interface DefineLocaleMessage extends MessageSchema {}
}

type MessageFile = Record<string, unknown>;

/** Each other language's files, loaded when the agent picks it: only English ships in the first download. */
const loaders = import.meta.glob<MessageFile>(['./locales/*/*.json', '!./locales/en/*.json'], { import: 'default' });

export type AppI18n = I18n<{ en: MessageSchema }, Record<string, never>, Record<string, never>, Locale, false>;

export function createAppI18n(locale: Locale = DEFAULT_LOCALE): AppI18n {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: DEFAULT_LOCALE,
    messages: { en },
    pluralRules,
    // Numbers and dates always go through Intl in the agent's language; these are its standard shapes.
    numberFormats: {},
  }) as unknown as AppI18n;
}

/** Files of one language, merged; a top-level key appears in one file only (checked by the locales test). */
export async function loadMessages(locale: Locale): Promise<MessageSchema> {
  if (locale === 'en') return en;
  const files = Object.entries(loaders).filter(([path]) => path.startsWith(`./locales/${locale}/`));
  const parts = await Promise.all(files.map(([, load]) => load()));
  return Object.assign({}, ...parts) as MessageSchema;
}

/** Makes sure the language's messages are in, then switches to it (`i18n.global`, or useI18n's global composer). */
export async function switchLocale(composer: Pick<Composer, 'availableLocales' | 'setLocaleMessage' | 'locale'>, locale: Locale): Promise<void> {
  if (!composer.availableLocales.includes(locale)) {
    composer.setLocaleMessage(locale, (await loadMessages(locale)) as never);
  }
  composer.locale.value = locale;
}
