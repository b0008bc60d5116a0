import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { KB_ARTICLE_STATUSES, KB_LANGUAGES, KB_VISIBILITIES, type KbArticleField, type KbCategoryNames } from '@parley/domain';
import { Agent } from '../agents/agent.entity.js';
import { Attachment } from '../attachments/attachment.entity.js';

/** A category of the knowledge base, named per language (one row for all languages, so translations share it). */
export const KbCategory = defineEntity({
  name: 'KbCategory',
  tableName: 'kb_category',
  properties: {
    id: p.integer().primary().autoincrement(),
    names: p.json<KbCategoryNames>(),
    description: p.text().strictNullable(),
    position: p.integer().default(0),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
export type KbCategory = InferEntity<typeof KbCategory>;

/**
 * An article in one language. Its translations share `translationGroupId` (the id of the group's first
 * article; the domain allows each language once per group). `body` is the sanitized HTML, `bodyText` its text
 * (for snippets and the widget's suggestions), `searchText` the domain's folded words of title, tags and text
 * (FTS5 on SQLite; on PostgreSQL its parley_search_lexemes stored in a generated column with a GIN index). `revision` counts
 * the saves; the page cache of /help is keyed by it.
 */
export const KbArticle = defineEntity({
  name: 'KbArticle',
  tableName: 'kb_article',
  properties: {
    id: p.integer().primary().autoincrement(),
    translationGroupId: p.integer().index('kb_article_group'),
    language: p.enum([...KB_LANGUAGES]),
    slug: p.string().length(400),
    title: p.string().length(200),
    body: p.text(),
    bodyText: p.text(),
    tags: p.json<string[]>(),
    status: p.enum([...KB_ARTICLE_STATUSES]),
    visibility: p.enum([...KB_VISIBILITIES]),
    category: () => p.manyToOne(KbCategory).mapToPk().fieldName('category_id').strictNullable().deleteRule('set null').index(),
    revision: p.integer(),
    helpfulYes: p.integer().default(0),
    helpfulNo: p.integer().default(0),
    searchText: p.text().strictNullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
    publishedAt: p.datetime().strictNullable(),
    updatedBy: () => p.manyToOne(Agent).mapToPk().fieldName('updated_by_id').strictNullable().deleteRule('set null'),
  },
  uniques: [{ properties: ['language', 'slug'], name: 'kb_article_language_slug' }],
  indexes: [{ properties: ['language', 'status', 'visibility'], name: 'kb_article_listing' }],
});
export type KbArticle = InferEntity<typeof KbArticle>;

/** One save of an article, kept whole so any revision can be restored; `changed` names what the save changed. */
export const KbRevision = defineEntity({
  name: 'KbRevision',
  tableName: 'kb_revision',
  properties: {
    id: p.integer().primary().autoincrement(),
    article: () => p.manyToOne(KbArticle).mapToPk().fieldName('article_id').deleteRule('cascade'),
    revision: p.integer(),
    kind: p.enum(['created', 'edited', 'restored'] as const),
    restoredFrom: p.integer().strictNullable(),
    changed: p.json<KbArticleField[]>(),
    agent: () => p.manyToOne(Agent).mapToPk().fieldName('agent_id').strictNullable().deleteRule('set null'),
    /** The name as it was when they saved (the agent may be renamed or deleted later). */
    agentName: p.string().length(200).strictNullable(),
    title: p.string().length(200),
    slug: p.string().length(400),
    language: p.enum([...KB_LANGUAGES]),
    body: p.text(),
    tags: p.json<string[]>(),
    status: p.enum([...KB_ARTICLE_STATUSES]),
    visibility: p.enum([...KB_VISIBILITIES]),
    /** Plain, not a reference: a deleted category leaves old revisions as they were. */
    categoryId: p.integer().strictNullable(),
    createdAt: p.datetime(),
  },
  uniques: [{ properties: ['article', 'revision'], name: 'kb_revision_article_revision' }],
});
export type KbRevision = InferEntity<typeof KbRevision>;

/** An uploaded picture an article's body shows (`/help/files/<id>`): visitors may download it while the article is published and public. */
export const KbArticleFile = defineEntity({
  name: 'KbArticleFile',
  tableName: 'kb_article_file',
  properties: {
    id: p.integer().primary().autoincrement(),
    article: () => p.manyToOne(KbArticle).mapToPk().fieldName('article_id').deleteRule('cascade'),
    attachment: () => p.manyToOne(Attachment).mapToPk().fieldName('attachment_id').deleteRule('cascade').index(),
  },
  uniques: [{ properties: ['article', 'attachment'], name: 'kb_article_file_pair' }],
});
export type KbArticleFile = InferEntity<typeof KbArticleFile>;
