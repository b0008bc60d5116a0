import { AGENT_ROLES, CUSTOM_STATUS_BASES, MESSAGE_BODY_MAX_LENGTH, NOTE_BODY_MAX_LENGTH, SUBJECT_MAX_LENGTH, TAG_MAX_LENGTH, TAGS_MAX_COUNT, TICKET_FOLDERS, TICKET_LIST_SORTS } from '@parley/domain';
import { z } from 'zod';
import { ClientId, Cursor, Email, Id, IdParam, IsoDateTime, Limit } from '../common.js';
import { MaxConcurrentChats } from '../dto/chat-routing.js';
import { AgentDto, Locale } from '../dto/directory.js';
import { AgentAvailability } from '../dto/presence.js';
import { Channel, Priority, TicketStatus } from '../dto/ticket.js';

/** Every request body is a strict object: a field the server does not know is refused, never ignored. */
const Body = z.string().trim().min(1).max(MESSAGE_BODY_MAX_LENGTH);
const Subject = z.string().trim().min(1).max(SUBJECT_MAX_LENGTH);
const Tags = z.array(z.string().max(TAG_MAX_LENGTH)).max(TAGS_MAX_COUNT);
const Recipients = z.array(Email).max(50);
const AttachmentIds = z.array(z.uuid()).max(20).default([]);
const Password = z.string().min(10).max(200);
const Name = z.string().trim().min(1).max(200);

// ---- auth
export const SignInRequest = z.strictObject({ email: Email, password: z.string().min(1).max(200) });
export type SignInRequest = z.infer<typeof SignInRequest>;
export const SetupRequest = z.strictObject({ token: z.string().min(20).max(200), name: Name, email: Email, password: Password, locale: Locale.optional() });
export type SetupRequest = z.infer<typeof SetupRequest>;
export const AcceptInvitationRequest = z.strictObject({ token: z.string().min(20).max(200), password: Password, name: Name.optional(), locale: Locale.optional() });
export type AcceptInvitationRequest = z.infer<typeof AcceptInvitationRequest>;
export const ChangePasswordRequest = z.strictObject({ currentPassword: z.string().min(1).max(200), newPassword: Password });
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;
export const CreateApiTokenRequest = z.strictObject({ name: Name });
export type CreateApiTokenRequest = z.infer<typeof CreateApiTokenRequest>;
export const CreatedApiToken = z.object({ id: z.number().int(), name: z.string(), token: z.string().describe('Shown once.') });
export type CreatedApiToken = z.infer<typeof CreatedApiToken>;

// ---- tickets
export const ContactRef = z.union([
  z.strictObject({ id: Id }),
  z.strictObject({ email: Email, name: Name.optional() }),
]);
export type ContactRef = z.infer<typeof ContactRef>;

export const CreateTicketRequest = z.strictObject({
  subject: Subject,
  message: Body,
  contact: ContactRef,
  channel: Channel.exclude(['internal', 'chat']).default('api'),
  departmentId: Id.optional(),
  agentId: Id.optional(),
  priority: Priority.optional(),
  tags: Tags.optional(),
  cc: Recipients.optional(),
  attachmentIds: AttachmentIds,
  clientId: ClientId.optional(),
  /**
   * Who wrote `message`. `customer` (the default): their request, recorded (a phone call, an integration).
   * `agent`: our first letter to the customer; the ticket starts Answered and the letter goes out by email.
   */
  firstMessage: z.strictObject({ from: z.enum(['agent', 'customer']) }).optional(),
});
export type CreateTicketRequest = z.input<typeof CreateTicketRequest>;

export const CreateInternalTicketRequest = z.strictObject({
  subject: Subject,
  message: Body,
  departmentId: Id.optional(),
  agentId: Id.optional(),
  aboutContactId: Id.optional(),
  priority: Priority.optional(),
  tags: Tags.optional(),
  attachmentIds: AttachmentIds,
  clientId: ClientId.optional(),
});
export type CreateInternalTicketRequest = z.input<typeof CreateInternalTicketRequest>;

/** The list's orders are the domain's, so a live list in the console sorts as the server does. */
export const TICKET_SORTS = TICKET_LIST_SORTS;
const BoolParam = z.enum(['true', 'false']).transform((v) => v === 'true');
const OneOrMany = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.includes(',') ? v.split(',') : v), z.union([item, z.array(item).max(20)]))
    .transform((v) => (Array.isArray(v) ? v : [v]) as z.output<T>[]);

export const ListTicketsQuery = z.strictObject({
  folder: z.enum(TICKET_FOLDERS).default('inbox').describe('The queue unless `trash` or `spam` is asked for.'),
  status: OneOrMany(TicketStatus).optional(),
  customStatusId: IdParam.optional(),
  departmentId: OneOrMany(IdParam).optional(),
  agentId: z.union([z.literal('none'), z.literal('me'), IdParam]).optional(),
  channel: OneOrMany(Channel).optional(),
  priority: OneOrMany(Priority).optional(),
  tag: z.string().max(TAG_MAX_LENGTH).optional(),
  contactId: IdParam.optional(),
  internal: BoolParam.optional(),
  q: z.string().trim().min(1).max(200).optional(),
  sort: z.enum(TICKET_SORTS).default('-waiting').describe('`-waiting`: the longest-waiting first.'),
  cursor: Cursor.optional(),
  limit: Limit,
});
export type ListTicketsQuery = z.output<typeof ListTicketsQuery>;

/** The list's filters without its paging and order: how many tickets the list would show. */
export const CountTicketsQuery = ListTicketsQuery.omit({ sort: true, cursor: true, limit: true });
export type CountTicketsQuery = z.output<typeof CountTicketsQuery>;
export const TicketCount = z.object({ count: z.number().int().nonnegative() });
export type TicketCount = z.infer<typeof TicketCount>;

export const ReplyRequest = z.strictObject({
  body: Body,
  /** Reply to all: the recipients, editable. Without them the reply goes to the contact alone. */
  to: Recipients.optional(),
  cc: Recipients.optional(),
  /** This letter's subject only (the ticket keeps its own); the ticket tag is added when missing. */
  subject: Subject.optional(),
  attachmentIds: AttachmentIds,
  clientId: ClientId.optional(),
});
export type ReplyRequest = z.input<typeof ReplyRequest>;

export const NoteRequest = z.strictObject({ body: Body, attachmentIds: AttachmentIds, clientId: ClientId.optional() });
export type NoteRequest = z.input<typeof NoteRequest>;

export const CustomerMessageRequest = z.strictObject({ body: Body, attachmentIds: AttachmentIds, clientId: ClientId.optional() });
export type CustomerMessageRequest = z.input<typeof CustomerMessageRequest>;

export const SubjectRequest = z.strictObject({ subject: Subject });
export const AssignRequest = z.strictObject({ departmentId: Id.nullable().optional(), agentId: Id.nullable().optional() });
export type AssignRequest = z.infer<typeof AssignRequest>;
export const TransferRequest = z.strictObject({
  departmentId: Id.nullable().optional(),
  agentId: Id.nullable().optional(),
  note: z.string().trim().min(1).max(MESSAGE_BODY_MAX_LENGTH).optional(),
  attachmentIds: AttachmentIds,
});
export type TransferRequest = z.input<typeof TransferRequest>;
export const PostponeRequest = z.strictObject({ until: IsoDateTime });
export const CustomStatusChangeRequest = z.strictObject({ customStatusId: Id });
export const PriorityRequest = z.strictObject({ priority: Priority });
export const TagsRequest = z.strictObject({ tags: Tags });
export const CcRequest = z.strictObject({ cc: Recipients });
export const NoteBodyRequest = z.strictObject({ body: z.string().trim().min(1).max(NOTE_BODY_MAX_LENGTH) });
export type NoteBodyRequest = z.infer<typeof NoteBodyRequest>;

export const ThreadItemParams = z.strictObject({ id: IdParam, itemId: IdParam });
/** A ticket and another one related to it (a link, a merge). */
export const LinkParams = z.strictObject({ id: IdParam, otherId: IdParam });
/** Remote images stay blocked unless the agent asks for them, one letter at a time. */
export const EmailHtmlQuery = z.strictObject({ images: z.enum(['blocked', 'allowed']).default('blocked') });
/** `download=1` answers the raw letter as a .eml download instead of text to read in the browser. */
export const EmailOriginalQuery = z.strictObject({ download: z.enum(['0', '1']).default('0') });
export const NoteParams = z.strictObject({ id: IdParam, noteId: IdParam });

// ---- directory
export const ListQuery = z.strictObject({ q: z.string().trim().min(1).max(200).optional(), cursor: Cursor.optional(), limit: Limit });
export type ListQuery = z.output<typeof ListQuery>;

export const CreateContactRequest = z.strictObject({
  name: Name.optional(),
  emails: z.array(Email).max(10).default([]),
  phones: z.array(z.string().trim().min(3).max(40)).max(10).default([]),
  companyId: Id.nullable().optional(),
});
export type CreateContactRequest = z.input<typeof CreateContactRequest>;
export const UpdateContactRequest = z.strictObject({
  name: Name.nullable().optional(),
  emails: z.array(Email).max(10).optional(),
  phones: z.array(z.string().trim().min(3).max(40)).max(10).optional(),
  companyId: Id.nullable().optional(),
});
export type UpdateContactRequest = z.infer<typeof UpdateContactRequest>;

const Domain = z.string().trim().toLowerCase().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/).max(253);
export const CreateCompanyRequest = z.strictObject({ name: Name, domains: z.array(Domain).max(20).default([]) });
export type CreateCompanyRequest = z.input<typeof CreateCompanyRequest>;
export const UpdateCompanyRequest = z.strictObject({ name: Name.optional(), domains: z.array(Domain).max(20).optional() });
export type UpdateCompanyRequest = z.infer<typeof UpdateCompanyRequest>;

export const DepartmentRequest = z.strictObject({ name: Name });
export type DepartmentRequest = z.infer<typeof DepartmentRequest>;

export const CreateAgentRequest = z.strictObject({
  name: Name,
  email: Email,
  /** Without a password the agent is invited: the answer carries a one-time link where they choose their own. */
  password: Password.optional(),
  role: z.enum(AGENT_ROLES).default('agent'),
  departmentIds: z.array(Id).max(100).default([]),
  locale: Locale.default('en'),
  maxConcurrentChats: MaxConcurrentChats.optional(),
});
export type CreateAgentRequest = z.input<typeof CreateAgentRequest>;
export const CreatedAgent = AgentDto.extend({
  invitationUrl: z.string().nullable().describe('The one-time invitation link when no password was given (shown once, never stored); null otherwise.'),
  invitationExpiresAt: z.string().nullable().describe('When the invitation link stops working; null when a password was given.'),
});
export type CreatedAgent = z.infer<typeof CreatedAgent>;
export const AgentInvitation = z.object({
  agent: AgentDto,
  invitationUrl: z.string().describe('The new one-time invitation link (shown once, never stored); the previous link stops working.'),
  invitationExpiresAt: z.string().describe('When the new link stops working.'),
});
export type AgentInvitation = z.infer<typeof AgentInvitation>;
export const UpdateAgentRequest = z.strictObject({
  name: Name.optional(),
  role: z.enum(AGENT_ROLES).optional(),
  active: z.boolean().optional(),
  departmentIds: z.array(Id).max(100).optional(),
  locale: Locale.optional(),
  maxConcurrentChats: MaxConcurrentChats.optional(),
});
export type UpdateAgentRequest = z.infer<typeof UpdateAgentRequest>;
export const UpdateMeRequest = z.strictObject({
  name: Name.optional(),
  locale: Locale.optional(),
  availability: AgentAvailability.optional(),
  /** The notification emails to switch on or off; the ones not named stay as they are. */
  emailNotifications: z
    .strictObject({ newTicketInMyDepartment: z.boolean().optional(), assignedToMe: z.boolean().optional(), customerReplyOnMyTicket: z.boolean().optional() })
    .optional(),
});
export type UpdateMeRequest = z.infer<typeof UpdateMeRequest>;

export const CustomStatusRequest = z.strictObject({ name: Name, baseStatus: z.enum(CUSTOM_STATUS_BASES) });
export type CustomStatusRequest = z.infer<typeof CustomStatusRequest>;
export const UpdateCustomStatusRequest = z.strictObject({ name: Name.optional(), baseStatus: z.enum(CUSTOM_STATUS_BASES).optional() });
export type UpdateCustomStatusRequest = z.infer<typeof UpdateCustomStatusRequest>;

export const CannedResponseRequest = z.strictObject({
  title: Name,
  body: z.string().trim().min(1).max(20_000),
  departmentId: Id.nullable().optional(),
});
export type CannedResponseRequest = z.infer<typeof CannedResponseRequest>;
export const UpdateCannedResponseRequest = CannedResponseRequest.partial();
export type UpdateCannedResponseRequest = z.infer<typeof UpdateCannedResponseRequest>;
export const RenderCannedResponseRequest = z.strictObject({ ticketId: Id });
export const RenderedCannedResponse = z.object({ text: z.string() });

// ---- customers (web form and the ticket link sent to them)
export const PublicCreateTicketRequest = z.strictObject({
  name: Name.optional(),
  email: Email,
  subject: Subject,
  message: Body,
  departmentId: Id.optional(),
  clientId: ClientId.optional(),
});
export type PublicCreateTicketRequest = z.infer<typeof PublicCreateTicketRequest>;
export const PublicTicketCreated = z.object({
  ticketId: z.number().int(),
  number: z.string(),
  accessToken: z.string().describe('Lets the customer read and answer this ticket; shown once.'),
});
export type PublicTicketCreated = z.infer<typeof PublicTicketCreated>;
export const PublicMessageRequest = z.strictObject({ body: Body, clientId: ClientId.optional() });
export type PublicMessageRequest = z.infer<typeof PublicMessageRequest>;
