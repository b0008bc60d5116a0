/**
 * Two-factor sign-in with time-based one-time codes (RFC 6238): after the password, a code from the agent's
 * authenticator app or one of their single-use recovery codes. Time comes in as an argument.
 */

export const RECOVERY_CODE_COUNT = 10;
/** How long the step between password and code may take. */
export const PENDING_SIGN_IN_TTL_MS = 5 * 60_000;
/** Wrong codes one pending sign-in may try before it ends and the password is asked again. */
export const MAX_CODE_ATTEMPTS = 5;
/** The installation setting (system_setting key) by which an administrator requires two-factor sign-in of everyone. */
export const REQUIRE_TWO_FACTOR_SETTING = 'require_two_factor';

/** What an agent types from their authenticator app: six digits (spaces, as apps show them, ignored). */
export function totpCodeOf(input: string): string | null {
  const digits = input.replace(/\s+/g, '');
  return /^\d{6}$/.test(digits) ? digits : null;
}

/** A recovery code as stored (hashed): case, spaces and dashes do not matter when typing it. */
export function normalizeRecoveryCode(input: string): string {
  return input.replace(/[\s-]+/g, '').toLowerCase();
}

/** Shown as two groups of five, so it can be read out and typed. */
export function formatRecoveryCode(raw: string): string {
  return `${raw.slice(0, 5)}-${raw.slice(5, 10)}`;
}

/** Whether an agent must enrol before working: the installation requires it and they have none. */
export function mustEnrolTwoFactor(agent: { readonly twoFactorEnabled: boolean }, required: boolean): boolean {
  return required && !agent.twoFactorEnabled;
}

/** Whether a pending sign-in may still take a code. */
export function canCompletePendingSignIn(pending: { readonly expiresAt: Date; readonly attempts: number }, now: Date): boolean {
  return now.getTime() < pending.expiresAt.getTime() && pending.attempts < MAX_CODE_ATTEMPTS;
}
