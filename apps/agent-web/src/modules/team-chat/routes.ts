import type { RouteRecordRaw } from 'vue-router';

/**
 * The internal team chat: `/team` lists the conversations, `/team/:conversationId` opens one beside the list.
 * One route with an optional id, so the side navigation's link stays marked on either.
 */
export const teamChatRoutes: RouteRecordRaw[] = [
  {
    path: 'team/:conversationId(\\d+)?',
    name: 'team',
    component: () => import('./TeamChatView.vue'),
    props: (route) => ({ conversationId: route.params.conversationId ? Number(route.params.conversationId) : null }),
  },
];
