import type { RouteRecordRaw } from 'vue-router';

const id = (value: unknown) => ({ id: Number(value) });

/**
 * The knowledge base: every agent reads (the list, an article), administrators also write (categories, the
 * editor, an article's history). Each screen is its own lazily loaded chunk, TipTap only with the screens
 * that show an article's text. One parent, so the navigation's link stays marked on every one of them.
 */
export const knowledgeBaseRoutes: RouteRecordRaw[] = [
  {
    path: 'knowledge-base',
    children: [
      { path: '', name: 'knowledge-base', component: () => import('./KnowledgeBaseView.vue') },
      { path: 'categories', name: 'kb-categories', meta: { requiresAdministrator: true }, component: () => import('./CategoriesView.vue') },
      { path: 'articles/new', name: 'kb-new-article', meta: { requiresAdministrator: true }, component: () => import('./ArticleEditorView.vue') },
      { path: 'articles/:id(\\d+)', name: 'kb-article', component: () => import('./ArticleView.vue'), props: (route) => id(route.params.id) },
      { path: 'articles/:id(\\d+)/edit', name: 'kb-article-edit', meta: { requiresAdministrator: true }, component: () => import('./ArticleEditorView.vue'), props: (route) => id(route.params.id) },
      { path: 'articles/:id(\\d+)/history', name: 'kb-article-history', meta: { requiresAdministrator: true }, component: () => import('./RevisionsView.vue'), props: (route) => id(route.params.id) },
    ],
  },
];
