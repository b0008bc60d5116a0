/**
 * A website visitor's token: `pvt1.<visitorId>.<expiresAt, base 36 ms>.<signature>`. The domain knows its
 * shape and when it is still good; the signature (HMAC-SHA256 with the server's secret) is computed by the
 * server and handed in, so these rules stay pure and testable without crypto.
 */
export const VISITOR_TOKEN_VERSION = 'pvt1';
export const DEFAULT_VISITOR_TOKEN_TTL_DAYS = 30;

/** 128 random bits in base64url make 22 characters; anything of that alphabet and a sane length is accepted. */
const VISITOR_ID = /^[A-Za-z0-9_-]{16,40}$/;
const SIGNATURE = /^[A-Za-z0-9_-]{20,100}$/;
const EXPIRY = /^[0-9a-z]{1,12}$/;

export interface VisitorTokenClaims {
  readonly visitorId: string;
  /** Epoch milliseconds after which the token is refused. */
  readonly expiresAt: number;
}

export function isVisitorId(value: string): boolean {
  return VISITOR_ID.test(value);
}

/** The text the server signs: everything but the signature. */
export function visitorTokenPayload(claims: VisitorTokenClaims): string {
  if (!isVisitorId(claims.visitorId)) throw new RangeError('visitorId: not a visitor id');
  if (!Number.isSafeInteger(claims.expiresAt) || claims.expiresAt <= 0) throw new RangeError('expiresAt: not a time');
  return `${VISITOR_TOKEN_VERSION}.${claims.visitorId}.${claims.expiresAt.toString(36)}`;
}

export function formatVisitorToken(claims: VisitorTokenClaims, signature: string): string {
  if (!SIGNATURE.test(signature)) throw new RangeError('signature: not base64url');
  return `${visitorTokenPayload(claims)}.${signature}`;
}

/** Splits a token into its claims, the signed text and the signature; null when it is not one. */
export function parseVisitorToken(token: string): { claims: VisitorTokenClaims; payload: string; signature: string } | null {
  if (token.length > 200) return null;
  const parts = token.split('.');
  if (parts.length !== 4) return null;
  const [version, visitorId, expiry, signature] = parts as [string, string, string, string];
  if (version !== VISITOR_TOKEN_VERSION || !isVisitorId(visitorId) || !EXPIRY.test(expiry) || !SIGNATURE.test(signature)) return null;
  const expiresAt = Number.parseInt(expiry, 36);
  // Only the one spelling the server writes (no leading zeros), so a token has exactly one form.
  if (!Number.isSafeInteger(expiresAt) || expiresAt <= 0 || expiresAt.toString(36) !== expiry) return null;
  const claims = { visitorId, expiresAt };
  return { claims, payload: visitorTokenPayload(claims), signature };
}

export function visitorTokenExpiry(now: Date, ttlMs: number): number {
  return now.getTime() + ttlMs;
}

/**
 * The visitor a token names, when it is well formed, its signature is the server's (`signatureMatches`
 * compares in constant time) and it has not expired at `now`; null otherwise, whatever the reason.
 */
export function verifyVisitorToken(
  token: string,
  now: Date,
  signatureMatches: (payload: string, signature: string) => boolean,
): VisitorTokenClaims | null {
  const parsed = parseVisitorToken(token);
  if (!parsed) return null;
  if (!signatureMatches(parsed.payload, parsed.signature)) return null;
  if (parsed.claims.expiresAt <= now.getTime()) return null;
  return parsed.claims;
}
