import { z } from 'zod';
import type { AckCallback } from '../ack.js';
import { Id } from '../common.js';
import { CallDto, CallRef, CallSignalDto, CallSignalRequest, CallStartRequest, CallStopRingingDto, CallTabRequest, IceServersDto } from '../dto/calls.js';
import { ChatAcceptRequest, ChatDeclineRequest, ChatInvitedDto, ChatInviteRequest, ChatOfferDto, ChatSessionDto, ChatTransferRequest, MyChatsDto } from '../dto/chat-routing.js';
import { EditableNoteDto } from '../dto/note.js';
import { AgentPresenceDto, TicketViewerDto, TicketViewersDto } from '../dto/presence.js';
import { TeamMentionedDto, TeamMessageDto, TeamReadDto, TeamSendRequest, TeamTypingDto, TeamTypingRequest } from '../dto/team-chat.js';
import { ClaimedTicketDto, ThreadItemDto, TicketDto } from '../dto/ticket.js';
import { NoteRequest, ReplyRequest } from '../http/requests.js';

const TicketRef = z.strictObject({ ticketId: Id });

/** A chat's receipts: how far the visitor's widget has received and seen, and how far agents have seen the visitor. */
export const ChatReceiptsDto = z.object({
  ticketId: z.number().int(),
  deliveredUpToItemId: z.number().int().nullable(),
  seenUpToItemId: z.number().int().nullable(),
  agentSeenUpToItemId: z.number().int().nullable(),
});
export type ChatReceiptsDto = z.infer<typeof ChatReceiptsDto>;
const TicketIdResult = z.object({ ticketId: z.number().int() });

/**
 * `ticket:typing`: the agent types in (or stopped typing in) a ticket they watch; lapses by itself when not
 * renewed. `reply`: what is being written is a public reply; only then does a chat's visitor hear it (an
 * internal note being written is nobody's business but the agents').
 */
export const TicketTypingRequest = z.strictObject({ ticketId: Id, typing: z.boolean(), reply: z.boolean().optional() });
export type TicketTypingRequest = z.infer<typeof TicketTypingRequest>;

/** `ticket:assigned_to_you`: someone else (or the system, `byAgentId: null`) made the agent this ticket's assignee. */
export const TicketAssignedToYouDto = z.object({ ticket: TicketDto, byAgentId: z.number().int().nullable() });
export type TicketAssignedToYouDto = z.infer<typeof TicketAssignedToYouDto>;

/** `ticket:rule_notice`: an automation rule asked for the agent's attention on a ticket, with its message. */
export const TicketRuleNoticeDto = z.object({ ticketId: z.number().int(), subject: z.string(), ruleName: z.string(), message: z.string() });
export type TicketRuleNoticeDto = z.infer<typeof TicketRuleNoticeDto>;

/** `ticket:bad_rating`: the customer rated the agent's ticket bad (sent when the desk's satisfaction settings ask for it). */
export const TicketBadRatingDto = z.object({ ticketId: z.number().int(), subject: z.string(), comment: z.string().nullable() });
export type TicketBadRatingDto = z.infer<typeof TicketBadRatingDto>;

/**
 * Commands an agent's console sends over the `/agent` namespace. Each is validated with its payload schema
 * by the server's one handler wrapper and answered with an Ack after the work is committed.
 */
export const agentCommands = {
  /** Open a ticket: join its room (after the visibility check) and become one of its viewers. */
  'ticket:watch': { payload: TicketRef, result: z.object({ ticketId: z.number().int(), viewers: z.array(TicketViewerDto) }) },
  'ticket:unwatch': { payload: TicketRef, result: TicketIdResult },
  'ticket:typing': { payload: TicketTypingRequest, result: TicketIdResult },
  'ticket:reply': { payload: ReplyRequest.extend({ ticketId: Id }), result: ThreadItemDto },
  'ticket:add_note': { payload: NoteRequest.extend({ ticketId: Id }), result: ThreadItemDto },
  'ticket:claim_next': { payload: z.strictObject({}), result: ClaimedTicketDto },
  /** Send a team chat message; acknowledged with the stored message once committed (a retry returns the same one). */
  'team:send': { payload: TeamSendRequest, result: TeamMessageDto },
  'team:typing': { payload: TeamTypingRequest, result: z.object({ conversationId: z.number().int() }) },
  /** Take a chat that rings: the first accept wins (others are refused with `chat/already_taken`); the ticket becomes the agent's. */
  'chat:accept': { payload: ChatAcceptRequest, result: ChatSessionDto },
  /** Say no to a ringing chat: it stops ringing here and is not offered to this agent again until requeued. */
  'chat:decline': { payload: ChatDeclineRequest, result: TicketIdResult },
  /** The chat's owner hands it to a department or to one agent: it is offered there again. */
  'chat:transfer': { payload: ChatTransferRequest, result: ChatSessionDto },
  /** The chat's owner (or a participant) brings a colleague in. */
  'chat:invite': { payload: ChatInviteRequest, result: ChatSessionDto },
  /** The chats ringing for this agent right now (after a reload or reconnect), and how many chats they own. */
  'chat:offers': { payload: z.strictObject({}), result: z.object({ offers: z.array(ChatOfferDto), mine: MyChatsDto }) },
  /** A chat ticket's routing (for its header); refused as not found when the agent may not see the ticket. */
  'chat:session': { payload: TicketRef, result: ChatSessionDto.nullable() },
  /** The agent has the chat open and has seen the visitor's messages up to this id; answered with both sides' receipts. */
  'chat:mark_seen': { payload: z.strictObject({ ticketId: Id, upToItemId: Id }), result: ChatReceiptsDto },
  /** Call a colleague or a channel from this tab (members only); rings the others, answered with the call. */
  'call:start': { payload: CallStartRequest, result: CallDto },
  /** Answer a call ringing for this agent, in this tab: the agent's other tabs stop ringing. */
  'call:accept': { payload: CallTabRequest, result: CallDto },
  'call:decline': { payload: CallRef, result: CallDto },
  /** Join a group call going on in a channel the agent is a member of. */
  'call:join': { payload: CallTabRequest, result: CallDto },
  /** Come back to a call after this tab's connection dropped (within the grace period). */
  'call:resume': { payload: CallTabRequest, result: CallDto },
  'call:hangup': { payload: CallRef, result: CallDto },
  /** Relay a WebRTC offer, answer or ICE candidate to another agent's tab in the same call. */
  'call:signal': { payload: CallSignalRequest, result: z.object({ callId: z.number().int() }) },
  /** The calls ringing for this agent or that they are in (after a reload or reconnect). */
  'call:current': { payload: z.strictObject({}), result: z.object({ calls: z.array(CallDto) }) },
  /** The ICE servers to use, with TURN credentials valid for a while. */
  'call:ice_servers': { payload: z.strictObject({}), result: IceServersDto },
} as const;
export type AgentCommandName = keyof typeof agentCommands;
export type AgentCommandPayload<K extends AgentCommandName> = z.input<(typeof agentCommands)[K]['payload']>;
export type AgentCommandResult<K extends AgentCommandName> = z.output<(typeof agentCommands)[K]['result']>;

/** Facts the server pushes to agents allowed to see them. */
export const agentFacts = {
  'ticket:created': TicketDto,
  'ticket:updated': TicketDto,
  /** The agent can no longer see the ticket (moved to a department they are not in). */
  'ticket:hidden': z.object({ ticketId: z.number().int() }),
  'thread:item_created': ThreadItemDto,
  'ticket:note_changed': z.object({ ticketId: z.number().int(), note: EditableNoteDto.nullable() }),
  /** Who has the ticket open and who types in it; sent to the ticket's viewers whenever that changes. */
  'ticket:viewers': TicketViewersDto,
  /** Sent to an agent alone when someone else made them a ticket's assignee. */
  'ticket:assigned_to_you': TicketAssignedToYouDto,
  /** Sent to the agents an automation rule notifies. */
  'ticket:rule_notice': TicketRuleNoticeDto,
  /** Sent to a ticket's agent when its customer rated it bad (if the desk asks for it). */
  'ticket:bad_rating': TicketBadRatingDto,
  /** An agent's availability changed, or their first console connected, or their last one left (after a grace). */
  'agent:presence': AgentPresenceDto,
  /** The website visitor of a chat the agent has open types (or stopped); the console lets it lapse when not renewed. */
  'chat:visitor_typing': z.object({ ticketId: z.number().int(), typing: z.boolean() }),
  /** The visitor of a chat the agent has open received / saw our messages up to these ids. */
  'chat:visitor_seen': z.object({ ticketId: z.number().int(), upToItemId: z.number().int().nullable(), deliveredUpToItemId: z.number().int().nullable() }),
  /** A team chat message, to the conversation's members only. */
  'team:message': TeamMessageDto,
  /** A member of a team conversation types (or stopped). */
  'team:typing': TeamTypingDto,
  /** The agent's own read marker moved (to their own connections). */
  'team:read': TeamReadDto,
  /** Sent to an agent alone when a team message mentions them. */
  'team:mentioned': TeamMentionedDto,
  /** A waiting chat rings for this agent (to their own room only). */
  'chat:offered': ChatOfferDto,
  /** A chat stops ringing for this agent: someone accepted it, it was transferred, declined here, or it ended. */
  'chat:offer_withdrawn': z.object({ ticketId: z.number().int() }),
  /** A colleague brought this agent into a chat. */
  'chat:invited': ChatInvitedDto,
  /** The number of chats this agent owns changed (to their own connections). */
  'chat:mine': MyChatsDto,
  /** Our emailed reply on a ticket moved on its way out (to the ticket's audience and room). */
  /** A call rings for this agent (to every tab of theirs). */
  'call:ringing': CallDto,
  /** A call the agent is in or rung for changed: someone joined, left, lost their connection, or it ended. */
  'call:state': CallDto,
  'call:stop_ringing': CallStopRingingDto,
  /** Another tab in the call sends this one an offer, an answer or an ICE candidate. */
  'call:signal': CallSignalDto,
  'email:delivery': z.object({ ticketId: z.number().int(), itemId: z.number().int(), state: z.enum(['queued', 'sent', 'failed', 'bounced']) }),
} as const;
export type AgentFactName = keyof typeof agentFacts;

export type AgentClientToServerEvents = {
  [K in AgentCommandName]: (payload: AgentCommandPayload<K>, ack: AckCallback<AgentCommandResult<K>>) => void;
};
export type AgentServerToClientEvents = {
  [K in AgentFactName]: (payload: z.output<(typeof agentFacts)[K]>) => void;
};

/** Messages between server instances (through the Redis adapter's serverSideEmit). */
export type InterServerEvents = {
  'presence:ping': (payload: { instanceId: string }) => void;
};

/** What the server knows about an authenticated agent socket. */
export interface AgentSocketData {
  agentId: number;
  /** The credential that opened this connection (a session or an API token): revoking it ends the connection. */
  sessionId: number | null;
  tokenId: number | null;
  /** Tickets this connection is typing in right now (read by every instance through fetchSockets). */
  typingTicketIds: number[];
  /** The tab ids this connection used in calls: when it goes, those tabs' calls learn it. */
  callTabIds?: string[];
}
