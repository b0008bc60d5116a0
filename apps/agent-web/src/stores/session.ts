import type { AgentAvailability } from '@parley/domain';
import type { AcceptInvitationRequest, Api, ResponseOf, RequestPasswordResetRequest, ResetPasswordRequest, TwoFactorChallenge, TwoFactorStatus, AgentDto, ChangePasswordRequest, Locale, SessionDto, SetupRequest, SignInRequest, UpdateMeRequest } from '@parley/protocol';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { ApiError, http } from '../api/http';
import { isLocale } from '../i18n/locale';
import { usePreferencesStore } from './preferences';

/** Who is signed in. The session itself is an httpOnly cookie; this store keeps the agent and the CSRF token. */
export const useSessionStore = defineStore('session', () => {
  const preferences = usePreferencesStore();
  const agent = ref<AgentDto | null>(null);
  const csrfToken = ref<string | null>(null);
  const loaded = ref(false);
  /** Whether letters can go out at all; without it emailed replies wait for a mail server (administrators are told). */
  const outgoingEmail = ref(true);
  /** Departments whose replies wait while others' go out (no mailbox of theirs sends, no MAIL_FROM). */
  const departmentsWithoutOutgoingEmail = ref<number[]>([]);
  /** Between a right password and the code: the short-lived token the code is sent with (no session yet). */
  const pendingTwoFactor = ref<TwoFactorChallenge | null>(null);
  /** The agent's two-factor state; `enrolmentRequired` sends them to the Security page before anything else. */
  const twoFactor = ref<TwoFactorStatus | null>(null);

  function adopt(session: SessionDto | null): void {
    agent.value = session?.agent ?? null;
    if (!session) twoFactor.value = null;
    csrfToken.value = session?.csrfToken ?? null;
    outgoingEmail.value = session?.outgoingEmail ?? true;
    departmentsWithoutOutgoingEmail.value = session?.departmentsWithoutOutgoingEmail ?? [];
    // The client sends it as X-CSRF-Token on every write of this session.
    http.csrfToken = csrfToken.value;
    loaded.value = true;
  }

  /**
   * Signing in brings the agent's own interface language along, unless they picked one on the sign-in page:
   * then that choice becomes their own (a restored session keeps this browser's language).
   */
  function signedIn(session: SessionDto): void {
    pendingTwoFactor.value = null;
    adopt(session);
    if (preferences.chosenHere) saveLocale(preferences.locale).catch(() => undefined);
    else if (isLocale(session.agent.locale)) preferences.setLocale(session.agent.locale);
  }

  /** The current session, if the cookie still holds one; a 401 means signed out, not a failure. */
  async function load(): Promise<void> {
    try {
      adopt(await http.request<SessionDto>('GET', '/auth/session'));
      await loadTwoFactor();
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      adopt(null);
    } finally {
      loaded.value = true;
    }
  }

  /** Asks again whether email can go out (a mailbox was just saved). */
  async function refreshOutgoingEmail(): Promise<void> {
    const fresh = await http.request<SessionDto>('GET', '/auth/session');
    outgoingEmail.value = fresh.outgoingEmail;
    departmentsWithoutOutgoingEmail.value = fresh.departmentsWithoutOutgoingEmail;
  }

  /** A session, or (for an agent with two-factor sign-in) the challenge the code answers: then `pendingTwoFactor` is set. */
  async function signIn(credentials: SignInRequest): Promise<void> {
    await answered(await http.request<SessionDto | TwoFactorChallenge>('POST', '/auth/sign-in', credentials));
  }

  async function answered(result: SessionDto | TwoFactorChallenge): Promise<void> {
    if ('twoFactorRequired' in result) {
      pendingTwoFactor.value = result;
      return;
    }
    signedIn(result);
    await loadTwoFactor();
  }

  /** The code from the authenticator app (or a recovery code) after the password. */
  async function completeTwoFactor(code: string): Promise<void> {
    if (!pendingTwoFactor.value) return;
    signedIn(await http.request<SessionDto>('POST', '/auth/sign-in/two-factor', { pendingToken: pendingTwoFactor.value.pendingToken, code }));
    await loadTwoFactor();
  }

  /** Back to the password (the pending sign-in lapsed or had too many wrong codes). */
  function cancelTwoFactor(): void {
    pendingTwoFactor.value = null;
  }

  async function loadTwoFactor(): Promise<void> {
    twoFactor.value = agent.value ? await http.request<TwoFactorStatus>('GET', '/auth/two-factor') : null;
  }

  async function setup(request: SetupRequest): Promise<void> {
    signedIn(await http.request<SessionDto>('POST', '/auth/setup', request));
  }

  /** The invited agent chooses their password through the one-time link and is signed in. */
  async function acceptInvitation(request: AcceptInvitationRequest): Promise<void> {
    signedIn(await http.request<SessionDto>('POST', '/auth/accept-invitation', request));
  }

  /** Asks for a reset link by email; the answer is the same whether the address has an account. */
  /** Answers whether the help desk could send the letter at all (the same for every address). */
  async function requestPasswordReset(request: RequestPasswordResetRequest): Promise<ResponseOf<Api['requestPasswordReset']>> {
    return http.request('POST', '/auth/password-reset', request);
  }

  /** A new password through the emailed (or administrator's) link: every other session ends and this one begins. */
  async function resetPassword(request: ResetPasswordRequest): Promise<void> {
    await answered(await http.request<SessionDto | TwoFactorChallenge>('POST', '/auth/reset-password', request));
  }

  /** Keeps the language picked in this browser as the agent's own, so the next sign-in brings it along. */
  async function saveLocale(locale: Locale): Promise<void> {
    if (!agent.value || agent.value.locale === locale) return;
    const body: UpdateMeRequest = { locale };
    agent.value = await http.request<AgentDto>('PATCH', '/me', body);
  }

  /** Online, away or offline by the agent's own choice; colleagues see it live. */
  async function setAvailability(availability: AgentAvailability): Promise<void> {
    if (!agent.value || agent.value.availability === availability) return;
    const body: UpdateMeRequest = { availability };
    agent.value = await http.request<AgentDto>('PATCH', '/me', body);
  }

  /** Switches one kind of notification email on or off. */
  async function setEmailNotification(kind: keyof AgentDto['emailNotifications'], on: boolean): Promise<void> {
    if (!agent.value) return;
    const body: UpdateMeRequest = { emailNotifications: { [kind]: on } };
    agent.value = await http.request<AgentDto>('PATCH', '/me', body);
  }

  async function changePassword(body: ChangePasswordRequest): Promise<void> {
    await http.request('PUT', '/auth/password', body);
  }

  async function signOut(): Promise<void> {
    try {
      await http.request('POST', '/auth/sign-out');
    } catch (error) {
      // A session that already expired is as signed out as it gets.
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
    }
    adopt(null);
  }

  /** Forgets a session the server no longer knows. */
  function forget(): void {
    adopt(null);
  }

  return { agent, csrfToken, loaded, outgoingEmail, departmentsWithoutOutgoingEmail, refreshOutgoingEmail, pendingTwoFactor, twoFactor, loadTwoFactor, completeTwoFactor, cancelTwoFactor, load, forget, signIn, setup, acceptInvitation, requestPasswordReset, resetPassword, saveLocale, setAvailability, setEmailNotification, changePassword, signOut };
});
