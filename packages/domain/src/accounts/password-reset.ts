/**
 * Password reset: an emailed (or administrator-issued) one-time link through which an agent chooses a new
 * password. The link is short-lived because, unlike an invitation, it opens an account that already works.
 * Time comes in as an argument.
 */

/** How long a reset link stays valid: one hour. */
export const PASSWORD_RESET_TTL_MS = 3_600_000;

/** When a link issued at `issuedAt` stops working. */
export function passwordResetExpiresAt(issuedAt: Date): Date {
  return new Date(issuedAt.getTime() + PASSWORD_RESET_TTL_MS);
}

export interface ResettableAgent {
  readonly active: boolean;
  /** An invited agent has no password to reset: they use their invitation link. */
  readonly invitationExpiresAt?: Date | null | undefined;
  readonly passwordResetExpiresAt?: Date | null | undefined;
}

/** Whether a reset link may be issued for the agent at all. */
export function mayResetPassword(agent: ResettableAgent): boolean {
  return agent.active && agent.invitationExpiresAt == null;
}

/** Whether the agent's pending reset link can be used now. */
export function canUsePasswordReset(agent: ResettableAgent, now: Date): boolean {
  return mayResetPassword(agent) && agent.passwordResetExpiresAt != null && now.getTime() < agent.passwordResetExpiresAt.getTime();
}
