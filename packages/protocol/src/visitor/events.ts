import { MESSAGE_BODY_MAX_LENGTH } from '@parley/domain';
import { z } from 'zod';
import type { AckCallback } from '../ack.js';
import { ClientId, Email, Id } from '../common.js';
import { CustomerMessageDto } from '../dto/ticket.js';
import { TimeZoneName, VisitorIdentity, WidgetKey } from '../dto/widget.js';

/**
 * The `/visitor` namespace: what a website visitor's chat widget may say and hear. It shares no event with
 * the `/agent` contract and carries only what a customer may see of their own chat (visibleThread): their
 * messages and our public replies, never notes, system events, agent ids or other tickets.
 */

// ---- REST: who the visitor is

/** `POST /widget/visitors`: a new visitor, or (with a still-valid token) the same visitor again. */
export const IssueVisitorRequest = z.strictObject({
  token: z.string().min(1).max(200).optional(),
  /** The embed's widget (data-widget): whose identity secret checks `identity`. */
  widgetKey: WidgetKey.optional(),
  /** The site's signed-in user, vouched for with the widget's identity secret (data-user-*). */
  identity: VisitorIdentity.optional(),
});
export type IssueVisitorRequest = z.infer<typeof IssueVisitorRequest>;
export const VisitorSessionDto = z.object({
  visitorId: z.string(),
  token: z.string().describe('Signed and unguessable; send it as `auth.token` when connecting to /visitor, and keep it to come back.'),
  expiresAt: z.string(),
  /** Whether this server can email a transcript when the visitor ends the chat (SMTP is configured). */
  transcriptByEmail: z.boolean(),
  /** The largest file the visitor may send, in bytes. */
  maxUploadBytes: z.number().int(),
  verified: z.boolean().optional().describe('Present and true when the identity the site passed was verified and linked.'),
});
export type VisitorSessionDto = z.infer<typeof VisitorSessionDto>;

// ---- the conversation

const Body = z.string().trim().min(1).max(MESSAGE_BODY_MAX_LENGTH);
/** Files the visitor uploaded (`POST /widget/attachments`) and has not sent yet; anyone else's are refused. */
const VisitorAttachmentIds = z.array(z.uuid()).max(10).optional();

/** A message of the visitor's chat: the customer's view of a thread item, plus the visitor's own client id. */
export const VisitorMessageDto = CustomerMessageDto.extend({
  clientId: z.string().optional().describe('Present on the visitor\'s own messages: the id their widget sent, to swap an optimistic row in place.'),
});
export type VisitorMessageDto = z.infer<typeof VisitorMessageDto>;

export const VisitorChatDto = z.object({
  /** The ticket number the visitor may quote by email (#1042). */
  number: z.string(),
  status: z.enum(['open', 'answered', 'resolved']),
  createdAt: z.string(),
});
export type VisitorChatDto = z.infer<typeof VisitorChatDto>;

export const VisitorPage = z.strictObject({
  url: z.string().max(2000),
  title: z.string().max(500).optional(),
  referrer: z.string().max(2000).optional(),
});
export type VisitorPage = z.infer<typeof VisitorPage>;

export const ChatStartRequest = z.strictObject({
  clientId: ClientId,
  message: Body,
  name: z.string().trim().min(1).max(200).optional(),
  email: Email.optional(),
  departmentId: Id.optional(),
  page: VisitorPage.optional(),
  attachmentIds: VisitorAttachmentIds,
  /** The embed's widget: its pre-chat fields are enforced and its department(s) apply. */
  widgetKey: WidgetKey.optional(),
});
export type ChatStartRequest = z.infer<typeof ChatStartRequest>;
export const ChatMessageRequest = z.strictObject({ clientId: ClientId, body: Body, attachmentIds: VisitorAttachmentIds });
export type ChatMessageRequest = z.infer<typeof ChatMessageRequest>;
export const ChatHistoryRequest = z.strictObject({ afterItemId: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional() });
export type ChatHistoryRequest = z.infer<typeof ChatHistoryRequest>;
export const ChatTypingRequest = z.strictObject({ typing: z.boolean() });
export type ChatTypingRequest = z.infer<typeof ChatTypingRequest>;
/** `chat:received` / `chat:seen`: the newest message of the chat the widget has received / the visitor has had in view. */
export const ChatReceiptRequest = z.strictObject({ upToItemId: Id });
export type ChatReceiptRequest = z.infer<typeof ChatReceiptRequest>;
export const VisitorReceiptsDto = z.object({ deliveredUpToItemId: z.number().int().nullable(), seenUpToItemId: z.number().int().nullable() });
export type VisitorReceiptsDto = z.infer<typeof VisitorReceiptsDto>;
/** `chat:end`: the visitor ends the chat, optionally asking for its transcript by email (in their language). */
export const ChatEndRequest = z.strictObject({
  transcriptEmail: Email.optional(),
  locale: z.enum(['en', 'bg', 'el', 'lv', 'ru', 'uk']).optional(),
  /** The visitor's IANA time zone, for the transcript's times (an unknown one means UTC). */
  timeZone: z.string().max(64).regex(/^[A-Za-z0-9_+\-/]+$/).optional(),
});
export type ChatEndRequest = z.infer<typeof ChatEndRequest>;
export const ChatEndResult = z.object({
  number: z.string(),
  transcriptQueued: z.boolean(),
  /** Present when the visitor is asked to rate the chat: the token `POST /satisfaction/ratings` takes, once. */
  survey: z.object({ token: z.string() }).nullable(),
});
export type ChatEndResult = z.infer<typeof ChatEndResult>;

/**
 * Whether the visitor waits for an agent (since when), talks with one (only their name: never an agent id),
 * or the chat ended.
 */
export const VisitorChatStateDto = z.object({
  phase: z.enum(['waiting', 'connected', 'ended']),
  waitingSince: z.string().nullable(),
  agent: z.object({ name: z.string() }).nullable(),
  /** Once the chat ended (an agent resolved it), the token to rate it with while it is not rated yet. */
  survey: z.object({ token: z.string() }).nullable().optional(),
});
export type VisitorChatStateDto = z.infer<typeof VisitorChatStateDto>;
/** Where the visitor is: sent when the frame connects and whenever the host page changes. */
export const VisitorContextReport = z.strictObject({
  page: VisitorPage,
  /** The pages of this visit before the chat frame opened (the loader keeps them), oldest first; used once, for a visit the server knows no pages of yet. */
  trail: z
    .array(z.strictObject({ url: z.string().max(2000), title: z.string().max(500).optional(), at: z.iso.datetime({ offset: true }), referrer: z.string().max(2000).optional() }))
    .max(20)
    .optional(),
  language: z.string().min(2).max(35).regex(/^[A-Za-z0-9-]+$/).optional(),
  timeZone: TimeZoneName.optional(),
});
export type VisitorContextReport = z.infer<typeof VisitorContextReport>;
/** One page of the visit before the chat frame opened, as `visitor:context` carries it in `trail`. */
export type VisitorTrailPage = NonNullable<VisitorContextReport['trail']>[number];

const ChatMessageResult = z.object({ chat: VisitorChatDto, message: VisitorMessageDto });
const ChatHistoryResult = z.object({
  chat: VisitorChatDto.nullable(),
  messages: z.array(VisitorMessageDto),
  /** With a chat: the newest of the visitor's messages an agent has seen (null: none yet). */
  agentSeenUpToItemId: z.number().int().nullable().optional(),
  /** The chat's routing: waiting for an agent (since when), who joined, or ended; null without a chat. */
  state: VisitorChatStateDto.nullable(),
});

/** Commands the widget sends; each is acknowledged only after its work is committed. */
export const visitorCommands = {
  /** Start the visitor's chat with its first message (or, when one is open, continue it). Retries with the same clientId are one message. */
  'chat:start': { payload: ChatStartRequest, result: ChatMessageResult },
  /** Another message in the visitor's chat; retries with the same clientId are one message. */
  'chat:message': { payload: ChatMessageRequest, result: ChatMessageResult },
  /** The visitor's chat after a message id (all of it without one): what a reconnecting widget missed. */
  'chat:history': { payload: ChatHistoryRequest, result: ChatHistoryResult },
  /** The visitor types (or stopped): told to the agents who have the chat open. Renew it while keys are pressed. */
  'chat:typing': { payload: ChatTypingRequest, result: z.object({ typing: z.boolean() }) },
  /** The widget has received the chat's messages up to this id (it only moves forward). */
  'chat:received': { payload: ChatReceiptRequest, result: VisitorReceiptsDto },
  /** The visitor has had the chat's messages up to this id in view: the agents see "Seen". */
  'chat:seen': { payload: ChatReceiptRequest, result: VisitorReceiptsDto },
  /** End the chat (and queue its transcript by email when an address is given and mail is configured). */
  'chat:end': { payload: ChatEndRequest, result: ChatEndResult },
  /** The page the visitor is on (and their language and time zone), for the agents' view of the visit. */
  'visitor:context': { payload: VisitorContextReport, result: z.object({ pages: z.number().int() }) },
} as const;
export type VisitorCommandName = keyof typeof visitorCommands;
export type VisitorCommandPayload<K extends VisitorCommandName> = z.input<(typeof visitorCommands)[K]['payload']>;
export type VisitorCommandResult<K extends VisitorCommandName> = z.output<(typeof visitorCommands)[K]['result']>;

/** Facts the server pushes to a visitor: only messages of their own chat they may see. */
export const visitorFacts = {
  'chat:message': VisitorMessageDto,
  /** The chat's routing changed: waiting for an agent, an agent joined (their name), or it ended. */
  'chat:state': VisitorChatStateDto,
  /** An agent types in the visitor's chat (or stopped): their display name only; lapses unless renewed. */
  'chat:agent_typing': z.object({ typing: z.boolean(), name: z.string() }),
  /** An agent has seen the visitor's messages up to this id. */
  'chat:agent_seen': z.object({ upToItemId: z.number().int() }),
  /** The chat was ended (from this or another of the visitor's tabs); the next message starts a new one. */
  'chat:ended': z.object({ number: z.string() }),
} as const;
export type VisitorFactName = keyof typeof visitorFacts;
/** What a fact the server pushes to a visitor carries. */
export type VisitorFactPayload<K extends VisitorFactName> = z.output<(typeof visitorFacts)[K]>;

export type VisitorClientToServerEvents = {
  [K in VisitorCommandName]: (payload: VisitorCommandPayload<K>, ack: AckCallback<VisitorCommandResult<K>>) => void;
};
export type VisitorServerToClientEvents = {
  [K in VisitorFactName]: (payload: z.output<(typeof visitorFacts)[K]>) => void;
};

/** What the server knows about a visitor's socket: only who they are. */
export interface VisitorSocketData {
  visitorId: string;
}
