// @vitest-environment happy-dom
import type { SessionDto, SetupRequest } from '@parley/protocol';
import { createPinia } from 'pinia';
import { createApp, h, nextTick } from 'vue';
import { createMemoryHistory, createRouter, type Router, RouterView } from 'vue-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAppI18n } from '../i18n';
import { usePreferencesStore } from '../stores/preferences';
import { useSessionStore } from '../stores/session';
import SetupView from './SetupView.vue';

const TOKEN = 'setup_0123456789abcdefghijklmnop';

const session: SessionDto = {
  agent: {
    id: 1,
    name: 'Anna Admin',
    email: 'anna@parley.test',
    role: 'administrator',
    active: true,
    locale: 'en',
    availability: 'online', departmentIds: [], maxConcurrentChats: 3,
    emailNotifications: { newTicketInMyDepartment: false, assignedToMe: true, customerReplyOnMyTicket: true }, invitationPending: false,
    createdAt: '2026-11-22T00:00:00.000Z',
    updatedAt: '2026-11-22T00:00:00.000Z',
  },
  csrfToken: 'csrf-abc',
  outgoingEmail: true,
  departmentsWithoutOutgoingEmail: [],
};

interface Mounted {
  root: HTMLElement;
  router: Router;
  pinia: ReturnType<typeof createPinia>;
  unmount: () => void;
}

/** SetupView in the app's real i18n, Pinia and a memory router, mounted into happy-dom's document. */
async function mountSetup(query = `?token=${TOKEN}`): Promise<Mounted> {
  const pinia = createPinia();
  usePreferencesStore(pinia).setLocale('en');
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/setup', name: 'setup', component: SetupView },
      { path: '/', name: 'home', component: { render: () => h('p', { class: 'home' }, 'home') } },
      { path: '/sign-in', name: 'sign-in', component: { render: () => h('p', 'sign-in') } },
    ],
  });
  await router.push(`/setup${query}`);
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

/** The input a visible label is bound to, found the way a person finds it: by the label's text. */
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

function alertText(root: HTMLElement): string {
  return root.querySelector('[role="alert"]')?.textContent?.trim() ?? '';
}

async function submit(root: HTMLElement): Promise<void> {
  root.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
  await flush();
}

function fill(root: HTMLElement, repeat: string): void {
  type(field(root, 'Your name'), '  Anna Admin ');
  type(field(root, 'Email'), 'anna@parley.test');
  type(field(root, 'Password (at least 10 characters)'), 'correct horse battery');
  type(field(root, 'Repeat the password'), repeat);
}

describe('SetupView', () => {
  let mounted: Mounted | undefined;
  afterEach(() => {
    mounted?.unmount();
    mounted = undefined;
    vi.unstubAllGlobals();
  });

  it('refuses two different passwords without asking the server, in a live region', async () => {
    const fetchStub = vi.fn<typeof fetch>();
    vi.stubGlobal('fetch', fetchStub);
    mounted = await mountSetup();
    const { root } = mounted;
    expect(alertText(root)).toBe('');
    expect(root.querySelector('[role="alert"]')?.getAttribute('aria-live')).toBe('assertive');

    fill(root, 'correct horse batterY');
    await submit(root);
    expect(alertText(root)).toBe('The two passwords are not the same.');

    type(field(root, 'Password (at least 10 characters)'), 'short');
    type(field(root, 'Repeat the password'), 'short');
    await submit(root);
    expect(alertText(root)).toBe('The password needs at least 10 characters.');
    expect(fetchStub).not.toHaveBeenCalled();
  });

  it('creates the administrator with the link\'s token and the chosen language, then goes home', async () => {
    const fetchStub = vi.fn<typeof fetch>(async () => new Response(JSON.stringify(session), { status: 201, headers: { 'content-type': 'application/json' } }));
    vi.stubGlobal('fetch', fetchStub);
    mounted = await mountSetup();
    const { root, router, pinia } = mounted;

    fill(root, 'correct horse battery');
    await submit(root);

    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('home'));
    expect(fetchStub).toHaveBeenCalledTimes(1);
    const [url, init] = fetchStub.mock.calls[0]!;
    expect(url).toBe('/api/v1/auth/setup');
    expect(init?.method).toBe('POST');
    expect(init?.credentials).toBe('same-origin');
    expect(JSON.parse(String(init?.body))).toEqual({
      token: TOKEN,
      name: 'Anna Admin',
      email: 'anna@parley.test',
      password: 'correct horse battery',
      locale: 'en',
    } satisfies SetupRequest);
    expect(root.querySelector('.home')).not.toBeNull();
    const store = useSessionStore(pinia);
    expect(store.agent?.name).toBe('Anna Admin');
    expect(store.csrfToken).toBe('csrf-abc');
  });

  it('shows the server\'s refusal in the agent\'s language', async () => {
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ error: { code: 'auth/setup_token_invalid', message: 'Invalid setup token.' } }), { status: 403 }));
    mounted = await mountSetup();
    fill(mounted.root, 'correct horse battery');
    await submit(mounted.root);
    await vi.waitFor(() => expect(alertText(mounted!.root)).toBe('This setup link is invalid or was already used.'));
    expect(mounted.router.currentRoute.value.name).toBe('setup');
  });

  it('says at once when the page was opened without the one-time link', async () => {
    vi.stubGlobal('fetch', vi.fn());
    mounted = await mountSetup('');
    expect(alertText(mounted.root)).toBe('This page needs the one-time link Parley printed when it first started.');
  });
});
