import { DomainError, ErrorCodes } from '../errors.js';

/**
 * Keeping the contact directory clean and its people's rights: duplicates merged into one card (their tickets
 * follow), everything about a person exported, a person erased. Erasure is the one thing allowed to change
 * what a customer wrote: the law outranks the thread's append-only rule, and an audit entry says it happened.
 */

/** How many duplicates one merge takes in (each moves its tickets, addresses and notes in one transaction). */
export const CONTACT_MERGE_MAX = 20;

export function planContactMerge(survivorId: number, duplicateIds: readonly number[]): { readonly duplicateIds: readonly number[] } {
  const unique = [...new Set(duplicateIds)];
  if (unique.length === 0) throw new DomainError(ErrorCodes.contactMergeInvalid, 'Choose at least one duplicate to merge.');
  if (unique.length !== duplicateIds.length) throw new DomainError(ErrorCodes.contactMergeInvalid, 'A contact is named twice.');
  if (unique.includes(survivorId)) throw new DomainError(ErrorCodes.contactMergeInvalid, 'A contact cannot be merged into itself.');
  if (unique.length > CONTACT_MERGE_MAX) throw new DomainError(ErrorCodes.contactMergeInvalid, `At most ${CONTACT_MERGE_MAX} contacts can be merged at once.`);
  return { duplicateIds: unique };
}

/** What an erasure leaves of a message the person wrote: nothing of its text. */
export const ERASED_MESSAGE_BODY = '';

/** What an erasure did, for the audit entry and the agent who asked (counts only: the data itself is gone). */
export interface ErasureSummary {
  readonly tickets: number;
  readonly messages: number;
  readonly attachments: number;
  readonly addresses: number;
}
