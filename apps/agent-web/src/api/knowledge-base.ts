import type {
  Api, CreateKbArticleRequest, KbArticleDto, KbArticleSummaryDto, KbCategoryDto, KbCategoryRequest, KbRevisionDetailDto, KbRevisionDto, KbSearchHitDto, QueryOf,
  UpdateKbArticleRequest, UpdateKbCategoryRequest,
} from '@parley/protocol';
import { http, queryString } from './http';

export type KbListQuery = QueryOf<Api['listKbArticles']>;
export type KbSearch = QueryOf<Api['searchKbArticles']>;

/** The knowledge base's REST calls (the Knowledge base screens and the reply composer's article search). */

export async function listKbCategories(): Promise<KbCategoryDto[]> {
  return (await http.request<{ items: KbCategoryDto[] }>('GET', '/kb/categories')).items;
}

export function createKbCategory(body: KbCategoryRequest): Promise<KbCategoryDto> {
  return http.request<KbCategoryDto>('POST', '/kb/categories', body);
}

export function updateKbCategory(id: number, body: UpdateKbCategoryRequest): Promise<KbCategoryDto> {
  return http.request<KbCategoryDto>('PATCH', `/kb/categories/${id}`, body);
}

export function deleteKbCategory(id: number): Promise<void> {
  return http.request<void>('DELETE', `/kb/categories/${id}`);
}

export function listKbArticles(query: KbListQuery): Promise<{ items: KbArticleSummaryDto[]; nextCursor: string | null }> {
  return http.request('GET', `/kb/articles${queryString(query)}`);
}

export function getKbArticle(id: number): Promise<KbArticleDto> {
  return http.request<KbArticleDto>('GET', `/kb/articles/${id}`);
}

export function createKbArticle(body: CreateKbArticleRequest): Promise<KbArticleDto> {
  return http.request<KbArticleDto>('POST', '/kb/articles', body);
}

export function updateKbArticle(id: number, body: UpdateKbArticleRequest): Promise<KbArticleDto> {
  return http.request<KbArticleDto>('PATCH', `/kb/articles/${id}`, body);
}

export function deleteKbArticle(id: number): Promise<void> {
  return http.request<void>('DELETE', `/kb/articles/${id}`);
}

export async function listKbRevisions(id: number): Promise<KbRevisionDto[]> {
  return (await http.request<{ items: KbRevisionDto[] }>('GET', `/kb/articles/${id}/revisions`)).items;
}

export function getKbRevision(id: number, revision: number): Promise<KbRevisionDetailDto> {
  return http.request<KbRevisionDetailDto>('GET', `/kb/articles/${id}/revisions/${revision}`);
}

export function restoreKbRevision(id: number, revision: number): Promise<KbArticleDto> {
  return http.request<KbArticleDto>('POST', `/kb/articles/${id}/revisions/${revision}/restore`);
}

export async function searchKbArticles(query: KbSearch): Promise<KbSearchHitDto[]> {
  return (await http.request<{ items: KbSearchHitDto[] }>('GET', `/kb/search${queryString(query)}`)).items;
}
