import type { AgentPrincipal } from '../principal.js';
import { canAgentSeeTicket } from '../visibility.js';
import type { TicketState } from '../ticket/ticket.js';

/**
 * Email notifications to agents, each switchable by the agent: a new ticket in one of their departments,
 * a ticket someone else assigned to them, a customer's reply on a ticket that is theirs. Live chat has its
 * own ring in the console, so a visitor's chat messages never send mail.
 */
export interface EmailNotificationSettings {
  readonly newTicketInMyDepartment: boolean;
  readonly assignedToMe: boolean;
  readonly customerReplyOnMyTicket: boolean;
}

/** Mail for what is one's own to handle is on by default; every new ticket of a busy department is not. */
export const DEFAULT_EMAIL_NOTIFICATIONS: EmailNotificationSettings = { newTicketInMyDepartment: false, assignedToMe: true, customerReplyOnMyTicket: true };

export type NotificationEvent =
  | { readonly kind: 'new_ticket'; readonly ticket: TicketState; readonly byAgentId: number | null }
  | { readonly kind: 'assigned'; readonly ticket: TicketState; readonly agentId: number; readonly byAgentId: number | null }
  | { readonly kind: 'customer_reply'; readonly ticket: TicketState };

export interface NotifiableAgent {
  readonly principal: AgentPrincipal;
  /** Deactivated agents get nothing. */
  readonly active: boolean;
  readonly settings: EmailNotificationSettings;
}

/** The agents to mail about an event: those whose setting is on, who may see the ticket, and who did not cause it. */
export function notificationRecipients(event: NotificationEvent, agents: readonly NotifiableAgent[]): number[] {
  const eligible = agents.filter(({ principal, active }) => active && canAgentSeeTicket(principal, event.ticket));
  switch (event.kind) {
    case 'new_ticket': {
      const department = event.ticket.departmentId;
      if (department === null || event.ticket.channel === 'chat') return [];
      return eligible
        .filter((a) => a.settings.newTicketInMyDepartment && a.principal.departmentIds.includes(department) && a.principal.agentId !== event.byAgentId)
        .map((a) => a.principal.agentId);
    }
    case 'assigned':
      if (event.agentId === event.byAgentId) return [];
      return eligible.filter((a) => a.settings.assignedToMe && a.principal.agentId === event.agentId).map((a) => a.principal.agentId);
    case 'customer_reply':
      if (event.ticket.channel === 'chat' || event.ticket.internal || event.ticket.assignedAgentId === null) return [];
      return eligible.filter((a) => a.settings.customerReplyOnMyTicket && a.principal.agentId === event.ticket.assignedAgentId).map((a) => a.principal.agentId);
  }
}

/** Settings as stored (a partial or older JSON object) read with the defaults filled in. */
export function readNotificationSettings(stored: Partial<EmailNotificationSettings> | null | undefined): EmailNotificationSettings {
  return { ...DEFAULT_EMAIL_NOTIFICATIONS, ...(stored ?? {}) };
}
