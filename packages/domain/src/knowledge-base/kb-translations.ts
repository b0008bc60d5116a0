import { KB_LANGUAGES, type KbArticleStatus, type KbLanguage, type KbVisibility } from './knowledge-base.js';

/**
 * Translations: articles that say the same thing in different languages share a translation group (the id
 * of the group's first article). A group holds each language at most once, so "the Ukrainian version of this
 * article" always means one article.
 */
export interface KbGroupMember {
  readonly id: number;
  readonly language: KbLanguage;
  readonly slug: string;
  readonly status: KbArticleStatus;
  readonly visibility: KbVisibility;
}

/** Why an article cannot join (or change its language within) a group: the language is already there. */
export function translationConflict(members: readonly Pick<KbGroupMember, 'id' | 'language'>[], article: { readonly id: number | null; readonly language: KbLanguage }): number | null {
  const clash = members.find((member) => member.language === article.language && member.id !== article.id);
  return clash?.id ?? null;
}

export interface KbAlternate {
  /** A language code, or `x-default` for visitors whose language none of the translations speaks. */
  readonly hreflang: KbLanguage | 'x-default';
  readonly language: KbLanguage;
  readonly slug: string;
}

/**
 * The `hreflang` links of an article's public page: every published public translation (the article itself
 * included, as search engines ask), in the fixed order of the languages, and `x-default` pointing at the
 * English one when there is one, else at the first of them. The same list on every page of the group, so the
 * links are reciprocal. Empty when the article itself is not public.
 */
export function publicAlternates(members: readonly KbGroupMember[]): KbAlternate[] {
  const visible = members
    .filter((member) => member.status === 'published' && member.visibility === 'public')
    .sort((a, b) => KB_LANGUAGES.indexOf(a.language) - KB_LANGUAGES.indexOf(b.language));
  if (visible.length === 0) return [];
  const alternates: KbAlternate[] = visible.map((member) => ({ hreflang: member.language, language: member.language, slug: member.slug }));
  const fallback = visible.find((member) => member.language === 'en') ?? visible[0]!;
  alternates.push({ hreflang: 'x-default', language: fallback.language, slug: fallback.slug });
  return alternates;
}
