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

export type ChatContactChoice =
  /** The site vouched for this visitor: their chat goes to the known contact. */
  | { readonly kind: 'verified'; readonly contactId: number }
  /** The visitor's own contact (made by an earlier chat of theirs). */
  | { readonly kind: 'own'; readonly contactId: number }
  /** Nobody has this address yet: a new contact with it. */
  | { readonly kind: 'new_with_email' }
  /** No usable address: the visitor's own contact if they have one, else a new contact without an address. */
  | { readonly kind: 'anonymous'; readonly contactId: number | null };

/**
 * Which contact a visitor's new chat belongs to. A typed email is a claim, not a proof: an unverified visitor
 * is never attached to a contact that already exists under that address (whose earlier tickets, and replies by
 * email, belong to someone else); they stay on their own contact and the address is kept as unverified.
 */
export function chooseChatContact(input: {
  readonly verifiedContactId: number | null;
  readonly visitorContactId: number | null;
  readonly email: string | null;
  /** The contact that already has this email, if any. */
  readonly contactIdForEmail: number | null;
}): ChatContactChoice {
  if (input.verifiedContactId !== null) return { kind: 'verified', contactId: input.verifiedContactId };
  if (input.email) {
    if (input.contactIdForEmail === null) return { kind: 'new_with_email' };
    if (input.contactIdForEmail === input.visitorContactId) return { kind: 'own', contactId: input.contactIdForEmail };
  }
  return input.visitorContactId !== null ? { kind: 'own', contactId: input.visitorContactId } : { kind: 'anonymous', contactId: null };
}
