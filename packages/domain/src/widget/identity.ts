/**
 * Identity verification: a site that knows its user signs `userId + ":" + email` with the widget's identity
 * secret (HMAC-SHA256, lowercase hex) and passes the result as `data-user-hash`. The server computes the same
 * HMAC and compares in constant time; these rules say what is signed and which contact a chat goes to.
 */

const USER_ID = /^[^\s:][^:]{0,199}$/;
const HEX_SHA256 = /^[0-9a-f]{64}$/;

/** A site's user id: 1–200 characters, no colon (it separates the id from the email in what is signed). */
export function isExternalUserId(value: string): boolean {
  return USER_ID.test(value);
}

/** What the site signs: exactly `userId:email`, both as passed in the embed tag. */
export function identityPayload(userId: string, email: string): string {
  if (!isExternalUserId(userId)) throw new RangeError('userId: 1–200 characters without a colon');
  return `${userId}:${email}`;
}

/** The shape of `data-user-hash`: an HMAC-SHA256 in lowercase hex (uppercase is accepted and lowered). */
export function normaliseIdentityHash(value: string): string | null {
  const lowered = value.trim().toLowerCase();
  return HEX_SHA256.test(lowered) ? lowered : null;
}
