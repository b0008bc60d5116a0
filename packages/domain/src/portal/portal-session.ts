/**
 * How long the portal's proofs hold. A sign-in link is short-lived and single-use (it travels by email and
 * may be read by others later); a session lasts while it is used, up to a ceiling, and ends at sign-out.
 */
export const PORTAL_SIGN_IN_TTL_MS = 15 * 60_000;
/** A session unused this long has ended. */
export const PORTAL_SESSION_IDLE_MS = 7 * 86_400_000;
/** However much it is used, a session ends this long after sign-in: the customer proves their address again. */
export const PORTAL_SESSION_MAX_MS = 30 * 86_400_000;
/** A session's last use is written at most this often, so reading pages does not write on every request. */
export const PORTAL_SESSION_TOUCH_MS = 5 * 60_000;

export type PortalSignInRefusal = 'used' | 'expired';

/** Why a sign-in link no longer signs in, or null while it still does. */
export function portalSignInRefusal(link: { readonly usedAt: Date | null; readonly expiresAt: Date }, now: Date): PortalSignInRefusal | null {
  if (link.usedAt !== null) return 'used';
  return link.expiresAt.getTime() <= now.getTime() ? 'expired' : null;
}

export function portalSignInExpiry(now: Date): Date {
  return new Date(now.getTime() + PORTAL_SIGN_IN_TTL_MS);
}

export interface PortalSessionTimes {
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  readonly endedAt: Date | null;
}

/** The moment a session stops holding: the earlier of its idle limit and its ceiling (or when it was ended). */
export function portalSessionEnd(session: PortalSessionTimes): Date {
  if (session.endedAt !== null) return session.endedAt;
  return new Date(Math.min(session.lastSeenAt.getTime() + PORTAL_SESSION_IDLE_MS, session.createdAt.getTime() + PORTAL_SESSION_MAX_MS));
}

export function isPortalSessionLive(session: PortalSessionTimes, now: Date): boolean {
  return portalSessionEnd(session).getTime() > now.getTime();
}

/** Whether this use should be written down as the session's last (see PORTAL_SESSION_TOUCH_MS). */
export function shouldTouchPortalSession(session: Pick<PortalSessionTimes, 'lastSeenAt'>, now: Date): boolean {
  return now.getTime() - session.lastSeenAt.getTime() >= PORTAL_SESSION_TOUCH_MS;
}

/**
 * Where a sign-in leads: the ticket a letter's link named, else the list. Only a path the portal itself
 * makes, never a URL from the request, so a sign-in can never be made to lead elsewhere.
 */
export function portalLandingPath(ticketId: number | null): string {
  return ticketId !== null && Number.isSafeInteger(ticketId) && ticketId > 0 ? `/portal/tickets/${ticketId}` : '/portal/tickets';
}
