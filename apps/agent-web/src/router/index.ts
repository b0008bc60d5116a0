import type { Pinia } from 'pinia';
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { useSessionStore } from '../stores/session';

export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: () => import('../views/HomeView.vue'), meta: { requiresSession: true } },
  { path: '/sign-in', name: 'sign-in', component: () => import('../views/SignInView.vue') },
  { path: '/setup', name: 'setup', component: () => import('../views/SetupView.vue') },
  { path: '/:pathMatch(.*)*', redirect: { name: 'home' } },
];

export function createAppRouter(pinia: Pinia) {
  const router = createRouter({ history: createWebHistory(import.meta.env.BASE_URL), routes });
  router.beforeEach(async (to) => {
    const session = useSessionStore(pinia);
    if (!session.loaded) await session.load().catch(() => undefined);
    if (to.meta.requiresSession && !session.agent) return { name: 'sign-in' };
    if (to.name === 'sign-in' && session.agent) return { name: 'home' };
    return true;
  });
  return router;
}
