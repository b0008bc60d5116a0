import { SUPPORTED_LOCALES, type Locale } from './locale';

/** CLDR's plural categories in one fixed order; a plural message lists its language's forms in this order. */
const CATEGORY_ORDER: readonly Intl.LDMLPluralRule[] = ['zero', 'one', 'two', 'few', 'many', 'other'];

/**
 * The plural forms a language needs, in the order its messages write them ("a | b | c"): English and
 * Bulgarian one|other, Latvian zero|one|other, Russian and Ukrainian one|few|many|other.
 */
export function pluralForms(locale: string): Intl.LDMLPluralRule[] {
  const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
  return CATEGORY_ORDER.filter((category) => categories.includes(category));
}

/** vue-i18n's choice index for a count, through Intl.PluralRules instead of English's built-in rule. */
function ruleFor(locale: string): (choice: number, choicesLength: number) => number {
  const rules = new Intl.PluralRules(locale);
  const forms = pluralForms(locale);
  return (choice, choicesLength) => {
    const index = forms.indexOf(rules.select(Math.abs(choice)));
    return Math.min(index < 0 ? forms.length - 1 : index, choicesLength - 1);
  };
}

export const pluralRules = Object.fromEntries(SUPPORTED_LOCALES.map((locale) => [locale, ruleFor(locale)])) as Record<
  Locale,
  (choice: number, choicesLength: number) => number
>;
