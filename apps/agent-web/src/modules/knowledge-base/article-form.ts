import { type KbArticleStatus, type KbLanguage, type KbVisibility, normaliseKbTags } from '@parley/domain';
import type { CreateKbArticleRequest, KbArticleDto, UpdateKbArticleRequest } from '@parley/protocol';
import { FormProblem } from '../../composables/use-error-message';

/** The article editor's fields as the administrator edits them (tags as one comma-separated line). */
export interface ArticleForm {
  title: string;
  language: KbLanguage;
  categoryId: number | null;
  tags: string;
  status: KbArticleStatus;
  visibility: KbVisibility;
  /** The editor's HTML. */
  body: string;
}

/**
 * A new article, or a new translation: a translation starts in its original's category, visibility and
 * tags (the text is written anew), as a draft.
 */
export function newArticleForm(language: KbLanguage, original: KbArticleDto | null = null): ArticleForm {
  return {
    title: '',
    language,
    categoryId: original?.categoryId ?? null,
    tags: original ? original.tags.join(', ') : '',
    status: 'draft',
    visibility: original?.visibility ?? 'public',
    body: '',
  };
}

export function articleFormOf(article: KbArticleDto): ArticleForm {
  return {
    title: article.title,
    language: article.language,
    categoryId: article.categoryId,
    tags: article.tags.join(', '),
    status: article.status,
    visibility: article.visibility,
    body: article.body,
  };
}

export function tagsOf(text: string): string[] {
  return normaliseKbTags(text.split(','));
}

/** What must be there before asking the server (which checks the rest and answers in its own codes). */
export function articleFormProblem(form: ArticleForm, bodyEmpty: boolean): FormProblem | null {
  if (form.title.trim() === '') return new FormProblem('knowledgeBase.editor.titleRequired');
  if (bodyEmpty) return new FormProblem('knowledgeBase.editor.bodyRequired');
  return null;
}

export function createRequestOf(form: ArticleForm, translationOf: number | null): CreateKbArticleRequest {
  return {
    title: form.title.trim(),
    language: form.language,
    body: form.body,
    tags: tagsOf(form.tags),
    status: form.status,
    visibility: form.visibility,
    categoryId: form.categoryId,
    ...(translationOf !== null ? { translationOf } : {}),
  };
}

/**
 * Only the fields changed since the editor opened (`baseline`: the form as the editor first showed it, its
 * body as the editor wrote it back), with the revision it started from, so a colleague's save in between
 * is refused (resource/conflict) rather than silently overwritten. Null when nothing changed.
 */
export function updateRequestOf(form: ArticleForm, baseline: ArticleForm, baseRevision: number): UpdateKbArticleRequest | null {
  const changes: UpdateKbArticleRequest = {};
  if (form.title.trim() !== baseline.title.trim()) changes.title = form.title.trim();
  if (form.language !== baseline.language) changes.language = form.language;
  if (form.body !== baseline.body) changes.body = form.body;
  const tags = tagsOf(form.tags);
  if (tags.join('\n') !== tagsOf(baseline.tags).join('\n')) changes.tags = tags;
  if (form.status !== baseline.status) changes.status = form.status;
  if (form.visibility !== baseline.visibility) changes.visibility = form.visibility;
  if (form.categoryId !== baseline.categoryId) changes.categoryId = form.categoryId;
  return Object.keys(changes).length > 0 ? { ...changes, baseRevision } : null;
}

/** Whether the administrator changed anything since the editor opened (to ask before leaving). */
export function formChanged(form: ArticleForm, baseline: ArticleForm): boolean {
  return updateRequestOf(form, baseline, 1) !== null;
}
