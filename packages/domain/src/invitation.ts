/**
 * Agent invitations: an administrator adds an agent without a password and hands over a one-time link; the
 * agent chooses their own password through it. Time comes in as an argument.
 */

/** How long an invitation link stays valid unless configured otherwise (INVITATION_TTL_HOURS): seven days. */
export const DEFAULT_INVITATION_TTL_HOURS = 24 * 7;

/** When a link issued at `issuedAt` stops working. */
export function invitationExpiresAt(issuedAt: Date, ttlHours: number): Date {
  return new Date(issuedAt.getTime() + ttlHours * 3_600_000);
}

export interface InvitationState {
  readonly active: boolean;
  /** Null once the invitation was accepted (or for an agent who never had one). */
  readonly invitationExpiresAt?: Date | null | undefined;
}

/** Whether an agent still waits to accept an invitation (a lapsed link leaves them waiting for a new one). */
export function isInvitationPending(agent: InvitationState): boolean {
  return agent.invitationExpiresAt != null;
}

/** Whether the invitation can be accepted now: still pending, not lapsed, and the agent not deactivated. */
export function canAcceptInvitation(agent: InvitationState, now: Date): boolean {
  return agent.active && agent.invitationExpiresAt != null && now.getTime() < agent.invitationExpiresAt.getTime();
}
