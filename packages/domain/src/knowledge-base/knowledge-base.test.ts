import { describe, expect, it } from 'vitest';
import { helpWords, KB_LANGUAGE_NAMES } from './help-texts.js';
import { changedArticleFields, type KbArticleSnapshot } from './kb-revisions.js';
import { isValidSlug, slugFromTitle, uniqueSlug } from './kb-slug.js';
import { publicAlternates, translationConflict } from './kb-translations.js';
import {
  canEditKnowledgeBase, canReadArticle, KB_LANGUAGES, kbCategoryName, KB_VISITOR, kbLanguageFromAcceptLanguage, kbLanguageOf, normaliseKbTags, readableArticleStates,
} from './knowledge-base.js';

const agent = { kind: 'agent', role: 'agent' } as const;
const admin = { kind: 'agent', role: 'administrator' } as const;

describe('who may read an article', () => {
  const cases = [
    { status: 'published', visibility: 'public', visitor: true, agent: true, admin: true },
    { status: 'published', visibility: 'internal', visitor: false, agent: true, admin: true },
    { status: 'draft', visibility: 'public', visitor: false, agent: false, admin: true },
    { status: 'draft', visibility: 'internal', visitor: false, agent: false, admin: true },
  ] as const;
  for (const c of cases) {
    it(`${c.status} ${c.visibility}: visitor ${c.visitor}, agent ${c.agent}, administrator ${c.admin}`, () => {
      expect(canReadArticle(KB_VISITOR, c)).toBe(c.visitor);
      expect(canReadArticle(agent, c)).toBe(c.agent);
      expect(canReadArticle(admin, c)).toBe(c.admin);
    });
  }

  it('gives queries the same answer as canReadArticle', () => {
    for (const reader of [KB_VISITOR, agent, admin]) {
      const states = readableArticleStates(reader);
      for (const c of cases) {
        expect(states.statuses.includes(c.status) && states.visibilities.includes(c.visibility)).toBe(canReadArticle(reader, c));
      }
    }
  });

  it('lets only administrators edit', () => {
    expect(canEditKnowledgeBase('administrator')).toBe(true);
    expect(canEditKnowledgeBase('agent')).toBe(false);
  });
});

describe('slugs', () => {
  it('keep Cyrillic, Greek and Latvian letters, lower-cased and joined by hyphens', () => {
    expect(slugFromTitle('Как да сменя паролата си?')).toBe('как-да-сменя-паролата-си');
    expect(slugFromTitle('Πώς αλλάζω τον Κωδικό μου')).toBe('πώς-αλλάζω-τον-κωδικό-μου');
    expect(slugFromTitle('Rēķini un maksājumi — 2027')).toBe('rēķini-un-maksājumi-2027');
    expect(slugFromTitle('Як змінити пароль: крок №1')).toBe('як-змінити-пароль-крок-1');
    expect(slugFromTitle('  Reset   your   password!!! ')).toBe('reset-your-password');
  });

  it('compose decomposed letters, so й typed as и + breve is one letter', () => {
    expect(slugFromTitle('Мои\u0306')).toBe('мой');
    expect(slugFromTitle('Мои\u0306')).toBe(slugFromTitle('Мой'));
  });

  it('fall back when the title has nothing to keep, and stay within the length', () => {
    expect(slugFromTitle('!!! ???')).toBe('article');
    expect(slugFromTitle('🙂')).toBe('article');
    const long = slugFromTitle('слово '.repeat(60));
    expect([...long].length).toBeLessThanOrEqual(100);
    expect(long.endsWith('-')).toBe(false);
    expect([...slugFromTitle('я'.repeat(300))].length).toBe(100);
  });

  it('are checked when typed', () => {
    for (const good of ['как-да-сменя-паролата', 'reset-2', 'πώς']) expect(isValidSlug(good)).toBe(true);
    for (const bad of ['', 'Upper', 'two--hyphens', '-lead', 'trail-', 'space here', 'a/b', '../x', 'search', 'x'.repeat(101), 'per%20cent']) {
      expect(isValidSlug(bad)).toBe(false);
    }
  });

  it('get a number when taken in the language', () => {
    expect(uniqueSlug('reset', new Set())).toBe('reset');
    expect(uniqueSlug('reset', new Set(['reset']))).toBe('reset-2');
    expect(uniqueSlug('reset', new Set(['reset', 'reset-2']))).toBe('reset-3');
    expect(uniqueSlug('search', new Set())).toBe('search-1');
    const long = 'я'.repeat(100);
    const next = uniqueSlug(long, new Set([long]));
    expect([...next].length).toBe(100);
    expect(next.endsWith('-2')).toBe(true);
  });
});

describe('languages', () => {
  it('are the six, read from tags and Accept-Language', () => {
    expect([...KB_LANGUAGES]).toEqual(['bg', 'el', 'en', 'lv', 'ru', 'uk']);
    expect(kbLanguageOf('uk-UA')).toBe('uk');
    expect(kbLanguageOf('de')).toBeNull();
    expect(kbLanguageFromAcceptLanguage('de-DE,de;q=0.9,el;q=0.8,en;q=0.5')).toBe('el');
    expect(kbLanguageFromAcceptLanguage('fr')).toBeNull();
  });

  it('each have every word of the public pages and a name', () => {
    const english = helpWords('en');
    for (const language of KB_LANGUAGES) {
      const words = helpWords(language);
      expect(Object.keys(words).sort()).toEqual(Object.keys(english).sort());
      for (const [key, value] of Object.entries(words)) {
        const text = typeof value === 'function' ? (value as (f: Record<string, string>) => string)({ query: 'Q', count: '7', date: 'D' }) : value;
        expect(text.trim(), `${language}.${key}`).not.toBe('');
        if (language !== 'en' && key !== 'tags') expect(text, `${language}.${key} is translated`).not.toBe(typeof english[key as keyof typeof english] === 'function' ? (english[key as 'resultsFor'])({ query: 'Q' }) : english[key as 'yes']);
      }
      expect(KB_LANGUAGE_NAMES[language]).toBeTruthy();
    }
    expect(helpWords('bg').resultsFor({ query: 'парола' })).toContain('„парола“');
  });
});

describe('tags', () => {
  it('are trimmed, lower-cased and kept once', () => {
    expect(normaliseKbTags([' Парола ', 'парола', '', 'Two  Words', 'ΚΩΔΙΚΟΣ'])).toEqual(['парола', 'two words', 'κωδικος']);
  });
});

describe('translation groups', () => {
  const member = (id: number, language: 'bg' | 'uk' | 'en' | 'el', status: 'draft' | 'published' = 'published', visibility: 'public' | 'internal' = 'public') => ({
    id, language, slug: `s${id}`, status, visibility,
  });

  it('hold each language once', () => {
    const group = [member(1, 'bg'), member(2, 'uk')];
    expect(translationConflict(group, { id: null, language: 'uk' })).toBe(2);
    expect(translationConflict(group, { id: 2, language: 'uk' })).toBeNull();
    expect(translationConflict(group, { id: null, language: 'el' })).toBeNull();
  });

  it('link only published public translations, with x-default on English when there is one', () => {
    const alternates = publicAlternates([member(3, 'uk'), member(1, 'bg'), member(4, 'el', 'draft'), member(5, 'en', 'published', 'internal')]);
    expect(alternates).toEqual([
      { hreflang: 'bg', language: 'bg', slug: 's1' },
      { hreflang: 'uk', language: 'uk', slug: 's3' },
      { hreflang: 'x-default', language: 'bg', slug: 's1' },
    ]);
    expect(publicAlternates([member(1, 'bg'), member(2, 'en')]).at(-1)).toEqual({ hreflang: 'x-default', language: 'en', slug: 's2' });
    expect(publicAlternates([member(4, 'el', 'draft')])).toEqual([]);
  });
});

describe('revisions', () => {
  const base: KbArticleSnapshot = { title: 'T', slug: 't', language: 'bg', body: '<p>a</p>', tags: ['x'], status: 'draft', visibility: 'public', categoryId: null };

  it('name the fields a save changed', () => {
    expect(changedArticleFields(base, base)).toEqual([]);
    expect(changedArticleFields(base, { ...base, title: 'U', body: '<p>b</p>' })).toEqual(['title', 'body']);
    expect(changedArticleFields(base, { ...base, tags: ['x', 'y'], status: 'published', categoryId: 3 })).toEqual(['tags', 'status', 'categoryId']);
    expect(changedArticleFields(base, { ...base, tags: [] })).toEqual(['tags']);
  });

  it('count every field as changed for a new article', () => {
    expect(changedArticleFields(null, base)).toEqual(['title', 'slug', 'language', 'body', 'tags', 'status', 'visibility', 'categoryId']);
  });
});

describe('category names', () => {
  it('are shown in the page language, else the first named one', () => {
    expect(kbCategoryName({ bg: 'Плащания', en: 'Billing' }, 'bg')).toBe('Плащания');
    expect(kbCategoryName({ uk: 'Оплата', en: 'Billing' }, 'el')).toBe('Billing');
    expect(kbCategoryName({ uk: 'Оплата', en: ' ' }, 'lv')).toBe('Оплата');
  });
});
