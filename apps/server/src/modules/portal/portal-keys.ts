import { createHmac } from 'node:crypto';
import { formatPortalToken, PORTAL_SIGN_IN_TOKEN_VERSION, PORTAL_TICKET_LINK_VERSION, type PortalTokenVersion, portalTokenPayload, verifiedPortalToken } from '@parley/domain';
import { sameSecret } from '../agents/secrets.js';

/**
 * Signs and checks the portal's tokens (the domain's shapes, HMAC-SHA256) and its forms' CSRF tokens, as
 * RatingLinks does for surveys. Each purpose has a key derived from the server's secret for it alone, so a
 * portal token never passes for a survey token, a visitor token or a cookie, nor one kind for another.
 */
export class PortalKeys {
  readonly #signIn: Buffer;
  readonly #ticketLink: Buffer;
  readonly #csrf: Buffer;

  constructor(
    serverSecret: string,
    private readonly publicUrl: string,
  ) {
    const derive = (purpose: string) => createHmac('sha256', serverSecret).update(purpose).digest();
    this.#signIn = derive('parley portal sign-in v1');
    this.#ticketLink = derive('parley portal ticket link v1');
    this.#csrf = derive('parley portal csrf v1');
  }

  #key(version: PortalTokenVersion): Buffer {
    return version === PORTAL_SIGN_IN_TOKEN_VERSION ? this.#signIn : this.#ticketLink;
  }

  #token(version: PortalTokenVersion, id: number): string {
    return formatPortalToken(version, id, createHmac('sha256', this.#key(version)).update(portalTokenPayload(version, id)).digest('base64url'));
  }

  #verify(version: PortalTokenVersion, token: string | null | undefined): number | null {
    return verifiedPortalToken(version, token, (payload, signature) => sameSecret(createHmac('sha256', this.#key(version)).update(payload).digest('base64url'), signature));
  }

  /** The sign-in link a letter carries. */
  signInUrl(signInId: number, locale: string): string {
    return `${this.publicUrl}/portal/sign-in/${encodeURIComponent(this.#token(PORTAL_SIGN_IN_TOKEN_VERSION, signInId))}?lang=${locale}`;
  }

  signInOf(token: string | null | undefined): number | null {
    return this.#verify(PORTAL_SIGN_IN_TOKEN_VERSION, token);
  }

  ticketLinkToken(ticketId: number): string {
    return this.#token(PORTAL_TICKET_LINK_VERSION, ticketId);
  }

  /** A ticket's portal link, as our letters to the customer carry it. */
  ticketUrl(ticketId: number): string {
    return `${this.publicUrl}/portal/t/${encodeURIComponent(this.ticketLinkToken(ticketId))}`;
  }

  ticketOf(token: string | null | undefined): number | null {
    return this.#verify(PORTAL_TICKET_LINK_VERSION, token);
  }

  /**
   * A form's CSRF token: bound to the browser's CSRF cookie and, once signed in, to its session, so a token
   * from before sign-in (or from another session) is refused after it.
   */
  csrfToken(browserKey: string, sessionToken: string | null): string {
    return createHmac('sha256', this.#csrf).update(`${browserKey}|${sessionToken ?? ''}`).digest('base64url');
  }

  csrfMatches(browserKey: string, sessionToken: string | null, given: string): boolean {
    return sameSecret(this.csrfToken(browserKey, sessionToken), given);
  }
}
