import type { RouteRecordRaw } from 'vue-router';

/** The internal team chat: the list of conversations, and one of them open beside it. */
export const teamChatRoutes: RouteRecordRaw[] = [
  { path: 'team', name: 'team', component: () => import('./TeamChatView.vue'), props: { conversationId: null } },
  {
    path: 'team/:conversationId(\\d+)',
    name: 'team-conversation',
    component: () => import('./TeamChatView.vue'),
    props: (route) => ({ conversationId: Number(route.params.conversationId) }),
  },
];
