/**
 * The key of a satisfaction survey, as the customer's link and the widget carry it:
 * `pcs1.<surveyId, base 36>.<signature>` (HMAC-SHA256 by the server, with a key of its own). It needs no
 * sign-in: whoever holds it may rate that one survey, once. A forged or altered one is refused before the
 * database is asked; the survey's row says whether it was used and until when it holds.
 */
export const RATING_TOKEN_VERSION = 'pcs1';

const ID = /^[0-9a-z]{1,12}$/;
const SIGNATURE = /^[A-Za-z0-9_-]{20,100}$/;

/** The text the server signs: everything but the signature. */
export function ratingTokenPayload(surveyId: number): string {
  if (!Number.isSafeInteger(surveyId) || surveyId <= 0) throw new RangeError('surveyId: not an id');
  return `${RATING_TOKEN_VERSION}.${surveyId.toString(36)}`;
}

export function formatRatingToken(surveyId: number, signature: string): string {
  if (!SIGNATURE.test(signature)) throw new RangeError('signature: not base64url');
  return `${ratingTokenPayload(surveyId)}.${signature}`;
}

/**
 * The survey a token names when it is well formed and signed by the server (`signatureMatches` compares in
 * constant time); null for anything else.
 */
export function verifiedRatingToken(token: string | null | undefined, signatureMatches: (payload: string, signature: string) => boolean): number | null {
  if (!token || token.length > 200) return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [version, id, signature] = parts as [string, string, string];
  if (version !== RATING_TOKEN_VERSION || !ID.test(id) || !SIGNATURE.test(signature)) return null;
  const surveyId = Number.parseInt(id, 36);
  // Only the one spelling the server writes, so a token has exactly one form.
  if (!Number.isSafeInteger(surveyId) || surveyId <= 0 || surveyId.toString(36) !== id) return null;
  return signatureMatches(ratingTokenPayload(surveyId), signature) ? surveyId : null;
}
