import type { SatisfactionRating } from '../satisfaction/satisfaction.js';
import type { SlaTarget } from '../sla/sla-policy.js';
import type { Priority } from '../ticket/ticket.js';
import type { BaseStatus } from '../ticket/status.js';
import type { TicketFolder } from '../ticket/ticket-list.js';

/**
 * System events are stored as a key and parameters and translated when shown, never as text in one
 * language. Ids are kept (not names) so a renamed department still reads right.
 */
export type SystemEvent =
  | {
      readonly type: 'status_changed';
      readonly from: BaseStatus;
      readonly to: BaseStatus;
      readonly fromCustomStatusId: number | null;
      readonly toCustomStatusId: number | null;
      readonly reason: StatusChangeReason;
    }
  | { readonly type: 'postponed'; readonly until: string }
  | {
      readonly type: 'assigned';
      readonly fromAgentId: number | null;
      readonly toAgentId: number | null;
      readonly fromDepartmentId: number | null;
      readonly toDepartmentId: number | null;
    }
  | {
      readonly type: 'transferred';
      readonly fromAgentId: number | null;
      readonly toAgentId: number | null;
      readonly fromDepartmentId: number | null;
      readonly toDepartmentId: number | null;
      /** The internal note that carries the transfer's message, when one was written. */
      readonly hasNote: boolean;
    }
  | { readonly type: 'subject_changed'; readonly from: string; readonly to: string }
  | { readonly type: 'priority_changed'; readonly from: Priority; readonly to: Priority }
  | { readonly type: 'tags_changed'; readonly added: readonly string[]; readonly removed: readonly string[] }
  /** The website visitor ended the chat (the ticket itself carries on under the normal status rules). */
  | { readonly type: 'chat_ended'; readonly by: 'visitor'; readonly transcriptRequested: boolean }
  /**
   * The sender typed an address that belongs to another contact. Nothing proves it is theirs, so the ticket is
   * on a contact of its own; agents see the claim here (customers never see system events).
   */
  | { readonly type: 'email_unverified'; readonly email: string }
  /** Related tickets, shown on both: the event sits on each side, naming the other. */
  | { readonly type: 'linked'; readonly ticketId: number }
  | { readonly type: 'unlinked'; readonly ticketId: number }
  /** On the surviving ticket: these tickets' threads joined this one. */
  | { readonly type: 'merged_from'; readonly ticketIds: readonly number[] }
  /** On a merged-away ticket: it closed, and what reaches it goes on to `ticketId`. */
  | { readonly type: 'merged_into'; readonly ticketId: number }
  /** On both sides of an undone merge. */
  | { readonly type: 'merge_undone'; readonly ticketId: number }
  /** A split: on the original, the new ticket the later messages went to; on the new one, where they came from. */
  | { readonly type: 'split_into'; readonly ticketId: number }
  | { readonly type: 'split_from'; readonly ticketId: number }
  /** The customer's personal data was erased on request: their messages here are empty, their files gone. */
  | { readonly type: 'contact_erased' }
  /** Moved to the trash or spam, or back to the queue; `blocked` names the sender block a spam mark made. */
  | { readonly type: 'folder_changed'; readonly from: TicketFolder; readonly to: TicketFolder; readonly blocked: string | null }
  /** An automation rule acted on the ticket (its own changes follow as their own events): the thread says which. */
  | { readonly type: 'rule_applied'; readonly rule: 'trigger' | 'time_rule'; readonly ruleId: number; readonly name: string }
  /** A service-level target is about to be missed (`warning`) or was missed (`breach`); `dueAt` is ISO 8601. */
  | { readonly type: 'sla_alarm'; readonly kind: 'warning' | 'breach'; readonly target: SlaTarget; readonly dueAt: string }
  /** The customer rated the help they got (agents only, like every system event), with their comment if any. */
  | { readonly type: 'rated'; readonly rating: SatisfactionRating; readonly comment: string | null }
  /**
   * An agent called colleagues about the ticket (a consultation) and it was answered (`completed`, lasting
   * `durationSeconds`) or nobody answered (`missed`). Agents only, like every system event.
   */
  | {
      readonly type: 'call_consulted';
      readonly callerAgentId: number;
      readonly consultedAgentIds: readonly number[];
      readonly outcome: 'completed' | 'missed';
      readonly durationSeconds: number;
    };

export type SystemEventType = SystemEvent['type'];

export const STATUS_CHANGE_REASONS = [
  'agent_reply',
  'customer_message',
  'resolved',
  'reopened',
  'postponed',
  'woke',
  'custom_status',
  'rule',
  'bad_rating',
] as const;
export type StatusChangeReason = (typeof STATUS_CHANGE_REASONS)[number];
