/**
 * A known device: a browser where an agent signed in successfully before. It carries a long-lived cookie
 * `pkd1.<agentId, base 36>.<expiresAt, base 36 ms>.<signature>` (HMAC-SHA256 by the server), bound to that
 * account. It never replaces the password; it only lets its owner past the account-wide sign-in limit, so
 * strangers guessing from many addresses cannot lock the owner out.
 */
export const KNOWN_DEVICE_VERSION = 'pkd1';
export const KNOWN_DEVICE_TTL_DAYS = 365;

const ID = /^[0-9a-z]{1,12}$/;
const SIGNATURE = /^[A-Za-z0-9_-]{20,100}$/;

export interface KnownDeviceClaims {
  readonly agentId: number;
  /** Epoch milliseconds after which the cookie no longer counts. */
  readonly expiresAt: number;
}

/** The text the server signs: everything but the signature. */
export function knownDevicePayload(claims: KnownDeviceClaims): string {
  if (!Number.isSafeInteger(claims.agentId) || claims.agentId <= 0) throw new RangeError('agentId: not an id');
  if (!Number.isSafeInteger(claims.expiresAt) || claims.expiresAt <= 0) throw new RangeError('expiresAt: not a time');
  return `${KNOWN_DEVICE_VERSION}.${claims.agentId.toString(36)}.${claims.expiresAt.toString(36)}`;
}

export function formatKnownDevice(claims: KnownDeviceClaims, signature: string): string {
  if (!SIGNATURE.test(signature)) throw new RangeError('signature: not base64url');
  return `${knownDevicePayload(claims)}.${signature}`;
}

/**
 * Whether the cookie is well formed, signed by the server (`signatureMatches` compares in constant time),
 * not expired at `now`, and bound to this very account. Anything else is simply not a known device.
 */
export function isKnownDeviceOf(cookie: string | null | undefined, agentId: number, now: Date, signatureMatches: (payload: string, signature: string) => boolean): boolean {
  if (!cookie || cookie.length > 200) return false;
  const parts = cookie.split('.');
  if (parts.length !== 4) return false;
  const [version, id, expiry, signature] = parts as [string, string, string, string];
  if (version !== KNOWN_DEVICE_VERSION || !ID.test(id) || !ID.test(expiry) || !SIGNATURE.test(signature)) return false;
  const claims = { agentId: Number.parseInt(id, 36), expiresAt: Number.parseInt(expiry, 36) };
  // Only the one spelling the server writes, so a cookie has exactly one form.
  if (claims.agentId.toString(36) !== id || claims.expiresAt.toString(36) !== expiry) return false;
  if (claims.agentId !== agentId || claims.expiresAt <= now.getTime()) return false;
  return signatureMatches(knownDevicePayload(claims), signature);
}
