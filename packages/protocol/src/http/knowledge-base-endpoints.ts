import { z } from 'zod';
import { IdParams, Ok, Page } from '../common.js';
import {
  CreateKbArticleRequest, KbArticleDto, KbArticleListQuery, KbArticleSummaryDto, KbCategoryDto, KbCategoryRequest, KbFeedbackRequest, KbPublicArticleDto, KbPublicArticleParams,
  KbRevisionDetailDto, KbRevisionDto, KbRevisionParams, KbSearchQuery, KbSearchResultsDto, UpdateKbArticleRequest, UpdateKbCategoryRequest,
} from '../dto/knowledge-base.js';
import { endpoint } from './endpoint.js';

const TAG = 'Knowledge base';

/**
 * The knowledge base's REST surface, spread into the one registry (endpoints.ts). Agents read (internal
 * articles included, drafts not), administrators write; visitors reach only published public articles.
 */
export const knowledgeBaseApi = {
  listKbCategories: endpoint({ method: 'get', path: '/kb/categories', tag: TAG, access: 'agent', summary: 'The knowledge base\'s categories in order, each named per language.', response: z.object({ items: z.array(KbCategoryDto) }) }),
  createKbCategory: endpoint({ method: 'post', path: '/kb/categories', tag: TAG, access: 'administrator', summary: 'Add a category (last in order unless a position is given).', body: KbCategoryRequest, response: KbCategoryDto, status: 201 }),
  updateKbCategory: endpoint({ method: 'patch', path: '/kb/categories/:id', tag: TAG, access: 'administrator', summary: 'Rename, describe or move a category.', params: IdParams, body: UpdateKbCategoryRequest, response: KbCategoryDto, errors: ['resource/not_found'] }),
  deleteKbCategory: endpoint({ method: 'delete', path: '/kb/categories/:id', tag: TAG, access: 'administrator', summary: 'Delete a category; its articles stay, uncategorised.', params: IdParams, response: Ok, errors: ['resource/not_found'] }),
  listKbArticles: endpoint({ method: 'get', path: '/kb/articles', tag: TAG, access: 'agent', summary: 'Articles the agent may read (administrators see drafts too), newest first; `nextCursor` leads to older ones.', query: KbArticleListQuery, response: Page(KbArticleSummaryDto), errors: ['request/invalid_cursor'] }),
  getKbArticle: endpoint({ method: 'get', path: '/kb/articles/:id', tag: TAG, access: 'agent', summary: 'One article with its body, its translations and its "was this helpful?" counts.', params: IdParams, response: KbArticleDto, errors: ['resource/not_found'] }),
  createKbArticle: endpoint({ method: 'post', path: '/kb/articles', tag: TAG, access: 'administrator', summary: 'Write an article (or a translation of one, `translationOf`); the body is sanitized, revision 1 is kept.', body: CreateKbArticleRequest, response: KbArticleDto, status: 201, errors: ['kb/slug_taken', 'kb/slug_invalid', 'kb/translation_exists', 'resource/not_found'] }),
  updateKbArticle: endpoint({ method: 'patch', path: '/kb/articles/:id', tag: TAG, access: 'administrator', summary: 'Change an article; each save that changes something keeps a new revision (who, when, which fields).', params: IdParams, body: UpdateKbArticleRequest, response: KbArticleDto, errors: ['kb/slug_taken', 'kb/slug_invalid', 'kb/translation_exists', 'resource/not_found', 'resource/conflict'] }),
  deleteKbArticle: endpoint({ method: 'delete', path: '/kb/articles/:id', tag: TAG, access: 'administrator', summary: 'Delete an article with its revisions and feedback; its translations stay.', params: IdParams, response: Ok, errors: ['resource/not_found'] }),
  listKbRevisions: endpoint({ method: 'get', path: '/kb/articles/:id/revisions', tag: TAG, access: 'administrator', summary: 'An article\'s revisions, newest first: who saved, when, which fields changed.', params: IdParams, response: z.object({ items: z.array(KbRevisionDto) }), errors: ['resource/not_found'] }),
  getKbRevision: endpoint({ method: 'get', path: '/kb/articles/:id/revisions/:revision', tag: TAG, access: 'administrator', summary: 'One revision of an article as it was saved.', params: KbRevisionParams, response: KbRevisionDetailDto, errors: ['resource/not_found'] }),
  restoreKbRevision: endpoint({ method: 'post', path: '/kb/articles/:id/revisions/:revision/restore', tag: TAG, access: 'administrator', summary: 'Bring an earlier revision back: the article takes its content and a new revision records the restore.', params: KbRevisionParams, response: KbArticleDto, errors: ['resource/not_found', 'kb/slug_taken', 'kb/translation_exists'] }),
  searchKbArticles: endpoint({ method: 'get', path: '/kb/search', tag: TAG, access: 'agent', summary: 'Search the articles of one language the agent may read (internal ones included), best first, with a snippet.', query: KbSearchQuery, response: KbSearchResultsDto }),
  publicSearchKbArticles: endpoint({ method: 'get', path: '/public/kb/search', tag: TAG, access: 'public', summary: 'Search the published public articles of one language (the widget\'s Help tab and suggestions).', query: KbSearchQuery, response: KbSearchResultsDto, errors: ['request/rate_limited'] }),
  publicGetKbArticle: endpoint({ method: 'get', path: '/public/kb/articles/:language/:slug', tag: TAG, access: 'public', summary: 'A published public article by its language and slug, with its public translations.', params: KbPublicArticleParams, response: KbPublicArticleDto, errors: ['resource/not_found', 'request/rate_limited'] }),
  submitKbFeedback: endpoint({ method: 'post', path: '/public/kb/articles/:id/feedback', tag: TAG, access: 'public', summary: '"Was this helpful?": yes or no, counted per published public article (rate-limited per address).', params: IdParams, body: KbFeedbackRequest, response: Ok, status: 201, errors: ['resource/not_found', 'request/rate_limited'] }),
} as const;
