import { KB_VISITOR, kbReaderOf } from '@parley/domain';
import { api } from '@parley/protocol';
import type { Router } from 'express';
import type { AppContext } from '../../app-context.js';
import { mount } from '../../http/route.js';
import * as articles from './kb-article.service.js';
import * as categories from './kb-category.service.js';
import { publicArticleDto, recordFeedback } from './kb-public.js';
import { searchArticles } from './kb-search.js';

export function registerKnowledgeBaseRoutes(router: Router, app: AppContext): void {
  mount(router, app, api.listKbCategories, ({ scope }) => categories.listCategories(scope));
  mount(router, app, api.createKbCategory, ({ scope, body }) => categories.createCategory(scope, body));
  mount(router, app, api.updateKbCategory, ({ scope, params, body }) => categories.updateCategory(scope, params.id, body));
  mount(router, app, api.deleteKbCategory, ({ scope, params }) => categories.deleteCategory(scope, params.id));
  mount(router, app, api.listKbArticles, ({ scope, query }) => articles.listArticles(scope, query));
  mount(router, app, api.getKbArticle, ({ scope, params }) => articles.getArticle(scope, params.id));
  mount(router, app, api.createKbArticle, ({ scope, body }) => articles.createArticle(scope, body));
  mount(router, app, api.updateKbArticle, ({ scope, params, body }) => articles.updateArticle(scope, params.id, body));
  mount(router, app, api.deleteKbArticle, ({ scope, params }) => articles.deleteArticle(scope, params.id));
  mount(router, app, api.listKbRevisions, ({ scope, params }) => articles.listRevisions(scope, params.id));
  mount(router, app, api.getKbRevision, ({ scope, params }) => articles.getRevision(scope, params.id, params.revision));
  mount(router, app, api.restoreKbRevision, ({ scope, params }) => articles.restoreRevision(scope, params.id, params.revision));
  mount(router, app, api.searchKbArticles, async ({ scope, query }) => ({
    items: await searchArticles(scope.em, app.config.publicUrl, kbReaderOf(scope.agent), query),
  }));
  mount(router, app, api.publicSearchKbArticles, async ({ scope, query, req }) => {
    await app.rateLimits.consumeHelpSearch(req.ip ?? 'unknown');
    return { items: await searchArticles(scope.em, app.config.publicUrl, KB_VISITOR, query) };
  });
  mount(router, app, api.publicGetKbArticle, async ({ scope, params, req }) => {
    await app.rateLimits.consumeHelpSearch(req.ip ?? 'unknown');
    return publicArticleDto(scope.em, app.config.publicUrl, params.language, params.slug);
  });
  mount(router, app, api.submitKbFeedback, async ({ scope, params, body, req }) => {
    await app.rateLimits.consumeHelpFeedback(req.ip ?? 'unknown');
    await recordFeedback(scope.em, params.id, body.answer);
    return { ok: true as const };
  });
}
