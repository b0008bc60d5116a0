import { z } from 'zod';
import { ClientId, Id } from '../common.js';

/**
 * Voice calls between agents (issue 16). The server keeps each call's state and relays the browsers'
 * signalling (offers, answers, ICE candidates) between the tabs in the call; the audio itself flows between
 * the browsers. A tab names itself with an id of its own (kept across reconnections of its socket), so a
 * call stays with the tab that answered it.
 */
export const CallTabId = ClientId;

export const CallKind = z.enum(['direct', 'group']);
export const CallStatus = z.enum(['ringing', 'active', 'ended']);
export const CallEndReason = z.enum(['completed', 'cancelled', 'declined', 'missed', 'busy']);
export const CallParticipantState = z.enum(['ringing', 'joined', 'disconnected', 'left', 'declined', 'missed', 'busy']);

export const CallParticipantDto = z.object({
  agentId: z.number().int(),
  state: CallParticipantState,
  joinedAt: z.string().nullable(),
});
export type CallParticipantDto = z.infer<typeof CallParticipantDto>;

export const CallDto = z.object({
  id: z.number().int(),
  kind: CallKind,
  conversationId: z.number().int(),
  /** The ticket a consultation is about; it gets an internal note of the call (never shown to the customer). */
  ticketId: z.number().int().nullable(),
  callerAgentId: z.number().int(),
  status: CallStatus,
  participants: z.array(CallParticipantDto),
  startedAt: z.string(),
  answeredAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  endReason: CallEndReason.nullable(),
});
export type CallDto = z.infer<typeof CallDto>;

/** Call a colleague (a direct conversation) or a channel; with `ticketId`, a consultation about that ticket. */
export const CallStartRequest = z.strictObject({ conversationId: Id, ticketId: Id.optional(), tabId: CallTabId, clientId: ClientId });
export type CallStartRequest = z.infer<typeof CallStartRequest>;

/** Accept a ringing call, join a group call, or come back to a call after this tab's connection dropped. */
export const CallTabRequest = z.strictObject({ callId: Id, tabId: CallTabId });
export type CallTabRequest = z.infer<typeof CallTabRequest>;

export const CallRef = z.strictObject({ callId: Id });
export type CallRef = z.infer<typeof CallRef>;

/** What one browser sends another to set up or restart their audio: WebRTC's own texts, size-limited. */
export const CallSignal = z.discriminatedUnion('type', [
  z.strictObject({ type: z.enum(['offer', 'answer']), sdp: z.string().min(1).max(32_000) }),
  z.strictObject({
    type: z.literal('candidate'),
    candidate: z.string().max(2_000),
    sdpMid: z.string().max(64).nullable(),
    sdpMLineIndex: z.number().int().min(0).max(64).nullable(),
  }),
]);
export type CallSignal = z.infer<typeof CallSignal>;

export const CallSignalRequest = z.strictObject({ callId: Id, tabId: CallTabId, toAgentId: Id, signal: CallSignal });
export type CallSignalRequest = z.infer<typeof CallSignalRequest>;

/** `call:signal` as the other tab receives it. */
export const CallSignalDto = z.object({ callId: z.number().int(), fromAgentId: z.number().int(), signal: CallSignal });
export type CallSignalDto = z.infer<typeof CallSignalDto>;

/** `call:stop_ringing`: to every tab of the agent: answered (perhaps in another tab), declined, missed or cancelled. */
export const CallStopRingingDto = z.object({ callId: z.number().int(), reason: z.enum(['answered', 'declined', 'missed', 'cancelled']) });
export type CallStopRingingDto = z.infer<typeof CallStopRingingDto>;

/** The STUN and TURN servers a browser may use; TURN credentials are short-lived (TURN REST style). */
export const IceServerDto = z.object({ urls: z.array(z.string()), username: z.string().optional(), credential: z.string().optional() });
export const IceServersDto = z.object({ iceServers: z.array(IceServerDto), expiresAt: z.string().nullable() });
export type IceServersDto = z.infer<typeof IceServersDto>;
