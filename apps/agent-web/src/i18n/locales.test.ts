import { type Composer, createI18n } from 'vue-i18n';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_LOCALES } from './locale';
import { pluralForms, pluralRules } from './plural-rules';

type Messages = { readonly [key: string]: unknown };

/** Every message file, read from disk: a new file or locale is checked without touching this test. */
const files = import.meta.glob<Messages>('./locales/*/*.json', { eager: true, import: 'default' });
const byLocale = new Map<string, Map<string, Messages>>();
for (const [path, messages] of Object.entries(files)) {
  const [, locale, file] = /^\.\/locales\/([^/]+)\/(.+)\.json$/.exec(path)!;
  byLocale.set(locale!, (byLocale.get(locale!) ?? new Map()).set(file!, messages));
}
const locales = Object.fromEntries([...byLocale].map(([locale, parts]) => [locale, Object.assign({}, ...parts.values()) as Messages]));

/** The app's own sources, where keys are used: every .vue and .ts file but tests and message files. */
const sources = import.meta.glob<string>(['../**/*.{ts,vue}', '!../**/*.test.ts', '!./locales/**'], { eager: true, query: '?raw', import: 'default' });

/** "a.b.c" → leaf value, for every leaf of a nested message object. */
function flatten(messages: Messages, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix + key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [leaf, leafValue] of flatten(value as Messages, `${path}.`)) out.set(leaf, leafValue);
    } else {
      out.set(path, value);
    }
  }
  return out;
}

/** For each locale, the keys that some other locale has and it lacks (sorted; empty when complete). */
function missingKeys(all: Record<string, Messages>): Record<string, string[]> {
  const flat = Object.entries(all).map(([locale, messages]) => [locale, flatten(messages)] as const);
  const union = new Set(flat.flatMap(([, keys]) => [...keys.keys()]));
  return Object.fromEntries(flat.map(([locale, keys]) => [locale, [...union].filter((key) => !keys.has(key)).sort()]));
}

/**
 * Keys no source uses. A key counts as used when its full path appears in quotes, or when a template
 * literal or a concatenation builds it from a prefix (`status.${s}`, 'errors.' + code).
 */
function unusedKeys(keys: Iterable<string>, code: string): string[] {
  const literals = new Set<string>();
  const prefixes: string[] = [];
  for (const match of code.matchAll(/['"`]([A-Za-z][\w./-]*)['"`]/g)) literals.add(match[1]!);
  for (const match of code.matchAll(/`([A-Za-z][\w./-]*\.[\w./-]*)\$\{/g)) prefixes.push(match[1]!);
  for (const match of code.matchAll(/['"`]([A-Za-z][\w./-]*\.[\w./-]*)['"`]\s*\+/g)) prefixes.push(match[1]!);
  return [...keys].filter((key) => !literals.has(key) && !prefixes.some((prefix) => key.startsWith(prefix))).sort();
}

describe('agent-web locales', () => {
  it('has a folder for each supported locale and no other, each with the same files', () => {
    expect([...byLocale.keys()].sort()).toEqual([...SUPPORTED_LOCALES].sort());
    const english = [...byLocale.get('en')!.keys()].sort();
    for (const [locale, parts] of byLocale) expect([...parts.keys()].sort(), locale).toEqual(english);
  });

  it('bundles every English file (locales/en/index.ts merges them)', async () => {
    const { default: en } = await import('./locales/en');
    expect(Object.keys(en).sort()).toEqual(Object.keys(locales.en!).sort());
  });

  it('puts each top-level key in one file only, so merging loses nothing', () => {
    for (const [locale, parts] of byLocale) {
      const seen = new Map<string, string>();
      for (const [file, messages] of parts) {
        for (const key of Object.keys(messages)) {
          expect(seen.get(key), `${locale}: "${key}" in ${file} and ${seen.get(key)}`).toBeUndefined();
          seen.set(key, file);
        }
      }
    }
  });

  it('gives every locale the same keys', () => {
    const expected = Object.fromEntries(Object.keys(locales).map((locale) => [locale, []]));
    expect(missingKeys(locales)).toEqual(expected);
  });

  it('has a non-empty string at every key', () => {
    for (const [locale, messages] of Object.entries(locales)) {
      for (const [key, value] of flatten(messages)) {
        expect(typeof value === 'string' && value.trim() !== '', `${locale}: ${key}`).toBe(true);
      }
    }
  });

  it('uses every key somewhere in the app', () => {
    const code = Object.values(sources).join('\n');
    expect(unusedKeys(flatten(locales.en!).keys(), code)).toEqual([]);
  });

  it('writes each plural message with exactly the forms its language needs', () => {
    const english = flatten(locales.en!);
    const pluralKeys = [...english].filter(([, value]) => typeof value === 'string' && value.includes(' | ')).map(([key]) => key);
    for (const [locale, messages] of Object.entries(locales)) {
      const flat = flatten(messages);
      for (const key of pluralKeys) {
        const forms = String(flat.get(key)).split(' | ');
        expect(forms.length, `${locale}: ${key} needs ${pluralForms(locale).join('|')}`).toBe(pluralForms(locale).length);
      }
    }
  });

  it('writes every message in a form vue-i18n compiles (a bare "@" starts a linked message: write {\'@\'})', () => {
    for (const [locale, messages] of Object.entries(locales)) {
      const i18n = createI18n<false>({ legacy: false, locale, pluralRules, messages: { [locale]: messages }, missingWarn: false, fallbackWarn: false } as never);
      const { t } = i18n.global as unknown as Composer;
      for (const key of flatten(messages).keys()) {
        expect(() => t(key, 2), `${locale}: ${key}`).not.toThrow();
      }
    }
  });

  it('notices a missing key and an unused one', () => {
    expect(missingKeys({ en: { app: { name: 'Parley', tagline: 'x' }, extra: 'y' }, bg: { app: { name: 'Parley' } } })).toEqual({
      en: [],
      bg: ['app.tagline', 'extra'],
    });
    const code = ["t('a.b');", 't(`status.$', "{s}`); t('errors.' + code)"].join('');
    expect(unusedKeys(['a.b', 'a.c', 'status.new', 'errors.x/y'], code)).toEqual(['a.c']);
  });

  it('picks the Slavic and Baltic plural forms by the count', () => {
    const i18n = createI18n<false>({
      legacy: false,
      locale: 'ru',
      pluralRules,
      messages: {
        ru: { n: '{n} тикет | {n} тикета | {n} тикетов | {n} тикета' },
        lv: { n: '{n} pieteikumu | {n} pieteikums | {n} pieteikumi' },
        uk: { n: '{n} тікет | {n} тікети | {n} тікетів | {n} тікета' },
      } as Record<string, Record<string, string>>,
    } as never);
    const global = i18n.global as unknown as Composer;
    const { t } = global;
    expect([1, 3, 5, 21, 22, 25, 11].map((n) => t('n', n))).toEqual(['1 тикет', '3 тикета', '5 тикетов', '21 тикет', '22 тикета', '25 тикетов', '11 тикетов']);
    global.locale.value = 'lv';
    expect([0, 1, 2, 21, 11].map((n) => t('n', n))).toEqual(['0 pieteikumu', '1 pieteikums', '2 pieteikumi', '21 pieteikums', '11 pieteikumu']);
    global.locale.value = 'uk';
    expect([2, 5].map((n) => t('n', n))).toEqual(['2 тікети', '5 тікетів']);
  });
});
