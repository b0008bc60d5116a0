import { computed, type ComputedRef } from 'vue';
import { useRoute } from 'vue-router';
import { FormProblem } from './use-error-message';

/** The server's rule for new passwords (SetupRequest, AcceptInvitationRequest, ChangePasswordRequest in @parley/protocol). */
export const MIN_PASSWORD_LENGTH = 10;

/** What is wrong with a new password typed twice, named by the screen's own message keys; null when nothing. */
export function passwordChoiceProblem(password: string, repeat: string, keys: { tooShort: string; mismatch: string }): FormProblem | null {
  if (password.length < MIN_PASSWORD_LENGTH) return new FormProblem(keys.tooShort, { count: MIN_PASSWORD_LENGTH });
  if (password !== repeat) return new FormProblem(keys.mismatch);
  return null;
}

/** The one-time token a printed or sent link carries in `?token=`. */
export function useLinkToken(): ComputedRef<string> {
  const route = useRoute();
  return computed(() => (typeof route.query.token === 'string' ? route.query.token.trim() : ''));
}
