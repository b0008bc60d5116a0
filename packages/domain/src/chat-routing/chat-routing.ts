import { DomainError, ErrorCodes } from '../errors.js';
import type { AgentAvailability } from '../presence.js';

/**
 * Chat routing: who is offered a waiting chat, who gets it, and what happens when its agent is gone. The
 * server keeps one session per chat ticket in the database (so every instance agrees) and asks these rules
 * for each step; the rules never touch a clock or a socket themselves.
 *
 *   waiting ──offer──▶ offered ──accept──▶ active ──resolve──▶ ended
 *      ▲                  │ decline (last)    │ transfer / owner gone
 *      └──────────────────┴───────────────────┘
 */
export const CHAT_PHASES = ['waiting', 'offered', 'active', 'ended'] as const;
export type ChatPhase = (typeof CHAT_PHASES)[number];

export const DEFAULT_MAX_CONCURRENT_CHATS = 3;
export const MAX_CONCURRENT_CHATS_LIMIT = 50;
export const DEFAULT_CHAT_OFFER_WAIT_SECONDS = 30;
export const DEFAULT_CHAT_OWNER_GRACE_SECONDS = 20;

export interface ChatSessionState {
  readonly phase: ChatPhase;
  /** The department the chat is offered in first (null: any department). */
  readonly departmentId: number | null;
  readonly ownerAgentId: number | null;
  /** Colleagues invited into an active chat. */
  readonly participantIds: readonly number[];
  /** Who is ringing right now. */
  readonly offeredAgentIds: readonly number[];
  /** Who said no to this chat since it last went back to the queue; they are not rung again for it. */
  readonly declinedAgentIds: readonly number[];
  /** A transfer to one agent: only that agent is offered the chat until they decline it. */
  readonly targetAgentId: number | null;
  /** 0: offered in its department; 1 and above: widened to every department. */
  readonly offerRound: number;
  /** When the visitor started waiting (what the visitor's wait counter shows). */
  readonly waitingSince: Date;
  /** When the current offer round began (widening counts from here). */
  readonly offeredAt: Date;
  /** When the owner was first seen without a connected console (null while they are connected). */
  readonly ownerAbsentSince: Date | null;
}

/** What the router knows of one agent when it decides whom to ring. */
export interface RoutingCandidate {
  readonly agentId: number;
  readonly active: boolean;
  readonly departmentIds: readonly number[];
  readonly availability: AgentAvailability;
  /** At least one console of theirs is connected (on any instance). */
  readonly connected: boolean;
  /** Chats they own right now. */
  readonly activeChats: number;
  readonly maxConcurrentChats: number;
  /** When they last took a chat; null: never (the longest idle of all). */
  readonly lastChatAt: Date | null;
}

/** A new chat (or one reopened by the visitor's new message): waiting in its department. */
export function newChatSession(departmentId: number | null, now: Date): ChatSessionState {
  return {
    phase: 'waiting',
    departmentId,
    ownerAgentId: null,
    participantIds: [],
    offeredAgentIds: [],
    declinedAgentIds: [],
    targetAgentId: null,
    offerRound: 0,
    waitingSince: now,
    offeredAt: now,
    ownerAbsentSince: null,
  };
}

/** Whether the session still wants an agent (waiting or ringing). */
export function isPending(session: Pick<ChatSessionState, 'phase'>): boolean {
  return session.phase === 'waiting' || session.phase === 'offered';
}

/**
 * Whether an agent may be rung now: active, online, connected, below their capacity, and a member of the
 * department (unless the search is widened: `departmentId` null).
 */
export function hasFreeCapacity(candidate: RoutingCandidate): boolean {
  return candidate.activeChats < candidate.maxConcurrentChats;
}

export function isEligibleForOffer(candidate: RoutingCandidate, departmentId: number | null): boolean {
  if (!candidate.active || candidate.availability !== 'online' || !candidate.connected) return false;
  if (!hasFreeCapacity(candidate)) return false;
  return departmentId === null || candidate.departmentIds.includes(departmentId);
}

/** Fewest chats first, then whoever took a chat longest ago (never counts as longest), then the lower id. */
export function rankCandidates(candidates: readonly RoutingCandidate[]): RoutingCandidate[] {
  const idle = (c: RoutingCandidate) => c.lastChatAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  return [...candidates].sort((a, b) => a.activeChats - b.activeChats || idle(a) - idle(b) || a.agentId - b.agentId);
}

/** Whom to ring for a pending chat, best first: the transfer's target alone, or its department, or (widened) anyone. */
export function offerTargets(session: ChatSessionState, candidates: readonly RoutingCandidate[]): number[] {
  if (!isPending(session)) return [];
  const declined = new Set(session.declinedAgentIds);
  if (session.targetAgentId !== null) {
    const target = candidates.find((c) => c.agentId === session.targetAgentId);
    return target && isEligibleForOffer(target, null) && !declined.has(target.agentId) ? [target.agentId] : [];
  }
  const departmentId = session.offerRound > 0 ? null : session.departmentId;
  return rankCandidates(candidates.filter((c) => !declined.has(c.agentId) && isEligibleForOffer(c, departmentId))).map((c) => c.agentId);
}

/** The session ringing exactly `targets` (or waiting when nobody can be rung), and who starts or stops ringing. */
export function offerTo(
  session: ChatSessionState,
  targets: readonly number[],
): { session: ChatSessionState; added: number[]; withdrawn: number[] } {
  if (!isPending(session)) return { session, added: [], withdrawn: [] };
  const before = new Set(session.offeredAgentIds);
  const after = new Set(targets);
  return {
    session: { ...session, phase: targets.length > 0 ? 'offered' : 'waiting', offeredAgentIds: [...targets] },
    added: targets.filter((id) => !before.has(id)),
    withdrawn: session.offeredAgentIds.filter((id) => !after.has(id)),
  };
}

/** After `offerWaitMs` unanswered in its department (or by a transfer's target), the chat is offered to everyone. */
export function shouldWiden(session: ChatSessionState, now: Date, offerWaitMs: number): boolean {
  return isPending(session) && session.offerRound === 0 && now.getTime() - session.offeredAt.getTime() >= offerWaitMs;
}

export function widen(session: ChatSessionState, now: Date): ChatSessionState {
  return { ...session, offerRound: session.offerRound + 1, targetAgentId: null, offeredAt: now };
}

/**
 * First accept wins: a chat no longer pending is refused as taken; an agent it was not offered to may not
 * take it, nor one who reached their capacity since it started ringing (another chat taken meanwhile).
 */
export function acceptChat(
  session: ChatSessionState,
  agentId: number,
  load: { readonly activeChats: number; readonly maxConcurrentChats: number },
  /**
   * Whether routing would ring this agent for the chat right now. An eligible agent may take a waiting chat
   * they were not (or no longer) rung for — picked from the queue, or between a re-offer's withdrawal and
   * its ring — as agents of a department do in any help desk; anyone else may not.
   */
  eligibleNow = false,
): { session: ChatSessionState; withdrawn: number[] } {
  if (!isPending(session)) throw new DomainError(ErrorCodes.chatAlreadyTaken, 'Someone else took this chat, or it ended.');
  if (!session.offeredAgentIds.includes(agentId) && !eligibleNow) throw new DomainError(ErrorCodes.chatNotOffered, 'This chat is not offered to you.');
  if (load.activeChats >= load.maxConcurrentChats) throw new DomainError(ErrorCodes.chatAtCapacity, 'You have as many chats as you may take at once.');
  return {
    session: { ...session, phase: 'active', ownerAgentId: agentId, participantIds: [], offeredAgentIds: [], targetAgentId: null, ownerAbsentSince: null },
    withdrawn: session.offeredAgentIds.filter((id) => id !== agentId),
  };
}

/** An agent says no: they stop ringing and are not rung for this chat again until it is requeued or transferred. */
export function declineChat(session: ChatSessionState, agentId: number): ChatSessionState {
  if (!isPending(session) || !session.offeredAgentIds.includes(agentId)) {
    throw new DomainError(ErrorCodes.chatNotOffered, 'This chat is not offered to you.');
  }
  const offered = session.offeredAgentIds.filter((id) => id !== agentId);
  return {
    ...session,
    phase: offered.length > 0 ? 'offered' : 'waiting',
    offeredAgentIds: offered,
    declinedAgentIds: [...new Set([...session.declinedAgentIds, agentId])],
    // A transfer's target who declines hands the chat back to its department.
    targetAgentId: session.targetAgentId === agentId ? null : session.targetAgentId,
  };
}

export type ChatTransferTarget = { readonly departmentId: number } | { readonly agentId: number };

function assertOwner(session: ChatSessionState, agentId: number, isAdministrator: boolean): void {
  if (session.phase !== 'active') throw new DomainError(ErrorCodes.chatNotActive, 'The chat is not going on with an agent.');
  if (session.ownerAgentId !== agentId && !isAdministrator) {
    throw new DomainError(ErrorCodes.chatNotOwner, 'Only the agent who has the chat may do that.');
  }
}

/**
 * The owner (or an administrator) hands an active chat on: it is offered again, in the named department or
 * to the named agent alone. `targetAvailable` says whether a named agent may be rung right now.
 */
export function transferChat(
  session: ChatSessionState,
  actor: { readonly agentId: number; readonly isAdministrator: boolean },
  target: ChatTransferTarget,
  targetAvailable: boolean,
  now: Date,
): ChatSessionState {
  assertOwner(session, actor.agentId, actor.isAdministrator);
  if ('agentId' in target) {
    if (target.agentId === session.ownerAgentId) throw new DomainError(ErrorCodes.ticketTransferNoChange, 'The chat is already theirs.');
    if (!targetAvailable) throw new DomainError(ErrorCodes.chatAgentUnavailable, 'That agent cannot take a chat right now.');
  }
  return {
    ...session,
    phase: 'waiting',
    departmentId: 'departmentId' in target ? target.departmentId : session.departmentId,
    ownerAgentId: null,
    participantIds: [],
    offeredAgentIds: [],
    // Whoever handed it on is not rung for it again.
    declinedAgentIds: session.ownerAgentId === null ? [] : [session.ownerAgentId],
    targetAgentId: 'agentId' in target ? target.agentId : null,
    offerRound: 0,
    // The visitor waits anew, from the moment of the transfer.
    waitingSince: now,
    offeredAt: now,
    ownerAbsentSince: null,
  };
}

/** The owner or a participant brings a colleague into an active chat. */
export function inviteToChat(session: ChatSessionState, actorAgentId: number, inviteeAgentId: number): ChatSessionState {
  if (session.phase !== 'active') throw new DomainError(ErrorCodes.chatNotActive, 'The chat is not going on with an agent.');
  if (session.ownerAgentId !== actorAgentId && !session.participantIds.includes(actorAgentId)) {
    throw new DomainError(ErrorCodes.chatNotOwner, 'Only the agents in the chat may invite a colleague.');
  }
  if (inviteeAgentId === session.ownerAgentId || session.participantIds.includes(inviteeAgentId)) {
    throw new DomainError(ErrorCodes.chatAlreadyParticipant, 'That agent is already in the chat.');
  }
  return { ...session, participantIds: [...session.participantIds, inviteeAgentId] };
}

/**
 * The owner's console presence as the periodic check sees it: `mark` starts the grace, `clear` ends it,
 * `requeue` when the owner has been gone longer than the grace, `keep` otherwise.
 */
export function ownerPresenceStep(
  session: ChatSessionState,
  ownerConnected: boolean,
  now: Date,
  graceMs: number,
): 'mark' | 'clear' | 'requeue' | 'keep' {
  if (session.phase !== 'active') return 'keep';
  if (ownerConnected) return session.ownerAbsentSince === null ? 'keep' : 'clear';
  if (session.ownerAbsentSince === null) return 'mark';
  return now.getTime() - session.ownerAbsentSince.getTime() >= graceMs ? 'requeue' : 'keep';
}

/** The owner is gone: the chat goes back to the queue and is offered again instead of hanging. */
export function requeueChat(session: ChatSessionState, now: Date): ChatSessionState {
  return {
    ...session,
    phase: 'waiting',
    ownerAgentId: null,
    participantIds: [],
    offeredAgentIds: [],
    declinedAgentIds: [],
    targetAgentId: null,
    offerRound: 0,
    waitingSince: now,
    offeredAt: now,
    ownerAbsentSince: null,
  };
}

/** The chat's ticket was resolved: nobody rings for it and nobody holds it. */
export function endChatSession(session: ChatSessionState): { session: ChatSessionState; withdrawn: number[] } {
  return {
    session: { ...session, phase: 'ended', offeredAgentIds: [], targetAgentId: null, ownerAbsentSince: null },
    withdrawn: [...session.offeredAgentIds],
  };
}

/** What the visitor sees of routing: whether they wait, and the name of who joined; never an agent id. */
export interface VisitorChatState {
  readonly phase: 'waiting' | 'connected' | 'ended';
  readonly waitingSince: Date | null;
  readonly agent: { readonly name: string } | null;
}

export function visitorChatState(session: Pick<ChatSessionState, 'phase' | 'waitingSince'>, ownerName: string | null): VisitorChatState {
  if (isPending(session)) return { phase: 'waiting', waitingSince: session.waitingSince, agent: null };
  if (session.phase === 'active') return { phase: 'connected', waitingSince: null, agent: ownerName === null ? null : { name: ownerName } };
  return { phase: 'ended', waitingSince: null, agent: null };
}
