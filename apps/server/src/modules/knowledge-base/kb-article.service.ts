import { canReadArticle, DomainError, ErrorCodes, kbReaderOf, normaliseKbTags, readableArticleStates } from '@parley/domain';
import type { CreateKbArticleRequest, KbArticleDto, KbArticleListQuery, KbArticleSummaryDto, KbRevisionDetailDto, KbRevisionDto, UpdateKbArticleRequest } from '@parley/protocol';
import type { AgentScope } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { changingHelpPages } from './help-page-changes.js';
import { notFound } from '../../http/http-error.js';
import { Agent } from '../agents/agent.entity.js';
import { recordAudit } from '../audit-log/audit-recorder.js';
import { saveArticle } from './kb-article-save.js';
import { presentArticle, presentArticleSummary, presentRevision, presentRevisionDetail } from './kb-presenter.js';
import { KbArticle, KbCategory, KbRevision } from './knowledge-base.entity.js';

/** The article if this agent may read it; otherwise the same "not found" as for an id that does not exist. */
async function readableArticle(scope: AgentScope, em: Em, id: number): Promise<KbArticle> {
  const row = await em.findOne(KbArticle, { id });
  if (!row || !canReadArticle(kbReaderOf(scope.agent), row)) throw notFound(`Article ${id}`);
  return row;
}

export async function articleDto(scope: AgentScope, em: Em, row: KbArticle): Promise<KbArticleDto> {
  const reader = kbReaderOf(scope.agent);
  const [members, editor] = await Promise.all([
    em.find(KbArticle, { translationGroupId: row.translationGroupId, id: { $ne: row.id } }, { fields: ['id', 'language', 'slug', 'title', 'status', 'visibility'], orderBy: { language: 'asc' } }),
    row.updatedBy ? em.findOne(Agent, { id: row.updatedBy }, { fields: ['id', 'name'] }) : null,
  ]);
  return presentArticle(scope.app.config.publicUrl, row, {
    updatedBy: editor ? { id: editor.id, name: editor.name } : null,
    translations: members
      .filter((member) => canReadArticle(reader, member))
      .map((member) => ({ id: member.id, language: member.language, slug: member.slug, title: member.title, status: member.status, visibility: member.visibility })),
  });
}

export async function getArticle(scope: AgentScope, id: number): Promise<KbArticleDto> {
  return articleDto(scope, scope.em, await readableArticle(scope, scope.em, id));
}

/** Newest first by id; the cursor is the last id seen. Drafts only for those who may edit them. */
export async function listArticles(scope: AgentScope, query: KbArticleListQuery & { limit: number }): Promise<{ items: KbArticleSummaryDto[]; nextCursor: string | null }> {
  const states = readableArticleStates(kbReaderOf(scope.agent));
  const before = query.cursor === undefined ? null : Number(query.cursor);
  if (before !== null && !(Number.isSafeInteger(before) && before > 0)) throw new DomainError(ErrorCodes.requestInvalidCursor, 'The cursor is not one this list gave.');
  const rows = await scope.em.find(
    KbArticle,
    {
      status: { $in: query.status ? states.statuses.filter((s) => s === query.status) : [...states.statuses] },
      visibility: { $in: query.visibility ? states.visibilities.filter((v) => v === query.visibility) : [...states.visibilities] },
      ...(query.language ? { language: query.language } : {}),
      ...(query.categoryId ? { category: query.categoryId } : {}),
      ...(before !== null ? { id: { $lt: before } } : {}),
    },
    {
      fields: ['id', 'translationGroupId', 'language', 'slug', 'title', 'tags', 'status', 'visibility', 'category', 'revision', 'updatedAt'],
      orderBy: { id: 'desc' },
      limit: query.limit + 1,
    },
  );
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((row) => presentArticleSummary(scope.app.config.publicUrl, row)),
    nextCursor: rows.length > query.limit ? String(page.at(-1)!.id) : null,
  };
}

export async function createArticle(scope: AgentScope, body: CreateKbArticleRequest): Promise<KbArticleDto> {
  return changingHelpPages(scope, (scope.em.fork() as Em).transactional(async (tx) => {
    const em = tx as Em;
    let groupId: number | null = null;
    if (body.translationOf !== undefined) {
      const original = await em.findOne(KbArticle, { id: body.translationOf }, { fields: ['translationGroupId'] });
      if (!original) throw notFound(`Article ${body.translationOf}`);
      groupId = original.translationGroupId;
    }
    const row = await saveArticle(
      scope,
      em,
      null,
      {
        title: body.title,
        slug: body.slug ?? null,
        language: body.language,
        rawBody: body.body,
        tags: normaliseKbTags(body.tags ?? []),
        status: body.status ?? 'draft',
        visibility: body.visibility ?? 'public',
        categoryId: body.categoryId ?? null,
      },
      { kind: { kind: 'created' }, groupId },
    );
    return articleDto(scope, em, row);
  }));
}

export async function updateArticle(scope: AgentScope, id: number, body: UpdateKbArticleRequest): Promise<KbArticleDto> {
  return changingHelpPages(scope, (scope.em.fork() as Em).transactional(async (tx) => {
    const em = tx as Em;
    const row = await em.findOne(KbArticle, { id });
    if (!row) throw notFound(`Article ${id}`);
    if (body.baseRevision !== undefined && body.baseRevision !== row.revision) {
      throw new DomainError(ErrorCodes.conflict, `Someone saved this article since revision ${body.baseRevision} (it is at ${row.revision}); reload it first.`, { revision: row.revision });
    }
    const saved = await saveArticle(
      scope,
      em,
      row,
      {
        title: body.title ?? row.title,
        slug: body.slug ?? null,
        language: body.language ?? row.language,
        rawBody: body.body ?? null,
        tags: body.tags ? normaliseKbTags(body.tags) : row.tags,
        status: body.status ?? row.status,
        visibility: body.visibility ?? row.visibility,
        categoryId: body.categoryId === undefined ? (row.category ?? null) : body.categoryId,
      },
      { kind: { kind: 'edited' }, groupId: null },
    );
    return articleDto(scope, em, saved);
  }));
}

export async function deleteArticle(scope: AgentScope, id: number): Promise<{ ok: true }> {
  return changingHelpPages(scope, (scope.em.fork() as Em).transactional(async (tx) => {
    const em = tx as Em;
    const row = await em.findOne(KbArticle, { id }, { fields: ['id', 'title', 'language', 'slug', 'status', 'visibility'] });
    if (!row) throw notFound(`Article ${id}`);
    await recordAudit(scope, em, 'kb_article.deleted', { type: 'kb_article', id, label: `${row.title} (${row.language})` }, { slug: { from: row.slug, to: null }, status: { from: row.status, to: null } });
    await em.nativeDelete(KbRevision, { article: id });
    await em.nativeDelete(KbArticle, { id });
    return { ok: true as const };
  }));
}

export async function listRevisions(scope: AgentScope, id: number): Promise<{ items: KbRevisionDto[] }> {
  await readableArticle(scope, scope.em, id);
  const rows = await scope.em.find(KbRevision, { article: id }, { orderBy: { revision: 'desc' }, exclude: ['body'] });
  return { items: rows.map(presentRevision) };
}

export async function getRevision(scope: AgentScope, id: number, revision: number): Promise<KbRevisionDetailDto> {
  await readableArticle(scope, scope.em, id);
  const row = await scope.em.findOne(KbRevision, { article: id, revision });
  if (!row) throw notFound(`Revision ${revision} of article ${id}`);
  return presentRevisionDetail(row);
}

/** The article takes the revision's content back; the save is a new revision that says which one it restored. */
export async function restoreRevision(scope: AgentScope, id: number, revision: number): Promise<KbArticleDto> {
  return changingHelpPages(scope, (scope.em.fork() as Em).transactional(async (tx) => {
    const em = tx as Em;
    const row = await em.findOne(KbArticle, { id });
    if (!row) throw notFound(`Article ${id}`);
    const old = await em.findOne(KbRevision, { article: id, revision });
    if (!old) throw notFound(`Revision ${revision} of article ${id}`);
    const saved = await saveArticle(
      scope,
      em,
      row,
      {
        title: old.title,
        slug: old.slug,
        language: old.language,
        // Sanitized when it was saved; sanitized again, so a revision from before a stricter rule is held to today's.
        rawBody: old.body,
        tags: old.tags,
        status: old.status,
        visibility: old.visibility,
        // A category deleted since leaves the article uncategorised.
        categoryId: old.categoryId !== null && old.categoryId !== undefined ? await existingCategory(em, old.categoryId) : null,
      },
      { kind: { kind: 'restored', fromRevision: revision }, groupId: null },
    );
    return articleDto(scope, em, saved);
  }));
}

async function existingCategory(em: Em, id: number): Promise<number | null> {
  return (await em.count(KbCategory, { id })) > 0 ? id : null;
}
