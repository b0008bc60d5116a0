// @vitest-environment happy-dom
import type { AcceptInvitationRequest, SessionDto } from '@parley/protocol';
import { createPinia } from 'pinia';
import { createApp, h, nextTick } from 'vue';
import { createMemoryHistory, createRouter, type Router, RouterView } from 'vue-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAppI18n } from '../i18n';
import { usePreferencesStore } from '../stores/preferences';
import { useSessionStore } from '../stores/session';
import InviteView from './InviteView.vue';

const TOKEN = 'invite_0123456789abcdefghijklmnop';

const session: SessionDto = {
  agent: {
    id: 4,
    name: 'Līga Ozola',
    email: 'liga@parley.test',
    role: 'agent',
    active: true,
    locale: 'en',
    availability: 'online',
    departmentIds: [1],
    maxConcurrentChats: 3,
    emailNotifications: { newTicketInMyDepartment: false, assignedToMe: true, customerReplyOnMyTicket: true },
    invitationPending: false,
    createdAt: '2026-11-22T00:00:00.000Z',
    updatedAt: '2026-11-22T00:00:00.000Z',
  },
  csrfToken: 'csrf-inv',
  outgoingEmail: true,
  departmentsWithoutOutgoingEmail: [],
};

interface Mounted {
  root: HTMLElement;
  router: Router;
  pinia: ReturnType<typeof createPinia>;
  unmount: () => void;
}

/** InviteView in the app's real i18n, Pinia and a memory router, mounted into happy-dom's document. */
async function mountInvite(query = `?token=${TOKEN}`): Promise<Mounted> {
  const pinia = createPinia();
  usePreferencesStore(pinia).setLocale('en');
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/invite', name: 'invite', component: InviteView },
      { path: '/', name: 'home', component: { render: () => h('p', { class: 'home' }, 'home') } },
      { path: '/sign-in', name: 'sign-in', component: { render: () => h('p', 'sign-in') } },
    ],
  });
  await router.push(`/invite${query}`);
  const root = document.createElement('div');
  document.body.append(root);
  const app = createApp({ render: () => h(RouterView) });
  app.use(pinia).use(createAppI18n('en')).use(router);
  app.mount(root);
  await router.isReady();
  await flush();
  return {
    root,
    router,
    pinia,
    unmount: () => {
      app.unmount();
      root.remove();
    },
  };
}

async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await Promise.resolve();
    await nextTick();
  }
}

function field(root: HTMLElement, label: string): HTMLInputElement {
  const found = [...root.querySelectorAll('label')].find((l) => l.textContent?.trim() === label);
  const input = found?.querySelector('input');
  if (!input) throw new Error(`no input labelled "${label}"`);
  return input;
}

function type(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input'));
}

const alertText = (root: HTMLElement) => root.querySelector('[role="alert"]')?.textContent?.trim() ?? '';

async function submit(root: HTMLElement): Promise<void> {
  root.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
  await flush();
}

function fill(root: HTMLElement, password: string, repeat = password): void {
  type(field(root, 'Password (at least 10 characters)'), password);
  type(field(root, 'Repeat the password'), repeat);
}

describe('InviteView', () => {
  let mounted: Mounted | undefined;
  afterEach(() => {
    mounted?.unmount();
    mounted = undefined;
    vi.unstubAllGlobals();
  });

  it('asks for the password twice, with at least 10 characters, before asking the server', async () => {
    const fetchStub = vi.fn<typeof fetch>();
    vi.stubGlobal('fetch', fetchStub);
    mounted = await mountInvite();
    const { root } = mounted;
    expect(root.querySelector('h1, h2')?.textContent).toContain('Accept your invitation');
    fill(root, 'my own password', 'my own passworD');
    await submit(root);
    expect(alertText(root)).toBe('The two passwords are not the same.');
    fill(root, 'short');
    await submit(root);
    expect(alertText(root)).toBe('The password needs at least 10 characters.');
    expect(fetchStub).not.toHaveBeenCalled();
  });

  it('accepts with the link\'s token, signs in and goes home', async () => {
    const fetchStub = vi.fn<typeof fetch>(async () => new Response(JSON.stringify(session), { status: 200, headers: { 'content-type': 'application/json' } }));
    vi.stubGlobal('fetch', fetchStub);
    mounted = await mountInvite();
    const { root, router, pinia } = mounted;
    fill(root, 'my own password');
    await submit(root);
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('home'));
    const [url, init] = fetchStub.mock.calls[0]!;
    expect(url).toBe('/api/v1/auth/accept-invitation');
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual({ token: TOKEN, password: 'my own password' } satisfies AcceptInvitationRequest);
    const store = useSessionStore(pinia);
    expect(store.agent?.email).toBe('liga@parley.test');
    expect(store.csrfToken).toBe('csrf-inv');
  });

  it('shows a used or expired link\'s refusal in the agent\'s language', async () => {
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ error: { code: 'auth/invitation_invalid', message: 'x' } }), { status: 403 }));
    mounted = await mountInvite();
    fill(mounted.root, 'my own password');
    await submit(mounted.root);
    await vi.waitFor(() => expect(alertText(mounted!.root)).toBe('This invitation link is invalid, expired or was already used. Ask an administrator for a new one.'));
    expect(mounted.router.currentRoute.value.name).toBe('invite');
  });

  it('says at once when the page was opened without the link', async () => {
    vi.stubGlobal('fetch', vi.fn());
    mounted = await mountInvite('');
    expect(alertText(mounted.root)).toBe('This page needs the invitation link an administrator gave you.');
  });
});
