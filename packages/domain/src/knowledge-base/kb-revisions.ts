import type { KbArticleStatus, KbLanguage, KbVisibility } from './knowledge-base.js';

/** What a revision keeps of an article: everything an editor can change, so restoring it brings all of it back. */
export interface KbArticleSnapshot {
  readonly title: string;
  readonly slug: string;
  readonly language: KbLanguage;
  readonly body: string;
  readonly tags: readonly string[];
  readonly status: KbArticleStatus;
  readonly visibility: KbVisibility;
  readonly categoryId: number | null;
}

export const KB_ARTICLE_FIELDS = ['title', 'slug', 'language', 'body', 'tags', 'status', 'visibility', 'categoryId'] as const;
export type KbArticleField = (typeof KB_ARTICLE_FIELDS)[number];

/**
 * The fields a save changed, in a fixed order: a revision's summary ("title, body"). A new article (no
 * `before`) changed every field. Tags compare as sets' contents in order, as they are shown.
 */
export function changedArticleFields(before: KbArticleSnapshot | null, after: KbArticleSnapshot): KbArticleField[] {
  if (before === null) return [...KB_ARTICLE_FIELDS];
  return KB_ARTICLE_FIELDS.filter((field) => {
    if (field === 'tags') return before.tags.join('\u0000') !== after.tags.join('\u0000');
    return before[field] !== after[field];
  });
}

/** How a revision came about: written by a save, or by restoring an earlier revision (which it names). */
export type KbRevisionKind = { readonly kind: 'created' } | { readonly kind: 'edited' } | { readonly kind: 'restored'; readonly fromRevision: number };
