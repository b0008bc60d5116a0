import { CHAT_PHASES, MAX_CONCURRENT_CHATS_LIMIT } from '@parley/domain';
import { z } from 'zod';
import { Id } from '../common.js';

/** How many chats an agent may own at once (administrators set it per agent). */
export const MaxConcurrentChats = z.number().int().min(0).max(MAX_CONCURRENT_CHATS_LIMIT);

/** A waiting chat rung on an agent's console: enough to decide whether to take it. */
export const ChatOfferDto = z.object({
  ticketId: z.number().int(),
  /** The ticket number as the console shows it (`1042`). */
  number: z.string(),
  departmentId: z.number().int().nullable(),
  departmentName: z.string().nullable(),
  visitorName: z.string().nullable(),
  /** The start of the visitor's first message. */
  preview: z.string(),
  waitingSince: z.string(),
  /** Offered beyond its department, because nobody there answered in time. */
  widened: z.boolean(),
  /** Handed to this agent alone by a colleague's transfer. */
  transferred: z.boolean(),
});
export type ChatOfferDto = z.infer<typeof ChatOfferDto>;

/** A chat's routing as its agents see it (the ticket header's Transfer / Invite). */
export const ChatSessionDto = z.object({
  ticketId: z.number().int(),
  phase: z.enum(CHAT_PHASES),
  departmentId: z.number().int().nullable(),
  ownerAgentId: z.number().int().nullable(),
  participantIds: z.array(z.number().int()),
  waitingSince: z.string(),
});
export type ChatSessionDto = z.infer<typeof ChatSessionDto>;

const TicketRef = z.strictObject({ ticketId: Id });
const Note = z.string().trim().min(1).max(5000);

export const ChatAcceptRequest = TicketRef;
export const ChatDeclineRequest = TicketRef;
/** Hand a chat on: to a department (offered to its agents) or to one agent (offered to them alone). */
export const ChatTransferRequest = z.union([
  z.strictObject({ ticketId: Id, departmentId: Id, note: Note.optional() }),
  z.strictObject({ ticketId: Id, agentId: Id, note: Note.optional() }),
]);
export type ChatTransferRequest = z.infer<typeof ChatTransferRequest>;
export const ChatInviteRequest = z.strictObject({ ticketId: Id, agentId: Id });
export type ChatInviteRequest = z.infer<typeof ChatInviteRequest>;

/** Sent to an agent a colleague invited into a chat. */
export const ChatInvitedDto = z.object({ ticketId: z.number().int(), number: z.string(), byAgentId: z.number().int() });
export type ChatInvitedDto = z.infer<typeof ChatInvitedDto>;

/** The console's "My chats": how many chats the agent owns now. */
export const MyChatsDto = z.object({ count: z.number().int(), ticketIds: z.array(z.number().int()) });
export type MyChatsDto = z.infer<typeof MyChatsDto>;
