import type { BaseStatus } from './status.js';

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const CHANNELS = ['chat', 'email', 'web_form', 'api', 'internal'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * The ticket as the rules see it: plain data, no ORM. Times are Dates handed in by the caller (rule: the
 * domain never reads the clock).
 */
export interface TicketState {
  readonly status: BaseStatus;
  /** Set when the ticket carries a custom status; its base is always `status`. */
  readonly customStatusId: number | null;
  readonly internal: boolean;
  readonly channel: Channel;
  readonly priority: Priority;
  readonly departmentId: number | null;
  readonly assignedAgentId: number | null;
  readonly contactId: number | null;
  readonly createdByAgentId: number | null;
  readonly createdAt: Date;
  readonly firstAgentReplyAt: Date | null;
  readonly lastCustomerMessageAt: Date | null;
  readonly lastAgentReplyAt: Date | null;
  readonly resolvedAt: Date | null;
  readonly postponedUntil: Date | null;
  /**
   * Since when the ticket has waited for an agent (the oldest customer message not yet answered, or the
   * creation of an internal task); null while the ball is in the customer's court or the ticket is done.
   * "To solve" and the ticket list's "waiting time" sort read this.
   */
  readonly waitingSince: Date | null;
}

export const SUBJECT_MAX_LENGTH = 250;
