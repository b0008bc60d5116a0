/**
 * Which contact a customer's message is filed under, for every anonymous way in: the live chat, the widget's
 * offline form and the public web form. A typed email is a claim, not a proof: an unverified sender is never
 * attached to a contact that already exists under that address (whose earlier tickets, and replies by email,
 * belong to someone else). They get a contact of their own, and the address is kept for agents as a claim.
 */
export type CustomerContactChoice =
  /** The site vouched for this visitor (identity verification): the known contact. */
  | { readonly kind: 'verified'; readonly contactId: number }
  /** The sender's own contact (made by an earlier chat of theirs). */
  | { readonly kind: 'own'; readonly contactId: number; readonly claimedEmail: string | null }
  /** Nobody has this address yet: a new contact with it. */
  | { readonly kind: 'new_with_email' }
  /** No usable address: a new contact without one (the typed address, if any, is only a claim). */
  | { readonly kind: 'anonymous'; readonly claimedEmail: string | null };

export interface CustomerContactInput {
  /** The contact the site vouched for, when the sender's identity was verified. */
  readonly verifiedContactId: number | null;
  /** The contact an earlier message of this same sender made (a chat visitor's), if any. */
  readonly senderContactId: number | null;
  /** The address the sender typed, if any. */
  readonly email: string | null;
  /** The contact that already has this email, if any. */
  readonly contactIdForEmail: number | null;
}

export function chooseCustomerContact(input: CustomerContactInput): CustomerContactChoice {
  if (input.verifiedContactId !== null) return { kind: 'verified', contactId: input.verifiedContactId };
  if (input.email && input.contactIdForEmail === null) return { kind: 'new_with_email' };
  if (input.email && input.senderContactId !== null && input.contactIdForEmail === input.senderContactId) return { kind: 'own', contactId: input.senderContactId, claimedEmail: null };
  // Here any typed address belongs to another contact: it is kept as a claim, never linked.
  const claimedEmail = input.email || null;
  return input.senderContactId !== null ? { kind: 'own', contactId: input.senderContactId, claimedEmail } : { kind: 'anonymous', claimedEmail };
}
