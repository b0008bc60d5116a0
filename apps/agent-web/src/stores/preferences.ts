import { defineStore } from 'pinia';
import { ref } from 'vue';
import { isLocale, type Locale, pickLocale } from '../i18n/locale';

const LOCALE_KEY = 'parley.agent.locale';

/** The agent's own choices that live in this browser: for now, the interface language. */
export const usePreferencesStore = defineStore('preferences', () => {
  const locale = ref<Locale>(detectLocale());

  function setLocale(next: Locale): void {
    locale.value = next;
    try {
      localStorage.setItem(LOCALE_KEY, next);
    } catch {
      // Storage may be disabled (private mode, policy): the choice then lasts for this page only.
    }
  }

  return { locale, setLocale };
});

function detectLocale(): Locale {
  return pickLocale([storedLocale(), ...(globalThis.navigator?.languages ?? [])]);
}

function storedLocale(): Locale | undefined {
  try {
    const value = globalThis.localStorage?.getItem(LOCALE_KEY);
    return isLocale(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
