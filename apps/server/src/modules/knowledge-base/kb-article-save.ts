import { UniqueConstraintViolationException } from '@mikro-orm/core';
import {
  auditDiff, type AuditAction, changedArticleFields, DomainError, ErrorCodes, isValidSlug, type KbArticleSnapshot, type KbLanguage, type KbRevisionKind, searchDocument,
  slugFromTitle, translationConflict, uniqueSlug,
} from '@parley/domain';
import type { AgentScope } from '../../app-context.js';
import { sql } from 'kysely';
import type { Em } from '../../db/orm.js';
import { sql as sqlOf } from '../../db/sql.js';
import { notFound } from '../../http/http-error.js';
import { Agent } from '../agents/agent.entity.js';
import { Attachment } from '../attachments/attachment.entity.js';
import { recordAudit } from '../audit-log/audit-recorder.js';
import { articleText, referencedFileIds, sanitizeArticleHtml } from './kb-article-html.js';
import { KbArticle, KbArticleFile, KbCategory, KbRevision } from './knowledge-base.entity.js';

/** What a save asks for: the new state, with the body still as the editor sent it (`rawBody`) or as stored. */
export interface ArticleDraft {
  readonly title: string;
  readonly slug: string | null;
  readonly language: KbLanguage;
  /** HTML to sanitize; null keeps the stored (already sanitized) body. */
  readonly rawBody: string | null;
  readonly tags: readonly string[];
  readonly status: KbArticleSnapshot['status'];
  readonly visibility: KbArticleSnapshot['visibility'];
  readonly categoryId: number | null;
}

/**
 * The one way an article is written, in the caller's transaction: checks the category, the translation
 * group (one article per language) and the slug (valid, free in its language; made from the title when none
 * is given), sanitizes the body, and, when anything changed, bumps the revision, keeps the revision whole
 * (who, when, which fields) and writes the audit entry. Creating, editing and restoring all come here, so a
 * restore is an ordinary save that records where it came from.
 */
export async function saveArticle(scope: AgentScope, em: Em, article: KbArticle | null, draft: ArticleDraft, how: { readonly kind: KbRevisionKind; readonly groupId: number | null }): Promise<KbArticle> {
  const now = scope.app.clock.now();
  if (draft.categoryId !== null && (await em.count(KbCategory, { id: draft.categoryId })) === 0) throw notFound(`Category ${draft.categoryId}`);

  const groupId = article?.translationGroupId ?? how.groupId;
  if (groupId !== null) {
    await lockGroup(em, groupId);
    const members = await em.find(KbArticle, { translationGroupId: groupId }, { fields: ['id', 'language'] });
    const clash = translationConflict(members, { id: article?.id ?? null, language: draft.language });
    if (clash !== null) {
      throw new DomainError(ErrorCodes.kbTranslationExists, `This article's translations already have one in "${draft.language}" (article ${clash}).`, { articleId: clash });
    }
  }

  const slug = await chooseSlug(em, article, draft);
  let body = article?.body ?? '';
  let fileIds: string[] = [];
  if (draft.rawBody !== null) {
    const usable = await usableFiles(em, referencedFileIds(draft.rawBody));
    const sanitized = sanitizeArticleHtml(draft.rawBody, (id) => usable.has(id), scope.app.config.publicUrl);
    body = sanitized.html;
    fileIds = sanitized.fileIds;
  }
  const after: KbArticleSnapshot = { title: draft.title.trim(), slug, language: draft.language, body, tags: [...draft.tags], status: draft.status, visibility: draft.visibility, categoryId: draft.categoryId };
  const before = article ? snapshotOf(article) : null;
  const changed = changedArticleFields(before, after);
  if (article && changed.length === 0) return article;

  const bodyText = changed.includes('body') || !article ? articleText(body) : article.bodyText;
  const fields = {
    title: after.title,
    slug,
    language: after.language,
    body,
    bodyText,
    tags: [...after.tags],
    status: after.status,
    visibility: after.visibility,
    category: after.categoryId,
    searchText: searchDocument([after.title, after.tags.join(' '), bodyText]),
    updatedAt: now,
    updatedBy: scope.agent.agentId,
    // The first publication (and each one after a return to draft) dates the article for readers.
    publishedAt: after.status === 'published' ? (before?.status === 'published' ? (article?.publishedAt ?? now) : now) : (article?.publishedAt ?? null),
  };
  let row: KbArticle;
  try {
    if (article) {
      em.assign(article, { ...fields, revision: article.revision + 1 });
      row = article;
      await em.flush();
    } else {
      row = em.create(KbArticle, { ...fields, translationGroupId: groupId ?? 0, revision: 1, helpfulYes: 0, helpfulNo: 0, createdAt: now });
      await em.flush();
      if (groupId === null) {
        row.translationGroupId = row.id;
        await em.flush();
      }
    }
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) throw slugTaken(after.language, slug);
    throw error;
  }

  for (const attachment of fileIds) {
    // Links are kept when a later save drops the picture, so restoring an older revision still shows it.
    if ((await em.count(KbArticleFile, { article: row.id, attachment })) === 0) em.create(KbArticleFile, { article: row.id, attachment });
  }
  const agent = await em.findOne(Agent, { id: scope.agent.agentId }, { fields: ['name'] });
  em.create(KbRevision, {
    article: row.id,
    revision: row.revision,
    kind: how.kind.kind,
    restoredFrom: how.kind.kind === 'restored' ? how.kind.fromRevision : null,
    changed,
    agent: scope.agent.agentId,
    agentName: agent?.name ?? null,
    title: after.title,
    slug,
    language: after.language,
    body,
    tags: [...after.tags],
    status: after.status,
    visibility: after.visibility,
    categoryId: after.categoryId,
    createdAt: now,
  });
  const action: AuditAction = how.kind.kind === 'created' ? 'kb_article.created' : how.kind.kind === 'restored' ? 'kb_article.restored' : 'kb_article.updated';
  await recordAudit(scope, em, action, { type: 'kb_article', id: row.id, label: `${after.title} (${after.language})` }, auditDiff(before ? auditSnapshot(before) : null, auditSnapshot(after)));
  await em.flush();
  return row;
}

/** Key space of the translation groups' advisory locks (any constant apart from the other locks' keys). */
const GROUP_LOCK_SPACE = 0x6b62;

/**
 * Saves within one translation group take turns on PostgreSQL (a transaction-scoped advisory lock), so two
 * translations into the same language written at once cannot both pass the check. On SQLite transactions
 * already take turns on the one writing connection (db/sqlite-group-commit.ts).
 */
async function lockGroup(em: Em, groupId: number): Promise<void> {
  const q = sqlOf(em);
  if (q.dialect === 'postgresql') await sql`select pg_advisory_xact_lock(${GROUP_LOCK_SPACE}::int, ${groupId}::int)`.execute(q.db);
}

export function snapshotOf(row: KbArticle): KbArticleSnapshot {
  return { title: row.title, slug: row.slug, language: row.language, body: row.body, tags: row.tags, status: row.status, visibility: row.visibility, categoryId: row.category ?? null };
}

function auditSnapshot(s: KbArticleSnapshot) {
  return { title: s.title, slug: s.slug, language: s.language, body: s.body, tags: [...s.tags], status: s.status, visibility: s.visibility, categoryId: s.categoryId };
}

/**
 * The slug a save keeps: the one asked for (valid and free in the language, else refused), else the stored
 * one (an edited title does not move a published page), else one made from the title, numbered when taken.
 */
async function chooseSlug(em: Em, article: KbArticle | null, draft: ArticleDraft): Promise<string> {
  const asked = draft.slug?.normalize('NFC') ?? null;
  if (asked !== null) {
    if (!isValidSlug(asked)) throw new DomainError(ErrorCodes.kbSlugInvalid, 'A slug is lower-case letters and digits joined by single hyphens (at most 100), and not "search".');
    const owner = await em.findOne(KbArticle, { language: draft.language, slug: asked }, { fields: ['id'] });
    if (owner && owner.id !== article?.id) throw slugTaken(draft.language, asked);
    return asked;
  }
  if (article && article.language === draft.language) return article.slug;
  // Slugs hold no LIKE wildcards (only letters, digits and hyphens), so the prefix needs no escaping.
  const base = article ? article.slug : slugFromTitle(draft.title);
  const taken = await em.find(KbArticle, { language: draft.language, slug: { $like: `${base}%` } }, { fields: ['id', 'slug'] });
  return uniqueSlug(base, new Set(taken.filter((row) => row.id !== article?.id).map((row) => row.slug)));
}

function slugTaken(language: string, slug: string): DomainError {
  return new DomainError(ErrorCodes.kbSlugTaken, `Another article in "${language}" already has the slug "${slug}".`, { language, slug });
}

/**
 * Which of the referenced uploads a body may show: pictures an agent uploaded and has not sent anywhere yet,
 * or pictures some article already shows. A customer's file or another ticket's never becomes public this way.
 */
async function usableFiles(em: Em, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await em.find(Attachment, { id: { $in: [...ids] }, contentType: { $like: 'image/%' } }, { fields: ['id', 'uploadedByAgent', 'threadItem', 'teamMessage'] });
  const linked = new Set((await em.find(KbArticleFile, { attachment: { $in: rows.map((row) => row.id) } }, { fields: ['attachment'] })).map((row) => row.attachment));
  return new Set(
    rows
      .filter((row) => linked.has(row.id) || (row.uploadedByAgent != null && row.threadItem == null && row.teamMessage == null))
      .map((row) => row.id),
  );
}
