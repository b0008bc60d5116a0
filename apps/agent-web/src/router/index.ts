import type { Pinia } from 'pinia';
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { adminRoutes } from '../modules/admin/routes';
import { knowledgeBaseRoutes } from '../modules/knowledge-base/routes';
import { teamChatRoutes } from '../modules/team-chat/routes';
import { useSessionStore } from '../stores/session';

declare module 'vue-router' {
  interface RouteMeta {
    requiresSession?: boolean;
    requiresAdministrator?: boolean;
  }
}

export const routes: RouteRecordRaw[] = [
  {
    path: '/',
    component: () => import('../layouts/ConsoleLayout.vue'),
    meta: { requiresSession: true },
    children: [
      { path: '', name: 'home', redirect: { name: 'tickets' } },
      { path: 'tickets', name: 'tickets', component: () => import('../modules/tickets/TicketListView.vue') },
      { path: 'tickets/new', name: 'new-ticket', component: () => import('../modules/tickets/NewTicketView.vue') },
      { path: 'tickets/:id(\\d+)', name: 'ticket', component: () => import('../modules/tickets/TicketView.vue'), props: (route) => ({ id: Number(route.params.id) }) },
      { path: 'contacts', name: 'contacts', component: () => import('../modules/contacts/ContactsView.vue') },
      { path: 'contacts/:id(\\d+)', name: 'contact', component: () => import('../modules/contacts/ContactView.vue'), props: (route) => ({ id: Number(route.params.id) }) },
      { path: 'companies', name: 'companies', component: () => import('../modules/contacts/CompaniesView.vue') },
      { path: 'companies/:id(\\d+)', name: 'company', component: () => import('../modules/contacts/CompanyView.vue'), props: (route) => ({ id: Number(route.params.id) }) },
      { path: 'search', name: 'search', component: () => import('../modules/search/SearchView.vue') },
      { path: 'departments', name: 'departments', component: () => import('../modules/departments/DepartmentsView.vue') },
      { path: 'statistics', name: 'statistics', component: () => import('../modules/statistics/StatisticsView.vue') },
      ...teamChatRoutes,
      ...knowledgeBaseRoutes,
      { path: 'account', name: 'account', component: () => import('../modules/account/AccountView.vue') },
      { path: 'account/security', name: 'security', component: () => import('../modules/account/SecurityView.vue') },
      { path: 'admin', meta: { requiresAdministrator: true }, children: adminRoutes },
    ],
  },
  {
    path: '/',
    component: () => import('../layouts/AuthLayout.vue'),
    children: [
      { path: 'sign-in', name: 'sign-in', component: () => import('../views/SignInView.vue') },
      { path: 'setup', name: 'setup', component: () => import('../views/SetupView.vue') },
      { path: 'invite', name: 'invite', component: () => import('../views/InviteView.vue') },
      { path: 'forgot-password', name: 'forgot-password', component: () => import('../views/ForgotPasswordView.vue') },
      { path: 'reset-password', name: 'reset-password', component: () => import('../views/ResetPasswordView.vue') },
    ],
  },
  { path: '/:pathMatch(.*)*', redirect: { name: 'tickets' } },
];

export function createAppRouter(pinia: Pinia) {
  const router = createRouter({ history: createWebHistory(import.meta.env.BASE_URL), routes });
  router.beforeEach(async (to) => {
    const session = useSessionStore(pinia);
    if (!session.loaded) await session.load().catch(() => undefined);
    if (to.matched.some((r) => r.meta.requiresSession) && !session.agent) return { name: 'sign-in', query: to.fullPath !== '/' ? { next: to.fullPath } : {} };
    if (to.matched.some((r) => r.meta.requiresAdministrator) && session.agent?.role !== 'administrator') return { name: 'tickets' };
    if (to.name === 'sign-in' && session.agent) return { name: 'tickets' };
    // Two-factor sign-in is required and this agent has none yet: they enrol before anything else.
    if (session.agent && session.twoFactor?.enrolmentRequired && to.matched.some((r) => r.meta.requiresSession) && to.name !== 'security') return { name: 'security' };
    return true;
  });
  return router;
}
