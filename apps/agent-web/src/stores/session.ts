import type { AgentDto, SessionDto, SetupRequest, SignInRequest } from '@parley/protocol';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { ApiError, http } from '../api/http';

/** Who is signed in. The session itself is an httpOnly cookie; this store keeps the agent and the CSRF token. */
export const useSessionStore = defineStore('session', () => {
  const agent = ref<AgentDto | null>(null);
  const loaded = ref(false);

  function adopt(session: SessionDto | null): void {
    agent.value = session?.agent ?? null;
    http.csrfToken = session?.csrfToken ?? null;
  }

  async function load(): Promise<void> {
    try {
      adopt(await http.request<SessionDto>('GET', '/auth/session'));
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      adopt(null);
    } finally {
      loaded.value = true;
    }
  }

  async function signIn(credentials: SignInRequest): Promise<void> {
    adopt(await http.request<SessionDto>('POST', '/auth/sign-in', credentials));
  }

  async function setup(request: SetupRequest): Promise<void> {
    adopt(await http.request<SessionDto>('POST', '/auth/setup', request));
  }

  async function signOut(): Promise<void> {
    await http.request('POST', '/auth/sign-out');
    adopt(null);
  }

  return { agent, loaded, load, signIn, setup, signOut };
});
