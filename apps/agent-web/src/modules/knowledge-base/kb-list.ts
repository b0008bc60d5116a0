import { isKbLanguage, KB_ARTICLE_STATUSES, KB_LANGUAGES, KB_VISIBILITIES, type KbArticleStatus, type KbLanguage, type KbVisibility } from '@parley/domain';
import type { KbSearchHitDto } from '@parley/protocol';
import type { KbListQuery } from '../../api/knowledge-base';
import type { LocationQuery, LocationQueryRaw } from 'vue-router';

/** The article list's filters and words, kept in the address so a reload or a shared link shows the same list. */
export interface KbListFilters {
  readonly language?: KbLanguage | undefined;
  readonly status?: KbArticleStatus | undefined;
  readonly visibility?: KbVisibility | undefined;
  readonly categoryId?: number | undefined;
  readonly q?: string | undefined;
}

const one = <T extends string>(value: unknown, allowed: readonly T[]): T | undefined => (allowed as readonly unknown[]).includes(value) ? (value as T) : undefined;

/** Unknown values are dropped rather than sent to the server. */
export function filtersFromRoute(query: LocationQuery): KbListFilters {
  const category = Number(query.category);
  const q = typeof query.q === 'string' ? query.q.trim() : '';
  return {
    ...(isKbLanguage(query.language) ? { language: query.language } : {}),
    ...(one(query.status, KB_ARTICLE_STATUSES) ? { status: query.status as KbArticleStatus } : {}),
    ...(one(query.visibility, KB_VISIBILITIES) ? { visibility: query.visibility as KbVisibility } : {}),
    ...(Number.isInteger(category) && category > 0 ? { categoryId: category } : {}),
    ...(q ? { q } : {}),
  };
}

export function routeFromFilters(filters: KbListFilters): LocationQueryRaw {
  const out: LocationQueryRaw = {};
  if (filters.language) out.language = filters.language;
  if (filters.status) out.status = filters.status;
  if (filters.visibility) out.visibility = filters.visibility;
  if (filters.categoryId !== undefined) out.category = String(filters.categoryId);
  if (filters.q?.trim()) out.q = filters.q.trim();
  return out;
}

/** The list endpoint's query for the filters (it has no words: those go to search). */
export function listQueryOf(filters: KbListFilters, cursor: string | null): KbListQuery {
  return {
    ...(filters.language ? { language: filters.language } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.visibility ? { visibility: filters.visibility } : {}),
    ...(filters.categoryId !== undefined ? { categoryId: filters.categoryId } : {}),
    ...(cursor ? { cursor } : {}),
    limit: 50,
  };
}

/**
 * Search looks in one language at a time (its words are folded by that language): the chosen one, or with
 * "all languages" every one, the agent's own first so its hits come first.
 */
export function searchLanguagesOf(filters: KbListFilters, own: string): KbLanguage[] {
  if (filters.language) return [filters.language];
  return [...KB_LANGUAGES].sort((a, b) => Number(b === own) - Number(a === own));
}

/** The hits of each language searched, in that order, kept only where they pass the other filters. */
export function filterHits(perLanguage: readonly (readonly KbSearchHitDto[])[], filters: KbListFilters): KbSearchHitDto[] {
  return perLanguage
    .flat()
    .filter(
      (hit) =>
        (!filters.status || hit.status === filters.status) &&
        (!filters.visibility || hit.visibility === filters.visibility) &&
        (filters.categoryId === undefined || hit.categoryId === filters.categoryId),
    );
}
