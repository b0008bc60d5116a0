// @vitest-environment happy-dom
import type { AgentDto } from '@parley/protocol';
import { createPinia } from 'pinia';
import { createApp, nextTick } from 'vue';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { createAppI18n } from '../../i18n';
import { usePreferencesStore } from '../../stores/preferences';
import { useSessionStore } from '../../stores/session';
import AccountView from './AccountView.vue';

const agent: AgentDto = {
  id: 7,
  name: 'Līga',
  email: 'liga@parley.test',
  role: 'agent',
  active: true,
  locale: 'lv',
  availability: 'online',
  departmentIds: [1],
  maxConcurrentChats: 3,
  emailNotifications: { newTicketInMyDepartment: false, assignedToMe: true, customerReplyOnMyTicket: true },
  invitationPending: false,
  createdAt: '2026-11-30T00:00:00.000Z',
  updatedAt: '2026-11-30T00:00:00.000Z',
};

async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await Promise.resolve();
    await nextTick();
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

describe('the account\'s notification emails', () => {
  it('shows each switch as the agent set it and saves a change at once', async () => {
    const pinia = createPinia();
    usePreferencesStore(pinia).setLocale('en');
    useSessionStore(pinia).agent = agent;
    const bodies: unknown[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn<typeof fetch>(async (_url, init) => {
        bodies.push(JSON.parse(String(init?.body)));
        const saved = { ...agent, emailNotifications: { ...agent.emailNotifications, newTicketInMyDepartment: true } };
        return new Response(JSON.stringify(saved), { status: 200, headers: { 'content-type': 'application/json' } });
      }),
    );
    const root = document.createElement('div');
    document.body.append(root);
    const app = createApp(AccountView);
    // The page links to the Security page, so it needs a router that knows that route.
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/account/security', name: 'security', component: { template: '<p />' } }] });
    app.use(pinia).use(createAppI18n('en')).use(router);
    app.mount(root);
    await flush();

    const boxes = [...root.querySelectorAll<HTMLLabelElement>('.account__check')];
    expect(boxes.map((label) => label.textContent?.trim())).toEqual(['A ticket is assigned to me', 'A customer replies on my ticket', 'A new ticket arrives in one of my departments']);
    expect(boxes.map((label) => label.querySelector('input')!.checked)).toEqual([true, true, false]);

    const newTickets = boxes[2]!.querySelector('input')!;
    newTickets.checked = true;
    newTickets.dispatchEvent(new Event('change'));
    await flush();
    expect(bodies).toEqual([{ emailNotifications: { newTicketInMyDepartment: true } }]);
    expect(useSessionStore(pinia).agent?.emailNotifications.newTicketInMyDepartment).toBe(true);
    app.unmount();
  });
});
