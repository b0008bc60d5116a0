import { type KbFeedbackAnswer, type KbGroupMember, type KbLanguage, publicAlternates } from '@parley/domain';
import type { KbPublicArticleDto } from '@parley/protocol';
import { sql } from 'kysely';
import type { Em } from '../../db/orm.js';
import { sql as sqlOf } from '../../db/sql.js';
import { notFound } from '../../http/http-error.js';
import { helpArticleUrl } from './kb-presenter.js';
import { KbArticle, KbCategory } from './knowledge-base.entity.js';

/** What visitors may read: published and public (canReadArticle for a visitor, as a query). */
export const PUBLIC_ARTICLE = { status: 'published', visibility: 'public' } as const;

/** A published public article by its address; null for anything else (a draft, an internal one, nothing). */
export async function findPublicArticle(em: Em, language: KbLanguage, slug: string): Promise<KbArticle | null> {
  return em.findOne(KbArticle, { language, slug: slug.normalize('NFC'), ...PUBLIC_ARTICLE });
}

/** The group's articles as the hreflang rule needs them, with what makes the cached page stale when it changes. */
export async function groupMembers(em: Em, groupId: number): Promise<(KbGroupMember & { title: string; revision: number })[]> {
  return em.find(KbArticle, { translationGroupId: groupId }, { fields: ['id', 'language', 'slug', 'status', 'visibility', 'title', 'revision'], orderBy: { id: 'asc' } });
}

export async function publicArticleDto(em: Em, publicUrl: string, language: KbLanguage, slug: string): Promise<KbPublicArticleDto> {
  const row = await findPublicArticle(em, language, slug);
  if (!row) throw notFound('Article');
  const members = await groupMembers(em, row.translationGroupId);
  const titles = new Map(members.map((member) => [member.language, member.title]));
  return {
    id: row.id,
    language: row.language,
    slug: row.slug,
    title: row.title,
    body: row.body,
    tags: row.tags,
    updatedAt: row.updatedAt.toISOString(),
    url: helpArticleUrl(publicUrl, row.language, row.slug),
    translations: publicAlternates(members)
      .filter((alternate) => alternate.hreflang !== 'x-default' && alternate.language !== row.language)
      .map((alternate) => ({ language: alternate.language, slug: alternate.slug, title: titles.get(alternate.language) ?? '', url: helpArticleUrl(publicUrl, alternate.language, alternate.slug) })),
  };
}

/**
 * Counts one "was this helpful?" answer on a published public article, by one statement that adds one (two
 * answers at once both count). A draft, an internal article or an unknown id is "not found", as on its page.
 */
export async function recordFeedback(em: Em, articleId: number, answer: KbFeedbackAnswer): Promise<void> {
  const exists = await em.count(KbArticle, { id: articleId, ...PUBLIC_ARTICLE });
  if (exists === 0) throw notFound('Article');
  const column = answer === 'yes' ? sql.ref('helpful_yes') : sql.ref('helpful_no');
  await sql`update kb_article set ${column} = ${column} + 1 where id = ${articleId} and status = 'published' and visibility = 'public'`.execute(sqlOf(em).db);
}

export interface IndexEntry {
  readonly slug: string;
  readonly title: string;
  readonly categoryId: number | null;
}

/** The most a help index lists (newest first within each category); search finds the rest. */
export const INDEX_MAX_ARTICLES = 2000;

export async function indexOf(em: Em, language: KbLanguage): Promise<{ categories: KbCategory[]; articles: IndexEntry[] }> {
  const [categories, rows] = await Promise.all([
    em.find(KbCategory, {}, { orderBy: { position: 'asc', id: 'asc' } }),
    em.find(KbArticle, { language, ...PUBLIC_ARTICLE }, { fields: ['slug', 'title', 'category'], orderBy: { title: 'asc' }, limit: INDEX_MAX_ARTICLES }),
  ]);
  return { categories, articles: rows.map((row) => ({ slug: row.slug, title: row.title, categoryId: row.category ?? null })) };
}

/** The sitemap's limit of addresses per file. */
export const SITEMAP_MAX_URLS = 50_000;

export async function sitemapEntries(em: Em): Promise<{ entries: (KbGroupMember & { updatedAt: Date; translationGroupId: number })[] }> {
  const rows = await em.find(KbArticle, PUBLIC_ARTICLE, {
    fields: ['id', 'language', 'slug', 'status', 'visibility', 'updatedAt', 'translationGroupId'],
    orderBy: { translationGroupId: 'asc', id: 'asc' },
    limit: SITEMAP_MAX_URLS,
  });
  return { entries: rows };
}
