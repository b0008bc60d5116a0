import type { AgentDto, ErrorResponse } from '@parley/protocol';
import { createPinia } from 'pinia';
import { createApp, h, nextTick } from 'vue';
import { createMemoryHistory, createRouter, type Router, RouterView } from 'vue-router';
import { vi } from 'vitest';
import { createAppI18n } from '../../i18n';
import { usePreferencesStore } from '../../stores/preferences';
import { useSessionStore } from '../../stores/session';
import { adminRoutes } from './routes';

/**
 * For the administration screens' component tests: the real admin routes in a memory router, the app's
 * i18n and Pinia, and `fetch` answered by a small in-test server (method + path → handler).
 */

export interface Call {
  method: string;
  path: string;
  body: unknown;
}

type Handler = (call: Call) => { status?: number; body: unknown } | Promise<{ status?: number; body: unknown }>;

export interface FakeApi {
  calls: Call[];
  /** Answers `METHOD /path` (the path without /api/v1 and without the query string, unless the key has one). */
  on(route: string, handler: Handler | { status?: number; body: unknown }): FakeApi;
  fetch: typeof fetch;
}

export function fakeApi(): FakeApi {
  const handlers = new Map<string, Handler>();
  const calls: Call[] = [];
  const api: FakeApi = {
    calls,
    on(route, handler) {
      handlers.set(route, typeof handler === 'function' ? handler : () => handler);
      return api;
    },
    fetch: vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input).replace(/^\/api\/v1/, '');
      const method = init?.method ?? 'GET';
      const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
      const call = { method, path: url, body };
      calls.push(call);
      const handler = handlers.get(`${method} ${url}`) ?? handlers.get(`${method} ${url.split('?')[0]}`);
      const missing: ErrorResponse = { error: { code: 'resource/not_found', message: `No handler for ${method} ${url}` } };
      if (!handler) return new Response(JSON.stringify(missing), { status: 404 });
      const answer = await handler(call);
      return new Response(JSON.stringify(answer.body), { status: answer.status ?? 200, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch,
  };
  return api;
}

export function refusal(status: number, code: string): { status: number; body: ErrorResponse } {
  return { status, body: { error: { code, message: `refused: ${code}` } } };
}

export const administrator: AgentDto = {
  id: 1,
  name: 'Anna Admin',
  email: 'anna@parley.test',
  role: 'administrator',
  active: true,
  locale: 'en',
  availability: 'online',
  departmentIds: [1],
  maxConcurrentChats: 3,
    emailNotifications: { newTicketInMyDepartment: false, assignedToMe: true, customerReplyOnMyTicket: true },
  invitationPending: false,
  createdAt: '2026-11-01T09:00:00.000Z',
  updatedAt: '2026-11-01T09:00:00.000Z',
};

export interface Mounted {
  root: HTMLElement;
  router: Router;
  unmount(): void;
}

/** Mounts the admin screen at `path` (e.g. `/admin/agents`) as `administrator`, signed in, in English. */
export async function mountAdminView(path: string, api: FakeApi): Promise<Mounted> {
  vi.stubGlobal('fetch', api.fetch);
  const pinia = createPinia();
  usePreferencesStore(pinia).setLocale('en');
  const session = useSessionStore(pinia);
  session.agent = administrator;
  session.loaded = true;
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/admin', children: adminRoutes },
      { path: '/tickets', name: 'tickets', component: { render: () => h('p', { class: 'tickets' }, 'tickets') } },
    ],
  });
  await router.push(path);
  const root = document.createElement('div');
  document.body.append(root);
  const app = createApp({ render: () => h(RouterView) });
  app.use(pinia).use(createAppI18n('en')).use(router);
  app.mount(root);
  await router.isReady();
  await settle();
  return {
    root,
    router,
    unmount() {
      app.unmount();
      root.remove();
      vi.unstubAllGlobals();
    },
  };
}

/** Lets pending fetches, promise chains and Vue's rendering finish. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await nextTick();
  }
}

/** The control a visible label names, found the way a person finds it: by the label's own text. */
export function control<T extends HTMLElement = HTMLInputElement>(within: ParentNode, label: string): T {
  const found = [...within.querySelectorAll('label')].find((l) => (l.firstChild?.textContent ?? '').trim() === label);
  const target = found?.querySelector('input, select, textarea');
  if (!target) throw new Error(`no control labelled "${label}"`);
  return target as T;
}

export function type(input: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input'));
}

export function choose(select: HTMLSelectElement | HTMLInputElement, value?: string): void {
  if (select instanceof HTMLSelectElement) {
    select.value = value ?? '';
  } else {
    select.checked = !select.checked || select.type === 'radio';
  }
  select.dispatchEvent(new Event('change'));
}

export function button(within: ParentNode, text: string): HTMLButtonElement {
  const found = [...within.querySelectorAll('button')].find((b) => b.textContent?.trim() === text);
  if (!found) throw new Error(`no button "${text}"`);
  return found;
}

export async function click(target: HTMLElement): Promise<void> {
  target.click();
  await settle();
}

export async function submit(form: HTMLFormElement): Promise<void> {
  form.dispatchEvent(new Event('submit', { cancelable: true }));
  await settle();
}

/** The open dialog (there is at most one). */
export function openDialog(root: ParentNode): HTMLDialogElement {
  const dialog = [...root.querySelectorAll('dialog')].find((d) => d.open);
  if (!dialog) throw new Error('no open dialog');
  return dialog;
}

/** The text a person reads in an element: its text pieces (cells, buttons, badges) separated by spaces. */
export function textOf(element: Element | null | undefined): string {
  if (!element) return '';
  const pieces: string[] = [];
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) pieces.push(node.textContent ?? '');
  return pieces.join(' ').replace(/\s+/g, ' ').trim();
}
