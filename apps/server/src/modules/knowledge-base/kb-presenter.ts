import type { KbLanguage } from '@parley/domain';
import type { KbArticleDto, KbArticleSummaryDto, KbCategoryDto, KbRevisionDetailDto, KbRevisionDto, KbTranslationDto } from '@parley/protocol';
import type { KbArticle, KbCategory, KbRevision } from './knowledge-base.entity.js';

/** The public page of an article: `/help/<lang>/<slug>` under PUBLIC_URL (the slug percent-encoded, as browsers send it). */
export function helpArticleUrl(publicUrl: string, language: KbLanguage, slug: string): string {
  return `${publicUrl}/help/${language}/${encodeURIComponent(slug)}`;
}

export function presentCategory(row: KbCategory): KbCategoryDto {
  return { id: row.id, names: row.names, description: row.description ?? null, position: row.position, updatedAt: row.updatedAt.toISOString() };
}

type ArticleRow = Pick<KbArticle, 'id' | 'translationGroupId' | 'language' | 'slug' | 'title' | 'tags' | 'status' | 'visibility' | 'category' | 'revision' | 'updatedAt'>;

export function presentArticleSummary(publicUrl: string, row: ArticleRow): KbArticleSummaryDto {
  return {
    id: row.id,
    translationGroupId: row.translationGroupId,
    language: row.language,
    slug: row.slug,
    title: row.title,
    tags: row.tags,
    status: row.status,
    visibility: row.visibility,
    categoryId: row.category ?? null,
    revision: row.revision,
    updatedAt: row.updatedAt.toISOString(),
    url: row.status === 'published' && row.visibility === 'public' ? helpArticleUrl(publicUrl, row.language, row.slug) : null,
  };
}

export function presentArticle(publicUrl: string, row: KbArticle, extra: { updatedBy: { id: number; name: string } | null; translations: KbTranslationDto[] }): KbArticleDto {
  return {
    ...presentArticleSummary(publicUrl, row),
    body: row.body,
    createdAt: row.createdAt.toISOString(),
    publishedAt: row.publishedAt?.toISOString() ?? null,
    updatedBy: extra.updatedBy,
    feedback: { yes: row.helpfulYes, no: row.helpfulNo },
    translations: extra.translations,
  };
}

export function presentRevision(row: Pick<KbRevision, 'revision' | 'kind' | 'restoredFrom' | 'changed' | 'agent' | 'agentName' | 'createdAt'>): KbRevisionDto {
  return {
    revision: row.revision,
    kind: row.kind,
    restoredFrom: row.restoredFrom ?? null,
    changed: row.changed,
    agentId: row.agent ?? null,
    agentName: row.agentName ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export function presentRevisionDetail(row: KbRevision): KbRevisionDetailDto {
  return {
    ...presentRevision(row),
    title: row.title,
    slug: row.slug,
    language: row.language,
    body: row.body,
    tags: row.tags,
    status: row.status,
    visibility: row.visibility,
    categoryId: row.categoryId ?? null,
  };
}
