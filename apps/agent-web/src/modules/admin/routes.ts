import type { RouteRecordRaw } from 'vue-router';

/**
 * Administration, for administrators only (the router checks the role; the server checks it again). Mounted
 * as the children of `/admin`: one layout with the section tabs, one screen per section.
 */
export const adminRoutes: RouteRecordRaw[] = [
  {
    path: '',
    component: () => import('./AdminLayout.vue'),
    children: [
      { path: '', name: 'admin', redirect: { name: 'admin-agents' } },
      { path: 'agents', name: 'admin-agents', component: () => import('./AgentsView.vue') },
      { path: 'departments', name: 'admin-departments', component: () => import('./DepartmentsView.vue') },
      { path: 'statuses', name: 'admin-statuses', component: () => import('./StatusesView.vue') },
      { path: 'canned-responses', name: 'admin-canned-responses', component: () => import('./CannedResponsesView.vue') },
      { path: 'widgets', name: 'admin-widgets', component: () => import('./WidgetsView.vue') },
      { path: 'mailboxes', name: 'admin-mailboxes', component: () => import('./MailboxesView.vue') },
      { path: 'sla-policies', name: 'admin-sla-policies', component: () => import('./SlaPoliciesView.vue') },
      { path: 'calendars', name: 'admin-calendars', component: () => import('./CalendarsView.vue') },
      { path: 'triggers', name: 'admin-triggers', component: () => import('./TriggersView.vue') },
      { path: 'time-rules', name: 'admin-time-rules', component: () => import('./TimeRulesView.vue') },
      { path: 'webhooks', name: 'admin-webhooks', component: () => import('./WebhooksView.vue') },
      { path: 'satisfaction', name: 'admin-satisfaction', component: () => import('./SatisfactionView.vue') },
      { path: 'auto-assignment', name: 'admin-auto-assignment', component: () => import('./AutoAssignmentView.vue') },
      { path: 'audit-log', name: 'admin-audit-log', component: () => import('./AuditLogView.vue') },
    ],
  },
];
