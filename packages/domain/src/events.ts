/**
 * Facts the server publishes after a transaction commits. Listeners (realtime fan-out now; notifications,
 * automation and webhooks later) subscribe by name; payloads carry ids so each listener loads what it needs
 * with its own entity manager.
 */
export interface DomainEventMap {
  'ticket.created': { readonly ticketId: number };
  'ticket.updated': { readonly ticketId: number; readonly previous: TicketAudienceSnapshot };
  /**
   * `replayed`: a retry found the item already stored, and whoever stored it may have died before announcing
   * it; listeners that tell people announce it only if nobody has yet.
   */
  'thread.item_created': { readonly ticketId: number; readonly itemId: number; readonly replayed?: boolean };
  'ticket.note_changed': { readonly ticketId: number };
  'contact.changed': { readonly contactId: number };
  /** A contact was made (by an agent, or for a new customer's first message, chat, form or letter). */
  'contact.created': { readonly contactId: number };
  /** An agent's role, departments or activity changed: their open connections must follow at once. */
  'agent.access_changed': { readonly agentId: number };
  /**
   * Credentials of the agent stopped being valid (signed out, password changed, token revoked, agent
   * deactivated): every connection they opened, on any instance, ends at once.
   */
  'agent.credentials_revoked': { readonly agentId: number; readonly revoked: RevokedCredentials };
  'company.changed': { readonly companyId: number };
  /** An agent set themselves online, away or offline. */
  'agent.availability_changed': { readonly agentId: number };
  /** A change made `agentId` the ticket's assignee, made by someone else (`byAgentId`; null for the system). */
  'ticket.assigned': { readonly ticketId: number; readonly agentId: number; readonly byAgentId: number | null };
  /** A team chat message was stored (the first time: a retried send publishes nothing). */
  'team.message_created': { readonly conversationId: number; readonly messageId: number };
  /** A chat ticket became resolved: its routing ends (nobody rings for it, its agent is freed). */
  'chat.resolved': { readonly ticketId: number };
  /** These agents went into a call or came out of one: colleagues see them "in a call" or no longer. */
  'call.presence_changed': { readonly agentIds: readonly number[] };
  /** An agent moved their read marker in a team conversation. */
  'team.read': { readonly conversationId: number; readonly agentId: number };
  /** Our emailed reply moved on its way out: queued (again), sent, failed (outbox gave up) or bounced. */
  /** `audience`: who may see the ticket, when the publisher knows it (listeners need not read the ticket). */
  'email.delivery_changed': {
    readonly ticketId: number;
    readonly itemId: number;
    readonly state: 'queued' | 'sent' | 'failed' | 'bounced';
    readonly audience?: TicketAudienceSnapshot;
  };
}

/** Which of an agent's credentials a revocation ended. */
export type RevokedCredentials =
  | { readonly kind: 'session'; readonly sessionId: number }
  | { readonly kind: 'api_token'; readonly tokenId: number }
  /** Every session and token of the agent, except (when set) the session that made the change. */
  | { readonly kind: 'all'; readonly exceptSessionId: number | null };

/** Where the ticket was before a change, so agents who just lost sight of it also hear that it moved. */
export interface TicketAudienceSnapshot {
  readonly departmentId: number | null;
  readonly assignedAgentId: number | null;
  readonly createdByAgentId: number | null;
  readonly internal: boolean;
  readonly contactId: number | null;
}

export type DomainEventName = keyof DomainEventMap;
