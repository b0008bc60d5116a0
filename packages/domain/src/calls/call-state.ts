import { DomainError, ErrorCodes } from '../errors.js';

/**
 * Voice calls between agents: the call's state as one value, changed only by the transitions below. The
 * server keeps it in the database and applies a transition for each signal, each ring timeout and each
 * console that goes away; the media itself flows between the browsers and never through the server.
 *
 * A direct call rings one colleague (from a direct conversation or a ticket); a group call rings the members
 * of a channel, and any member may join or leave while it lasts, up to CALL_MAX_PARTICIPANTS at once (every
 * browser sends its audio to every other: a mesh).
 */
export type CallKind = 'direct' | 'group';
export type CallStatus = 'ringing' | 'active' | 'ended';

/**
 * How a call ended: talked and hung up (completed), hung up by the caller before anyone answered (cancelled),
 * refused (declined), not answered in time (missed), or everyone rung already in a call (busy).
 */
export type CallEndReason = 'completed' | 'cancelled' | 'declined' | 'missed' | 'busy';
export const CALL_END_REASONS: readonly CallEndReason[] = ['completed', 'cancelled', 'declined', 'missed', 'busy'];

/**
 * Where each agent stands: being rung (in every console tab), in the call (from one tab), in it but with that
 * tab's connection gone (for a grace period, the others see it), or out of it and why.
 */
export type CallParticipantState = 'ringing' | 'joined' | 'disconnected' | 'left' | 'declined' | 'missed' | 'busy';

/** An unanswered call stops ringing after this long and counts as missed. */
export const CALL_RING_TIMEOUT_MS = 30_000;
/** The most agents in a call at once: a mesh of audio streams, each browser sending to every other. */
export const CALL_MAX_PARTICIPANTS = 6;
/** How long a participant whose console lost its connection stays in the call, to come back to it. */
export const CALL_DISCONNECT_GRACE_MS = 20_000;

export interface CallParticipant {
  readonly agentId: number;
  readonly state: CallParticipantState;
  /** The console tab (its connection) the agent's audio runs in while joined or disconnected. */
  readonly tabId: string | null;
  /** When the agent first joined; null if they never did. */
  readonly joinedAt: number | null;
  /** When the agent's tab lost its connection (state `disconnected`). */
  readonly disconnectedAt: number | null;
  /** Milliseconds spent in the call over every time the agent joined. */
  readonly talkedMs: number;
  /** Since when the current stretch in the call runs (joined or disconnected). */
  readonly inCallSince: number | null;
}

export interface CallState {
  readonly kind: CallKind;
  /** The team-chat conversation the call belongs to (direct conversation or channel). */
  readonly conversationId: number;
  /** The ticket a consultation is about: the call is noted on it as an internal event. */
  readonly ticketId: number | null;
  readonly callerAgentId: number;
  readonly status: CallStatus;
  readonly participants: readonly CallParticipant[];
  readonly startedAt: number;
  /** When a second agent first joined. */
  readonly answeredAt: number | null;
  readonly endedAt: number | null;
  readonly endReason: CallEndReason | null;
}

/** What the server must do besides keeping the new state and telling the call's participants of it. */
export type CallEffect =
  | { readonly type: 'ring'; readonly agentId: number }
  /** Every tab of the agent stops ringing (the one that answered ignores it). */
  | { readonly type: 'stop_ringing'; readonly agentId: number; readonly reason: 'answered' | 'declined' | 'missed' | 'cancelled' }
  | { readonly type: 'ended'; readonly reason: CallEndReason };

export interface CallTransition {
  readonly state: CallState;
  readonly effects: readonly CallEffect[];
}

export interface StartCall {
  readonly kind: CallKind;
  readonly conversationId: number;
  readonly ticketId?: number | null;
  readonly callerAgentId: number;
  readonly callerTabId: string;
  /** The agents to ring: the other agent of a direct conversation, or a channel's members (the caller is left out). */
  readonly inviteeAgentIds: readonly number[];
  /** Agents already in a call somewhere: they are not rung. */
  readonly busyAgentIds: ReadonlySet<number>;
}

const refuse = (code: (typeof ErrorCodes)[keyof typeof ErrorCodes], message: string): never => {
  throw new DomainError(code, message);
};

const PRESENT: ReadonlySet<CallParticipantState> = new Set(['joined', 'disconnected']);

/** Whether the agent is in this call now (joined, or disconnected and still within the grace period). */
export function isInCall(state: CallState, agentId: number): boolean {
  return state.status !== 'ended' && state.participants.some((p) => p.agentId === agentId && PRESENT.has(p.state));
}

/** Starts a call: the caller is in it from their tab, everyone else not busy is rung. */
export function startCall(input: StartCall, now: number): CallTransition {
  const invitees = [...new Set(input.inviteeAgentIds)].filter((id) => id !== input.callerAgentId);
  if (invitees.length === 0) refuse(ErrorCodes.callInvalid, 'A call needs someone to call.');
  if (input.kind === 'direct' && invitees.length !== 1) refuse(ErrorCodes.callInvalid, 'A direct call rings exactly one colleague.');
  if (input.busyAgentIds.has(input.callerAgentId)) refuse(ErrorCodes.callBusy, 'You are already in a call.');
  const caller: CallParticipant = { agentId: input.callerAgentId, state: 'joined', tabId: input.callerTabId, joinedAt: now, disconnectedAt: null, talkedMs: 0, inCallSince: now };
  const others = invitees.map(
    (agentId): CallParticipant => ({ agentId, state: input.busyAgentIds.has(agentId) ? 'busy' : 'ringing', tabId: null, joinedAt: null, disconnectedAt: null, talkedMs: 0, inCallSince: null }),
  );
  const state: CallState = {
    kind: input.kind,
    conversationId: input.conversationId,
    ticketId: input.ticketId ?? null,
    callerAgentId: input.callerAgentId,
    status: 'ringing',
    participants: [caller, ...others],
    startedAt: now,
    answeredAt: null,
    endedAt: null,
    endReason: null,
  };
  const rings = others.filter((p) => p.state === 'ringing').map((p): CallEffect => ({ type: 'ring', agentId: p.agentId }));
  return settle(state, rings, now);
}

function participantOf(state: CallState, agentId: number): CallParticipant {
  const participant = state.participants.find((p) => p.agentId === agentId);
  if (!participant) return refuse(ErrorCodes.callNotParticipant, 'You are not in this call.');
  return participant;
}

function assertNotEnded(state: CallState): void {
  if (state.status === 'ended') refuse(ErrorCodes.callEnded, 'This call has ended.');
}

function withParticipant(state: CallState, agentId: number, change: (p: CallParticipant) => CallParticipant): CallState {
  return { ...state, participants: state.participants.map((p) => (p.agentId === agentId ? change(p) : p)) };
}

/** The participant out of the call from `now`, their time in it counted. */
function leave(p: CallParticipant, now: number, state: CallParticipantState = 'left'): CallParticipant {
  const talked = p.inCallSince === null ? p.talkedMs : p.talkedMs + Math.max(0, now - p.inCallSince);
  return { ...p, state, tabId: null, disconnectedAt: null, talkedMs: talked, inCallSince: null };
}

function presentCount(state: CallState): number {
  return state.participants.filter((p) => PRESENT.has(p.state)).length;
}

/** Accepts a ringing call from one tab: the agent joins there, and their other tabs stop ringing. */
export function acceptCall(state: CallState, agentId: number, tabId: string, now: number): CallTransition {
  assertNotEnded(state);
  const participant = participantOf(state, agentId);
  if (PRESENT.has(participant.state)) refuse(ErrorCodes.callAnsweredElsewhere, 'You already answered this call in another tab.');
  if (participant.state !== 'ringing') refuse(ErrorCodes.callNotRinging, 'This call is not ringing for you.');
  return join(state, participant, tabId, now, [{ type: 'stop_ringing', agentId, reason: 'answered' }]);
}

/**
 * Joins a group call that is going on (from the channel), or rejoins it after leaving, declining or missing
 * its ringing. A participant whose console lost its connection (a reloaded page, which has a new tab id) takes
 * the call back in the joining tab, still within the grace. A direct call is only answered.
 */
export function joinCall(state: CallState, agentId: number, tabId: string, now: number): CallTransition {
  assertNotEnded(state);
  if (state.kind !== 'group') refuse(ErrorCodes.callInvalid, 'Only a group call can be joined; a direct call is answered.');
  const existing = state.participants.find((p) => p.agentId === agentId);
  if (existing?.state === 'disconnected') return tabReconnected(state, agentId, tabId, now);
  if (existing && PRESENT.has(existing.state)) refuse(ErrorCodes.callAnsweredElsewhere, 'You are already in this call.');
  const participant: CallParticipant = existing ?? { agentId, state: 'left', tabId: null, joinedAt: null, disconnectedAt: null, talkedMs: 0, inCallSince: null };
  const added = existing ? state : { ...state, participants: [...state.participants, participant] };
  const effects: CallEffect[] = participant.state === 'ringing' ? [{ type: 'stop_ringing', agentId, reason: 'answered' }] : [];
  return join(added, participant, tabId, now, effects);
}

function join(state: CallState, participant: CallParticipant, tabId: string, now: number, effects: CallEffect[]): CallTransition {
  if (presentCount(state) >= CALL_MAX_PARTICIPANTS) refuse(ErrorCodes.callFull, `A call holds at most ${CALL_MAX_PARTICIPANTS} agents.`);
  const joined = withParticipant(state, participant.agentId, (p) => ({ ...p, state: 'joined', tabId, joinedAt: p.joinedAt ?? now, disconnectedAt: null, inCallSince: now }));
  return settle({ ...joined, status: 'active', answeredAt: joined.answeredAt ?? now }, effects, now);
}

/** Declines a ringing call: the agent's tabs stop ringing; a call nobody else may still answer ends. */
export function declineCall(state: CallState, agentId: number, now: number): CallTransition {
  assertNotEnded(state);
  const participant = participantOf(state, agentId);
  if (participant.state !== 'ringing') refuse(ErrorCodes.callNotRinging, 'This call is not ringing for you.');
  const declined = withParticipant(state, agentId, (p) => ({ ...p, state: 'declined' }));
  return settle(declined, [{ type: 'stop_ringing', agentId, reason: 'declined' }], now);
}

/**
 * Hangs up: the agent leaves the call. The caller hanging up before anyone answered cancels it (those rung
 * missed it); otherwise the call goes on while two are in it or someone is still being rung.
 */
export function hangUp(state: CallState, agentId: number, now: number): CallTransition {
  assertNotEnded(state);
  const participant = participantOf(state, agentId);
  if (!PRESENT.has(participant.state)) refuse(ErrorCodes.callNotParticipant, 'You are not in this call.');
  return settle(withParticipant(state, agentId, (p) => leave(p, now)), [], now);
}

/**
 * The connection of a console tab went away. A participant whose call ran in it is shown as disconnected
 * and has CALL_DISCONNECT_GRACE_MS to come back; ringing goes on in the agent's other tabs.
 */
export function tabDisconnected(state: CallState, agentId: number, tabId: string, now: number): CallTransition {
  if (state.status === 'ended') return { state, effects: [] };
  const participant = state.participants.find((p) => p.agentId === agentId);
  if (participant?.state !== 'joined' || participant.tabId !== tabId) return { state, effects: [] };
  return { state: withParticipant(state, agentId, (p) => ({ ...p, state: 'disconnected', disconnectedAt: now })), effects: [] };
}

/** A disconnected participant is back (the same tab reconnected, or another tab took the call over). */
export function tabReconnected(state: CallState, agentId: number, tabId: string, now: number): CallTransition {
  assertNotEnded(state);
  const participant = participantOf(state, agentId);
  const graceOver = participant.disconnectedAt !== null && now >= participant.disconnectedAt + CALL_DISCONNECT_GRACE_MS;
  if (participant.state !== 'disconnected' || graceOver) refuse(ErrorCodes.callNotParticipant, 'You are not waiting to come back to this call.');
  return { state: withParticipant(state, agentId, (p) => ({ ...p, state: 'joined', tabId, disconnectedAt: null })), effects: [] };
}

/** The next instant a timer changes this call (ringing running out, a disconnected participant's grace); null if none. */
export function nextCallDeadline(state: CallState): number | null {
  if (state.status === 'ended') return null;
  const deadlines: number[] = [];
  if (state.participants.some((p) => p.state === 'ringing')) deadlines.push(state.startedAt + CALL_RING_TIMEOUT_MS);
  for (const p of state.participants) if (p.state === 'disconnected' && p.disconnectedAt !== null) deadlines.push(p.disconnectedAt + CALL_DISCONNECT_GRACE_MS);
  return deadlines.length === 0 ? null : Math.min(...deadlines);
}

/**
 * What the timers do by `now`: ringing unanswered for CALL_RING_TIMEOUT_MS is missed, a participant
 * disconnected past the grace period has left. Applied by a sweep and whenever the call is next touched, so
 * a restarted server or another instance finishes what one began.
 */
export function advanceCallTimers(state: CallState, now: number): CallTransition {
  if (state.status === 'ended') return { state, effects: [] };
  const effects: CallEffect[] = [];
  const ringingOver = now >= state.startedAt + CALL_RING_TIMEOUT_MS;
  const participants = state.participants.map((p) => {
    if (p.state === 'ringing' && ringingOver) {
      effects.push({ type: 'stop_ringing', agentId: p.agentId, reason: 'missed' });
      return { ...p, state: 'missed' as const };
    }
    if (p.state === 'disconnected' && p.disconnectedAt !== null && now >= p.disconnectedAt + CALL_DISCONNECT_GRACE_MS) return leave(p, p.disconnectedAt + CALL_DISCONNECT_GRACE_MS);
    return p;
  });
  if (effects.length === 0 && participants.every((p, i) => p === state.participants[i])) return { state, effects: [] };
  return settle({ ...state, participants }, effects, now);
}

/**
 * Ends a call that cannot go on, with the reason that fits: before anyone answered, the caller gone cancels
 * it and the last ringing over ends it (busy, declined or missed); after, it ends when at most one is left in
 * it with nobody still rung, or when nobody is in it at all.
 */
function settle(state: CallState, effects: CallEffect[], now: number): CallTransition {
  const ringing = state.participants.some((p) => p.state === 'ringing');
  const present = presentCount(state);
  if (state.answeredAt === null) {
    const callerPresent = PRESENT.has(state.participants.find((p) => p.agentId === state.callerAgentId)?.state ?? 'left');
    if (!callerPresent) return finish(state, 'cancelled', effects, now);
    if (ringing) return { state, effects };
    const invitees = state.participants.filter((p) => p.agentId !== state.callerAgentId);
    const reason: CallEndReason = invitees.every((p) => p.state === 'busy') ? 'busy' : invitees.some((p) => p.state === 'declined') ? 'declined' : 'missed';
    return finish(state, reason, effects, now);
  }
  if (present === 0 || (present === 1 && !ringing)) return finish(state, 'completed', effects, now);
  return { state, effects };
}

/** The call over: whoever is in it leaves now, whoever is still rung missed it and stops ringing. */
function finish(state: CallState, reason: CallEndReason, effects: CallEffect[], now: number): CallTransition {
  const stopped: CallEffect[] = [];
  const participants = state.participants.map((p) => {
    if (PRESENT.has(p.state)) return leave(p, now);
    if (p.state !== 'ringing') return p;
    stopped.push({ type: 'stop_ringing', agentId: p.agentId, reason: reason === 'cancelled' ? 'cancelled' : 'missed' });
    return { ...p, state: 'missed' as const };
  });
  return { state: { ...state, status: 'ended', participants, endedAt: now, endReason: reason }, effects: [...effects, ...stopped, { type: 'ended', reason }] };
}

/** Whether one participant's tab may send call signals (offer, answer, ICE) to another agent in the call. */
export function maySignal(state: CallState, fromAgentId: number, fromTabId: string, toAgentId: number): boolean {
  if (state.status === 'ended' || fromAgentId === toAgentId) return false;
  const from = state.participants.find((p) => p.agentId === fromAgentId);
  const to = state.participants.find((p) => p.agentId === toAgentId);
  return from?.state === 'joined' && from.tabId === fromTabId && to !== undefined && PRESENT.has(to.state);
}

/** What the team chat's record of an ended call says: who called, who was in it, for how long, how it ended. */
export interface CallRecord {
  readonly kind: CallKind;
  readonly callerAgentId: number;
  readonly outcome: CallEndReason;
  /** Everyone who was in the call at some point, the caller first. */
  readonly joinedAgentIds: readonly number[];
  /** From the first answer to the end, in whole seconds; 0 for a call nobody answered. */
  readonly durationSeconds: number;
  readonly ticketId: number | null;
}

export function callRecord(state: CallState): CallRecord {
  if (state.status !== 'ended' || state.endReason === null || state.endedAt === null) return refuse(ErrorCodes.callInvalid, 'Only an ended call has a record.');
  const joined = state.participants.filter((p) => p.joinedAt !== null).map((p) => p.agentId);
  return {
    kind: state.kind,
    callerAgentId: state.callerAgentId,
    outcome: state.endReason,
    joinedAgentIds: state.answeredAt === null ? [state.callerAgentId] : joined,
    durationSeconds: state.answeredAt === null ? 0 : Math.round((state.endedAt - state.answeredAt) / 1000),
    ticketId: state.ticketId,
  };
}
