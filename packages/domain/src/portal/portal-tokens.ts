/**
 * The portal's signed tokens, made the way survey tokens are (`pcs1.<id>.<signature>`, see
 * satisfaction/rating-token.ts): a version, a row's id in base 36 and an HMAC-SHA256 signature the server
 * computes with a key of its own for each kind, so a token of one kind never passes for another. The domain
 * knows the shapes; the signature is handed in, so these rules stay pure.
 *
 * - `pps1.<signInId>.<sig>`: a sign-in link's key. Its row says whose it is, until when it holds and whether
 *   it was used; it signs in once.
 * - `ppt1.<ticketId>.<sig>`: the portal link of one ticket, as our letters carry it. It opens nothing by
 *   itself: it names the ticket to show once the customer is signed in, and a forged or altered one names none.
 */
export const PORTAL_SIGN_IN_TOKEN_VERSION = 'pps1';
export const PORTAL_TICKET_LINK_VERSION = 'ppt1';

const ID = /^[0-9a-z]{1,12}$/;
const SIGNATURE = /^[A-Za-z0-9_-]{20,100}$/;

export type PortalTokenVersion = typeof PORTAL_SIGN_IN_TOKEN_VERSION | typeof PORTAL_TICKET_LINK_VERSION;

/** The text the server signs: everything but the signature. */
export function portalTokenPayload(version: PortalTokenVersion, id: number): string {
  if (!Number.isSafeInteger(id) || id <= 0) throw new RangeError('id: not an id');
  return `${version}.${id.toString(36)}`;
}

export function formatPortalToken(version: PortalTokenVersion, id: number, signature: string): string {
  if (!SIGNATURE.test(signature)) throw new RangeError('signature: not base64url');
  return `${portalTokenPayload(version, id)}.${signature}`;
}

/**
 * The id a token of `version` names when it is well formed and signed by the server (`signatureMatches`
 * compares in constant time); null for anything else, whatever the reason.
 */
export function verifiedPortalToken(
  version: PortalTokenVersion,
  token: string | null | undefined,
  signatureMatches: (payload: string, signature: string) => boolean,
): number | null {
  if (!token || token.length > 200) return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [given, id, signature] = parts as [string, string, string];
  if (given !== version || !ID.test(id) || !SIGNATURE.test(signature)) return null;
  const value = Number.parseInt(id, 36);
  // Only the one spelling the server writes, so a token has exactly one form.
  if (!Number.isSafeInteger(value) || value <= 0 || value.toString(36) !== id) return null;
  return signatureMatches(portalTokenPayload(version, value), signature) ? value : null;
}
