import { KB_LANGUAGES, type KbCategoryNames, type KbLanguage, kbCategoryName } from '@parley/domain';
import type { KbCategoryDto } from '@parley/protocol';
import { computed, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';

/**
 * Languages named in the agent's language (Intl.DisplayNames: "Bulgarian", "български"), and categories by
 * their name in the agent's language or, lacking one, their first (the domain's rule).
 */
export function useKbNames(categories: Ref<readonly KbCategoryDto[]>) {
  const { locale } = useI18n({ useScope: 'global' });
  const languageNames = computed(() => new Intl.DisplayNames([locale.value], { type: 'language' }));
  /** As Intl names it, for use inside a sentence ("Преведи на гръцки"). */
  const languageWord = (language: string): string => languageNames.value.of(language) ?? language;
  /** Capitalised, for a label or an option standing alone ("Гръцки"). */
  const languageName = (language: string): string => {
    const name = languageWord(language);
    return name.charAt(0).toLocaleUpperCase(locale.value) + name.slice(1);
  };
  const languages = computed(() => KB_LANGUAGES.map((code) => ({ code, name: languageName(code) })));
  const ownLanguage = computed<KbLanguage>(() => (KB_LANGUAGES as readonly string[]).includes(locale.value) ? (locale.value as KbLanguage) : 'en');
  const categoryName = (names: KbCategoryNames): string => kbCategoryName(names, ownLanguage.value);
  const categoryOf = (id: number | null): string | null => {
    if (id === null) return null;
    const category = categories.value.find((c) => c.id === id);
    return category ? categoryName(category.names) : null;
  };
  return { languageName, languageWord, languages, ownLanguage, categoryName, categoryOf };
}
