import type { AutomatedMailKind } from './automated-mail.js';
import type { ThreadDecision } from './threading.js';

/** A stored letter's life: pending until processed in the transaction that files it; ignored or failed with a reason. */
export const INBOUND_MAIL_STATES = ['pending', 'processed', 'ignored', 'failed'] as const;
export type InboundMailState = (typeof INBOUND_MAIL_STATES)[number];

/**
 * An outgoing letter's delivery as the ticket shows it (incoming letters are `received`). `awaiting_server`:
 * kept in the outbox because no mail server can send it yet (no SMTP_URL, no sending mailbox for its
 * department); it goes out by itself once one is configured.
 */
export const EMAIL_DELIVERY_STATES = ['received', 'awaiting_server', 'queued', 'sent', 'failed', 'bounced'] as const;
export type EmailDeliveryState = (typeof EMAIL_DELIVERY_STATES)[number];

export type InboundMailPlan =
  /** A new request: a new ticket whose first message this letter is. */
  | { readonly kind: 'create_ticket' }
  /** Another letter on a ticket; `reopens` says whether it moves the ticket's status like a customer's message does. */
  | { readonly kind: 'append'; readonly ticketId: number; readonly reopens: boolean }
  /** A bounce of one of our letters: that letter is marked bounced on its ticket. */
  | { readonly kind: 'mark_bounced'; readonly ticketId: number; readonly outgoingItemId: number }
  /** Kept as received, filed nowhere (a bounce of nothing we sent), with the reason. */
  | { readonly kind: 'ignore'; readonly reason: string };

export interface InboundMailFacts {
  readonly automated: AutomatedMailKind | null;
  readonly thread: ThreadDecision;
  /** For a bounce: our outgoing letter it reports on, when the bounced Message-ID is one of ours. */
  readonly bouncedOutgoing: { readonly ticketId: number; readonly itemId: number } | null;
}

/**
 * What to do with a letter. A person's letter threads or opens a ticket. An auto-reply or list mail that
 * threads into a ticket is added to it without moving its status (an out-of-office answer to our reply
 * does not reopen the ticket), and one that threads nowhere opens a ticket like any letter (a person may
 * still need to see it) — in both cases nothing answers it automatically. A bounce never opens a ticket.
 */
export function planInboundMail(facts: InboundMailFacts): InboundMailPlan {
  if (facts.automated === 'bounce') {
    if (facts.bouncedOutgoing) return { kind: 'mark_bounced', ticketId: facts.bouncedOutgoing.ticketId, outgoingItemId: facts.bouncedOutgoing.itemId };
    return { kind: 'ignore', reason: 'A delivery report about no letter Parley sent.' };
  }
  if (facts.thread.kind === 'existing') return { kind: 'append', ticketId: facts.thread.ticketId, reopens: facts.automated === null };
  return { kind: 'create_ticket' };
}
