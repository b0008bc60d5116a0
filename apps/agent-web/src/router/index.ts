import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import SignInView from '../views/SignInView.vue';

export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: { name: 'sign-in' } },
  { path: '/sign-in', name: 'sign-in', component: SignInView },
  { path: '/:pathMatch(.*)*', redirect: { name: 'sign-in' } },
];

export function createAppRouter() {
  return createRouter({ history: createWebHistory(import.meta.env.BASE_URL), routes });
}
