/**
 * Which ticket an incoming letter belongs to. Our own Message-IDs, quoted back in In-Reply-To or
 * References, are the strongest evidence (mail clients keep them faithfully); the ticket number in the
 * subject comes next, for clients that drop those headers; otherwise the letter is a new request.
 */

/** The tag our outgoing subjects carry: `Re: Printer on fire [#1042]`. */
const SUBJECT_TAG = /\[#(\d{1,12})\]/;

export function ticketNumberInSubject(subject: string | null | undefined): number | null {
  const match = subject ? SUBJECT_TAG.exec(subject) : null;
  if (!match) return null;
  const number = Number(match[1]);
  return Number.isSafeInteger(number) && number > 0 ? number : null;
}

const REPLY_PREFIX = /^\s*((re|fw|fwd|aw|wg|sv|vs|antw|odp|ha|res|отв|отг|відп|απ|σχετ|atb)\s*(\[\d+\])?\s*:\s*)+/i;

/** The subject of our letter on a ticket: the ticket's subject, a reply prefix once, and the ticket tag once. */
export function outgoingSubject(ticketSubject: string, ticketNumber: number, reply: boolean): string {
  const bare = ticketSubject.replace(REPLY_PREFIX, '').replace(SUBJECT_TAG, '').replace(/\s+/g, ' ').trim();
  return `${reply ? 'Re: ' : ''}${bare} [#${ticketNumber}]`.trim();
}

/**
 * The subject of one letter as the agent chose it in the reply window (the ticket's subject stays as it was):
 * their words as written, with the ticket tag added when they removed it, so the customer's answer still
 * finds its ticket when their mail client drops the threading headers.
 */
export function chosenLetterSubject(chosen: string, ticketNumber: number): string {
  const clean = chosen.replace(/[\r\n\t]+/g, ' ').replace(/\s+/g, ' ').trim();
  return ticketNumberInSubject(clean) === ticketNumber ? clean : `${clean.replace(SUBJECT_TAG, '').trim()} [#${ticketNumber}]`.trim();
}

/**
 * Our Message-IDs name the ticket and the thread item they were sent for, plus a random part so they are
 * unique and unguessable: `<parley.1042.77.k3j9x0@help.example>`.
 */
export function formatMessageId(ticketId: number, itemId: number, random: string, domain: string): string {
  return `<parley.${ticketId}.${itemId}.${random}@${domain}>`;
}

/** The Message-IDs in a References / In-Reply-To header value, in order, angle brackets kept. */
export function messageIdsIn(header: string | readonly string[] | null | undefined): string[] {
  const values = header === null || header === undefined ? [] : typeof header === 'string' ? [header] : header;
  const ids: string[] = [];
  for (const value of values) for (const match of value.matchAll(/<[^<>\s]+>/g)) if (!ids.includes(match[0])) ids.push(match[0]);
  return ids;
}

/** The ids to look up among our sent letters, most specific first: In-Reply-To, then References from the newest back. */
export function referencedMessageIds(inReplyTo: string | null | undefined, references: string | readonly string[] | null | undefined): string[] {
  const ids = messageIdsIn(inReplyTo);
  for (const id of messageIdsIn(references).reverse()) if (!ids.includes(id)) ids.push(id);
  return ids;
}

/** What the store found for the letter's evidence: the ticket its first known Message-ID belongs to, and the subject's ticket. */
export interface ThreadEvidence {
  /** The ticket of the first referenced Message-ID that is one of ours (or a letter we already stored), if any. */
  readonly ticketByMessageId: number | null;
  /** The ticket the subject's tag names, when it exists, with the addresses that may write to it. */
  readonly subjectTicket: { readonly id: number; readonly participants: readonly string[] } | null;
  /** The letter's sender (From), lower-cased. */
  readonly sender: string;
}

export type ThreadDecision =
  | { readonly kind: 'existing'; readonly ticketId: number; readonly by: 'message_id' | 'subject' }
  | { readonly kind: 'new' };

/**
 * The ticket number in a subject is guessable, so it threads only a letter from someone already on that
 * ticket (its customer or a CC); anyone else quoting a number starts a new ticket rather than writing into a
 * stranger's conversation. A Message-ID of ours is unguessable and threads whoever quotes it.
 */
export function chooseThread(evidence: ThreadEvidence): ThreadDecision {
  if (evidence.ticketByMessageId !== null) return { kind: 'existing', ticketId: evidence.ticketByMessageId, by: 'message_id' };
  const subject = evidence.subjectTicket;
  if (subject?.participants.some((address) => address.toLowerCase() === evidence.sender.toLowerCase())) {
    return { kind: 'existing', ticketId: subject.id, by: 'subject' };
  }
  return { kind: 'new' };
}
