import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

type Tree = { [key: string]: string | Tree };

const LOCALES_DIR = resolve(import.meta.dirname, '../../../agent-web/src/i18n/locales');

/**
 * The console's own messages in one language, read from its message files, so browser tests find buttons
 * and check texts by what a person reads in that language without copying translations into tests.
 */
export function consoleMessages(locale: string): (key: string, params?: Record<string, string | number>, count?: number) => string {
  const dir = join(LOCALES_DIR, locale);
  const tree: Tree = Object.assign({}, ...readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8'))));
  const rules = new Intl.PluralRules(locale);
  // Plural forms are written in CLDR order, restricted to the language's categories (as the console reads them).
  const forms = ['zero', 'one', 'two', 'few', 'many', 'other'].filter((c) => rules.resolvedOptions().pluralCategories.includes(c as Intl.LDMLPluralRule));
  return (key, params = {}, count) => {
    let node: string | Tree | undefined = tree;
    for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
    if (typeof node !== 'string') throw new Error(`no message ${locale}:${key}`);
    const choices = node.split(' | ');
    const text = choices.length > 1 ? choices[Math.max(0, forms.indexOf(rules.select(count ?? 2)))] ?? choices.at(-1)! : node;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
}
