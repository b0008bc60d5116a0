import { defineStore } from 'pinia';
import { ref } from 'vue';
import { isLocale, type Locale, pickLocale } from '../i18n/locale';

const LOCALE_KEY = 'parley.agent.locale';

/** The agent's own choices that live in this browser: for now, the interface language. */
export const usePreferencesStore = defineStore('preferences', () => {
  const locale = ref<Locale>(detectLocale());
  /** Whether the agent picked the language on this page (not just what the browser suggested). */
  const chosenHere = ref(false);

  function setLocale(next: Locale, options: { chosen?: boolean } = {}): void {
    locale.value = next;
    if (options.chosen) chosenHere.value = true;
    try {
      localStorage.setItem(LOCALE_KEY, next);
    } catch {
      // Storage may be disabled (private mode, policy): the choice then lasts for this page only.
    }
  }

  return { locale, chosenHere, setLocale };
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
