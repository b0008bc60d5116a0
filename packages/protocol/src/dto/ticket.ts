import { BASE_STATUSES, CHANNELS, EMAIL_DELIVERY_STATES, PRIORITIES, THREAD_ITEM_KINDS, TICKET_FOLDERS } from '@parley/domain';
import { z } from 'zod';
import { AttachmentDto } from './attachment.js';
import { EditableNoteDto } from './note.js';
import { TicketSatisfactionDto } from './satisfaction.js';
import { SystemEventDto } from './system-event.js';

export const TicketStatus = z.enum(BASE_STATUSES);
export const Priority = z.enum(PRIORITIES);
export const Channel = z.enum(CHANNELS);
export const ThreadItemKind = z.enum(THREAD_ITEM_KINDS);

export const ContactSummaryDto = z.object({ id: z.number().int(), name: z.string().nullable(), email: z.string().nullable() });
export type ContactSummaryDto = z.infer<typeof ContactSummaryDto>;

/** A ticket's service levels: each target's due time while its clock counts (a past one is breached). */
export const TicketSlaDto = z.object({
  policyId: z.number().int(),
  /** The soonest due time of a clock still counting: lists sort and "To solve" picks by it. */
  nextDueAt: z.string().nullable(),
  dueAt: z.object({
    first_response: z.string().nullable(),
    next_response: z.string().nullable(),
    resolution: z.string().nullable(),
    chat_answer: z.string().nullable(),
  }),
});
export type TicketSlaDto = z.infer<typeof TicketSlaDto>;

export const TicketDto = z.object({
  id: z.number().int(),
  /** The human-readable number agents and customers quote ("#1042"). */
  number: z.string(),
  subject: z.string(),
  status: TicketStatus,
  customStatusId: z.number().int().nullable(),
  priority: Priority,
  channel: Channel,
  internal: z.boolean(),
  departmentId: z.number().int().nullable(),
  assignedAgentId: z.number().int().nullable(),
  createdByAgentId: z.number().int().nullable(),
  contact: ContactSummaryDto.nullable(),
  tags: z.array(z.string()),
  cc: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  firstAgentReplyAt: z.string().nullable(),
  lastCustomerMessageAt: z.string().nullable(),
  lastAgentReplyAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  postponedUntil: z.string().nullable(),
  waitingSince: z.string().nullable(),
  /** Set when the ticket was merged into another: it is closed, and what reaches it goes there. */
  mergedIntoId: z.number().int().nullable(),
  /** The queue, the trash or spam. */
  folder: z.enum(TICKET_FOLDERS),
  /** The service-level policy covering the ticket and its targets' due times (null: none covers it). */
  sla: TicketSlaDto.nullable(),
});
export type TicketDto = z.infer<typeof TicketDto>;

/** The email side of a thread item: a letter that came in, or our reply as it went out by email. */
export const EmailMetaDto = z.object({
  direction: z.enum(['in', 'out']),
  fromAddress: z.string().nullable(),
  fromName: z.string().nullable(),
  to: z.array(z.string()),
  cc: z.array(z.string()),
  subject: z.string(),
  /** The letter has an HTML body (fetched sanitized, on demand). */
  hasHtml: z.boolean(),
  /** The raw letter is kept ("show original"). */
  hasOriginal: z.boolean(),
  deliveryState: z.enum(EMAIL_DELIVERY_STATES).describe('`awaiting_server`: no mail server can send it yet; it goes out once one is configured.'),
  automated: z.enum(['bounce', 'auto_reply', 'mailing_list']).nullable(),
});
export type EmailMetaDto = z.infer<typeof EmailMetaDto>;

export const ThreadItemDto = z.object({
  id: z.number().int(),
  ticketId: z.number().int(),
  kind: ThreadItemKind,
  /** At most the first THREAD_BODY_PREVIEW_LENGTH code points; `truncated` says when there is more (GET …/items/:itemId/body). */
  body: z.string(),
  truncated: z.boolean().describe('The body is only its beginning; the whole of it comes from GET /tickets/:id/items/:itemId/body.'),
  fullLength: z.number().int().describe('The whole body\'s length in code points.'),
  authorAgentId: z.number().int().nullable(),
  authorContactId: z.number().int().nullable(),
  systemEvent: SystemEventDto.nullable(),
  to: z.array(z.string()),
  cc: z.array(z.string()),
  attachments: z.array(AttachmentDto),
  clientId: z.string().nullable(),
  createdAt: z.string(),
  /** Set when the item came in or went out by email. */
  email: EmailMetaDto.nullable(),
});
export type ThreadItemDto = z.infer<typeof ThreadItemDto>;

/** The whole body of one thread item, for one the thread returned `truncated`. */
export const ThreadItemBodyDto = z.object({ id: z.number().int(), body: z.string() });
export type ThreadItemBodyDto = z.infer<typeof ThreadItemBodyDto>;

export const TicketDetailDto = z.object({
  ticket: TicketDto,
  thread: z.array(ThreadItemDto),
  note: EditableNoteDto.nullable(),
  /** The customer's satisfaction survey, once they were asked. */
  satisfaction: TicketSatisfactionDto.nullable(),
});
export type TicketDetailDto = z.infer<typeof TicketDetailDto>;

/**
 * The ticket "To solve" gave the agent. Only the ticket: the console opens it and reads its thread as it
 * reads any ticket's, so answering with the thread too would read it twice.
 */
export const ClaimedTicketDto = TicketDetailDto.pick({ ticket: true });
export type ClaimedTicketDto = z.infer<typeof ClaimedTicketDto>;

/** What a customer sees of their own ticket: no internal notes, no system events, no agent-only fields. */
/** One message of the conversation as a customer (or a website visitor) sees it: theirs, or our public reply. */
export const CustomerMessageDto = z.object({
  id: z.number().int(),
  from: z.enum(['customer', 'agent']),
  authorName: z.string().nullable(),
  body: z.string(),
  attachments: z.array(AttachmentDto),
  createdAt: z.string(),
});
export type CustomerMessageDto = z.infer<typeof CustomerMessageDto>;

export const CustomerTicketDto = z.object({
  id: z.number().int(),
  number: z.string(),
  subject: z.string(),
  status: z.enum(['open', 'answered', 'resolved']).describe('New, Open and Postponed all read as open to a customer.'),
  createdAt: z.string(),
  messages: z.array(CustomerMessageDto),
});
export type CustomerTicketDto = z.infer<typeof CustomerTicketDto>;
