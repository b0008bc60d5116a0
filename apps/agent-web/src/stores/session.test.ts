import type { SessionDto } from '@parley/protocol';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { http } from '../api/http';
import { usePreferencesStore } from './preferences';
import { useSessionStore } from './session';

const session = (locale: SessionDto['agent']['locale']): SessionDto => ({
  agent: { id: 7, name: 'Līga', email: 'liga@parley.test', role: 'agent', active: true, locale, availability: 'online', departmentIds: [], maxConcurrentChats: 3,
    emailNotifications: { newTicketInMyDepartment: false, assignedToMe: true, customerReplyOnMyTicket: true }, invitationPending: false, createdAt: '', updatedAt: '' },
  csrfToken: 'csrf-7',
  outgoingEmail: true,
  departmentsWithoutOutgoingEmail: [],
});

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

describe('session store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    usePreferencesStore().setLocale('en');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    http.csrfToken = null;
  });

  it('treats a 401 from GET /auth/session as signed out, and keeps the browser\'s language for a restored session', async () => {
    vi.stubGlobal('fetch', async () => json(401, { error: { code: 'auth/required', message: 'Sign in.' } }));
    const store = useSessionStore();
    await store.load();
    expect(store).toMatchObject({ loaded: true, agent: null, csrfToken: null });

    vi.stubGlobal('fetch', async () => json(200, session('lv')));
    await store.load();
    expect(store.agent?.name).toBe('Līga');
    expect(usePreferencesStore().locale).toBe('en');
  });

  it('switches to the agent\'s language on sign-in and sends the CSRF token on sign-out', async () => {
    const calls: { url: string; init: RequestInit | undefined }[] = [];
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      calls.push({ url, init });
      return url.endsWith('/sign-in') ? json(200, session('uk')) : json(200, { ok: true });
    });
    const store = useSessionStore();
    await store.signIn({ email: 'liga@parley.test', password: 'liga password' });
    expect(usePreferencesStore().locale).toBe('uk');
    expect(store.csrfToken).toBe('csrf-7');

    await store.signOut();
    const signOut = calls.find((c) => c.url === '/api/v1/auth/sign-out');
    expect(signOut!.init!.headers).toMatchObject({ 'x-csrf-token': 'csrf-7' });
    expect(store.agent).toBeNull();
    expect(http.csrfToken).toBeNull();
  });

  it('keeps a language picked on the sign-in page and saves it as the agent\'s own', async () => {
    const calls: { url: string; init: RequestInit | undefined }[] = [];
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      calls.push({ url, init });
      if (url.endsWith('/sign-in')) return json(200, session('uk'));
      return json(200, { ...session('bg').agent });
    });
    usePreferencesStore().setLocale('bg', { chosen: true });
    const store = useSessionStore();
    await store.signIn({ email: 'liga@parley.test', password: 'liga password' });
    expect(usePreferencesStore().locale).toBe('bg');
    await vi.waitFor(() => expect(store.agent?.locale).toBe('bg'));
    expect(calls[1]).toMatchObject({ url: '/api/v1/me', init: { method: 'PATCH', body: JSON.stringify({ locale: 'bg' }) } });
  });

  it('holds a two-factor challenge without a session, and signs in with the code', async () => {
    const calls: { url: string; body: unknown }[] = [];
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      calls.push({ url, body: init?.body ? JSON.parse(String(init.body)) : null });
      if (url.endsWith('/sign-in')) return json(200, { twoFactorRequired: true, pendingToken: 'pending_abc', expiresAt: '2026-12-03T08:05:00.000Z' });
      if (url.endsWith('/sign-in/two-factor')) return json(200, session('uk'));
      return json(200, { enabled: true, required: false, enrolmentRequired: false, recoveryCodesLeft: 10 });
    });
    const store = useSessionStore();
    await store.signIn({ email: 'liga@parley.test', password: 'liga password' });
    expect(store.agent).toBeNull();
    expect(store.pendingTwoFactor?.pendingToken).toBe('pending_abc');
    await store.completeTwoFactor('123456');
    expect(calls.find((c) => c.url.endsWith('/sign-in/two-factor'))!.body).toEqual({ pendingToken: 'pending_abc', code: '123456' });
    expect(store.agent?.locale).toBe('uk');
    expect(store.pendingTwoFactor).toBeNull();
    expect(store.twoFactor?.enabled).toBe(true);
  });

  it('refuses a wrong password with the server\'s code and stays signed out', async () => {
    vi.stubGlobal('fetch', async () => json(401, { error: { code: 'auth/invalid_credentials', message: 'Wrong.' } }));
    const store = useSessionStore();
    await expect(store.signIn({ email: 'a@b.co', password: 'nope' })).rejects.toMatchObject({ status: 401, code: 'auth/invalid_credentials' });
    expect(store.agent).toBeNull();
  });
});
