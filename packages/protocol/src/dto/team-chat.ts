import { z } from 'zod';
import { ClientId, Cursor, Id, IdParam } from '../common.js';
import { AttachmentDto } from './attachment.js';
import { CallEndReason, CallKind } from './calls.js';

export const TeamConversationKind = z.enum(['department', 'channel', 'direct']);
export type TeamConversationKind = z.infer<typeof TeamConversationKind>;

/**
 * A team conversation as the asking agent sees it: department channels are named after their department,
 * direct ones after the other agent. `joined` is false for an ad-hoc channel the agent may join.
 */
export const TeamConversationDto = z.object({
  id: z.number().int(),
  kind: TeamConversationKind,
  name: z.string(),
  departmentId: z.number().int().nullable(),
  /** The other agent of a direct conversation. */
  otherAgentId: z.number().int().nullable(),
  joined: z.boolean(),
  /** Who may read and write it (for mentions). */
  memberIds: z.array(z.number().int()),
  unreadCount: z.number().int(),
  lastReadMessageId: z.number().int(),
  lastMessageAt: z.string().nullable(),
  createdAt: z.string(),
});
export type TeamConversationDto = z.infer<typeof TeamConversationDto>;

/**
 * The record of a call, kept on the team message written when the call ended: facts, not text, so each
 * reader sees it in their own language.
 */
export const TeamCallRecordDto = z.object({
  callId: z.number().int(),
  kind: CallKind,
  callerAgentId: z.number().int(),
  outcome: CallEndReason,
  /** Everyone who was in the call at some point, the caller first. */
  joinedAgentIds: z.array(z.number().int()),
  /** From the first answer to the end; 0 for a call nobody answered. */
  durationSeconds: z.number().int(),
  /** The ticket a consultation was about. */
  ticketId: z.number().int().nullable(),
});
export type TeamCallRecordDto = z.infer<typeof TeamCallRecordDto>;

export const TeamMessageDto = z.object({
  id: z.number().int(),
  conversationId: z.number().int(),
  authorAgentId: z.number().int().nullable(),
  body: z.string(),
  mentions: z.array(z.number().int()),
  clientId: z.string().nullable(),
  attachments: z.array(AttachmentDto),
  /** Set on the record of a call (its body is empty; the author is the caller). */
  call: TeamCallRecordDto.optional(),
  createdAt: z.string(),
});
export type TeamMessageDto = z.infer<typeof TeamMessageDto>;

export const TeamMessageBody = z.string().trim().min(1).max(10_000);

/** `team:send`: a message in a conversation the agent may use; retried with the same clientId, it is stored once. */
export const TeamSendRequest = z.strictObject({
  conversationId: Id,
  clientId: ClientId,
  body: TeamMessageBody,
  /** Agents the message mentions (`@Name`): members only count. */
  mentions: z.array(Id).max(50).default([]),
  attachmentIds: z.array(z.uuid()).max(20).default([]),
});
export type TeamSendRequest = z.infer<typeof TeamSendRequest>;

export const TeamTypingRequest = z.strictObject({ conversationId: Id, typing: z.boolean() });
export type TeamTypingRequest = z.infer<typeof TeamTypingRequest>;

export const TeamTypingDto = z.object({ conversationId: z.number().int(), agentId: z.number().int(), typing: z.boolean() });
export type TeamTypingDto = z.infer<typeof TeamTypingDto>;

/** The agent's read marker moved (sent to the agent's own connections, so every tab shows the same count). */
export const TeamReadDto = z.object({ conversationId: z.number().int(), agentId: z.number().int(), lastReadMessageId: z.number().int(), unreadCount: z.number().int() });
export type TeamReadDto = z.infer<typeof TeamReadDto>;

export const TeamMentionedDto = z.object({ conversationId: z.number().int(), message: TeamMessageDto });
export type TeamMentionedDto = z.infer<typeof TeamMentionedDto>;

export const CreateTeamChannelRequest = z.strictObject({ name: z.string().trim().min(1).max(80) });
export type CreateTeamChannelRequest = z.infer<typeof CreateTeamChannelRequest>;

export const OpenDirectConversationRequest = z.strictObject({ agentId: Id });
export type OpenDirectConversationRequest = z.infer<typeof OpenDirectConversationRequest>;

/** History, newest first: `before` is the cursor of the previous page (older messages follow). */
export const TeamHistoryQuery = z.strictObject({ before: Cursor.regex(/^\d+$/).optional(), limit: z.coerce.number().int().min(1).max(100).default(50) });
export type TeamHistoryQuery = z.infer<typeof TeamHistoryQuery>;

export const MarkTeamReadRequest = z.strictObject({ messageId: Id });
export type MarkTeamReadRequest = z.infer<typeof MarkTeamReadRequest>;

export const TeamConversationParams = z.strictObject({ id: IdParam });
