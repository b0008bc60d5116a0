/**
 * The help desk's published public articles, read from the frame's own server (so no CORS, no cookies):
 * GET /api/v1/public/kb/search, GET /api/v1/public/kb/articles/:language/:slug and POST …/:id/feedback.
 */
import type { KbFeedbackRequest, KbPublicArticleDto, KbSearchHitDto, KbSearchQuery, KbSearchResultsDto } from '@parley/protocol';

export type KbLanguage = KbPublicArticleDto['language'];
export type FeedbackAnswer = KbFeedbackRequest['answer'];

export interface KbClient {
  /** Articles of the visitor's language, best first; `any` finds those holding any of the words (suggestions). */
  search(q: string, options: { limit: number; match?: 'any'; signal?: AbortSignal }): Promise<KbSearchHitDto[]>;
  article(language: KbLanguage, slug: string, signal?: AbortSignal): Promise<KbPublicArticleDto>;
  /** Whether the server counted the answer. */
  feedback(articleId: number, answer: FeedbackAnswer): Promise<boolean>;
}

export function kbClient(language: KbLanguage, fetcher: typeof fetch = (...args) => fetch(...args)): KbClient {
  const read = async <T>(path: string, signal?: AbortSignal): Promise<T> => {
    const res = await fetcher(path, { credentials: 'omit', ...(signal ? { signal } : {}) });
    if (!res.ok) throw new Error(`kb: ${res.status}`);
    return (await res.json()) as T;
  };
  return {
    async search(q, { limit, match, signal }) {
      const query: Record<keyof KbSearchQuery, string> = { q, language, limit: String(limit), match: match ?? 'all' };
      return (await read<KbSearchResultsDto>(`/api/v1/public/kb/search?${new URLSearchParams(query)}`, signal)).items;
    },
    article(articleLanguage, slug, signal) {
      return read<KbPublicArticleDto>(`/api/v1/public/kb/articles/${articleLanguage}/${encodeURIComponent(slug)}`, signal);
    },
    async feedback(articleId, answer) {
      const body: KbFeedbackRequest = { answer };
      try {
        const res = await fetcher(`/api/v1/public/kb/articles/${articleId}/feedback`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          credentials: 'omit',
        });
        return res.ok;
      } catch {
        return false;
      }
    },
  };
}
