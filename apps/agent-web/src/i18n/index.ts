import { createI18n } from 'vue-i18n';
import { DEFAULT_LOCALE, type Locale } from './locale';
import bg from './locales/bg.json';
import el from './locales/el.json';
import en from './locales/en.json';
import lv from './locales/lv.json';
import ru from './locales/ru.json';
import uk from './locales/uk.json';

/** English is the reference: every locale has exactly its keys (src/i18n/locales.test.ts). */
export type MessageSchema = typeof en;

export const messages: Record<Locale, MessageSchema> = { en, bg, el, lv, ru, uk };

declare module 'vue-i18n' {
  // Types the keys given to t() after English's.
  export interface DefineLocaleMessage extends MessageSchema {}
}

export function createAppI18n(locale: Locale) {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: DEFAULT_LOCALE,
    messages,
  });
}
