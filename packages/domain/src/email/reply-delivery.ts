import type { ThreadItemKind } from '../thread/thread-item.js';
import type { AutomatedMailKind } from './automated-mail.js';
import type { Channel } from '../ticket/ticket.js';

/** Why a thread item is not emailed to the customer; the reply still stays on the ticket. */
export type NoEmailReason =
  | 'not_a_public_reply'
  | 'internal_ticket'
  | 'no_address'
  | 'visitor_sees_it_live'
  | 'channel_without_email'
  | 'answers_automated_mail';

export type ReplyEmailDecision = { readonly send: true } | { readonly send: false; readonly reason: NoEmailReason };

export interface ReplyEmailFacts {
  readonly itemKind: ThreadItemKind;
  readonly ticket: { readonly internal: boolean; readonly channel: Channel };
  /** The address the letter would go to (the contact's), null when the contact left none. */
  readonly contactAddress: string | null;
  /** For a chat: a visitor whose chat this still is has a widget connected, so they read the reply live. */
  readonly visitorConnected: boolean;
  /** Sent by the system rather than typed by an agent (an auto-answer, a notification to the customer). */
  readonly automatic: boolean;
  /** The newest customer letter on the ticket was itself automated (a bounce, an auto-reply, list traffic). */
  readonly newestLetterAutomated: AutomatedMailKind | null;
}

/**
 * Which replies go out by email. An agent's public reply on an email (or web form) ticket always does; on a
 * chat ticket only when the visitor will not read it live (the chat ended or no widget of theirs is
 * connected), so a customer is not sent a letter for every chat line. Notes and internal tickets never leave
 * the help desk, nothing goes to a contact without an address, and nothing automatic ever answers automated
 * mail (RFC 3834: two auto-responders would answer each other forever); a person's reply to it is fine.
 */
export function replyEmailDecision(facts: ReplyEmailFacts): ReplyEmailDecision {
  if (facts.itemKind !== 'agent_reply') return { send: false, reason: 'not_a_public_reply' };
  if (facts.ticket.internal || facts.ticket.channel === 'internal') return { send: false, reason: 'internal_ticket' };
  if (!facts.contactAddress) return { send: false, reason: 'no_address' };
  if (facts.automatic && facts.newestLetterAutomated !== null) return { send: false, reason: 'answers_automated_mail' };
  switch (facts.ticket.channel) {
    case 'email':
    case 'web_form':
      return { send: true };
    case 'chat':
      return facts.visitorConnected ? { send: false, reason: 'visitor_sees_it_live' } : { send: true };
    default:
      return { send: false, reason: 'channel_without_email' };
  }
}

/** References of our reply: the answered letter's References plus its Message-ID, the last `limit` kept (RFC 5322 §3.6.4). */
export function replyReferences(answered: { readonly messageId: string; readonly references: readonly string[] } | null, limit = 20): string[] {
  if (!answered) return [];
  const chain = [...answered.references.filter((id) => id !== answered.messageId), answered.messageId];
  return chain.slice(-limit);
}

/** The From display name of an agent's letter: "Ada Lovelace (Support)", or the agent's name alone. */
export function replySenderName(agentName: string, departmentName: string | null): string {
  const name = agentName.trim();
  return departmentName?.trim() ? `${name} (${departmentName.trim()})` : name;
}
