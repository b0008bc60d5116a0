import { UniqueConstraintViolationException } from '@mikro-orm/core';
import {
  acceptCall,
  advanceCallTimers,
  type CallState,
  type CallTransition,
  DomainError,
  declineCall,
  ErrorCodes,
  hangUp,
  isInCall,
  joinCall,
  maySignal,
  startCall,
  tabDisconnected,
  tabReconnected,
} from '@parley/domain';
import type { CallDto, CallSignalRequest, CallStartRequest } from '@parley/protocol';
import type { AgentScope, AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { findTicketForAgent } from '../tickets/ticket.repository.js';
import { conversationForAgent } from '../team-chat/team-chat.service.js';
import { announceCall, callChannelRooms, callTabRoom } from './call-announce.js';
import { callDto } from './call-dto.js';
import { AgentCall } from './call.entity.js';
import { type AfterCallCommit, announceCallPresence, columnsOf, recordCallEnd, writeCallChange } from './call-write.js';
import { agentsInCalls, openCalls } from './open-calls.js';

const callNotFound = () => new DomainError(ErrorCodes.callNotFound, 'This call does not exist or has ended.');

/**
 * Calls a colleague (a direct conversation) or a channel from this tab. Only members of the conversation
 * may, and a consultation's ticket must be one the agent may see. A retried start answers with its call.
 */
export async function startAgentCall(scope: AgentScope, input: CallStartRequest): Promise<CallDto> {
  const { em, agent, app } = scope;
  const loaded = await conversationForAgent(em, agent, input.conversationId);
  const replay = await em.findOne(AgentCall, { callerAgent: agent.agentId, clientId: input.clientId });
  if (replay) return callDto(replay.id, replay.state);
  if (input.ticketId !== undefined) await findTicketForAgent(em, agent, input.ticketId);
  const now = app.clock.now().getTime();
  const kind = loaded.access.kind === 'direct' ? 'direct' : 'group';
  // A channel rings its members who have a console open; a colleague called directly is rung (and misses it) either way.
  const connected = kind === 'group' ? await app.connections.connectedAgentIds() : null;
  const invitees = connected ? loaded.memberIds.filter((memberId) => connected.has(memberId)) : loaded.memberIds;
  const { state, effects } = startCall(
    {
      kind,
      conversationId: input.conversationId,
      ticketId: input.ticketId ?? null,
      callerAgentId: agent.agentId,
      callerTabId: input.tabId,
      inviteeAgentIds: invitees,
      busyAgentIds: await agentsInCalls(em, now),
    },
    now,
  );
  const channelRooms = await callChannelRooms(em, state);
  let id: number;
  let afterCommit: AfterCallCommit = () => undefined;
  try {
    id = await em.transactional(async (tx) => {
      const call = tx.create(AgentCall, {
        conversation: input.conversationId,
        ticketId: state.ticketId,
        callerAgent: agent.agentId,
        clientId: input.clientId,
        startedAt: new Date(now),
        version: 0,
        ...columnsOf(state),
      });
      await tx.flush();
      // Everyone rung was already in a call: it ended as it began, and is recorded with it.
      if (state.status === 'ended') afterCommit = await recordCallEnd(app, tx as Em, call.id, state);
      return call.id;
    });
  } catch (error) {
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    const stored = await em.fork().findOne(AgentCall, { callerAgent: agent.agentId, clientId: input.clientId });
    if (!stored) throw error;
    return callDto(stored.id, stored.state);
  }
  announceCall(app, id, state, effects, channelRooms);
  afterCommit();
  announceCallPresence(app, null, state);
  return callDto(id, state);
}

/**
 * Applies one change to a stored call: its timers first (so a call whose ringing ran out is missed before
 * anyone answers it), then the change, written only if nobody changed the call meanwhile (else read again
 * and retried), and announced after commit. The change that ends it writes its record with it (writeCallChange). A refused change still keeps what the timers did.
 */
async function changeCall(app: AppContext, callId: number, change: (state: CallState, now: number) => CallTransition): Promise<CallState> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const em = app.orm.em.fork() as Em;
    const call = await em.findOne(AgentCall, { id: callId });
    if (!call) throw callNotFound();
    const now = app.clock.now().getTime();
    const timed = advanceCallTimers(call.state, now);
    let result: CallTransition;
    let refusal: unknown = null;
    try {
      result = change(timed.state, now);
    } catch (error) {
      refusal = error;
      result = { state: timed.state, effects: [] };
    }
    const effects = [...timed.effects, ...result.effects];
    if (result.state !== call.state) {
      const channelRooms = await callChannelRooms(em, result.state);
      const afterCommit = await writeCallChange(app, em, call, result.state);
      if (afterCommit === null) continue;
      announceCall(app, callId, result.state, effects, channelRooms);
      afterCommit();
    }
    if (refusal) throw refusal;
    return result.state;
  }
  throw new DomainError(ErrorCodes.conflict, 'The call changed too often at once; try again.');
}

/** The call if the agent was rung for it or is in it (a group call: or may join it); "not found" otherwise. */
async function callFor(scope: AgentScope, callId: number, mayJoin = false): Promise<AgentCall> {
  const call = await scope.em.findOne(AgentCall, { id: callId });
  if (!call) throw callNotFound();
  if (call.state.participants.some((p) => p.agentId === scope.agent.agentId)) return call;
  if (mayJoin && (await mayUseConversation(scope, call.conversation))) return call;
  throw callNotFound();
}

async function refuseIfBusyElsewhere(scope: AgentScope, callId: number): Promise<void> {
  const now = scope.app.clock.now().getTime();
  for (const call of await openCalls(scope.em)) {
    if (call.id !== callId && isInCall(advanceCallTimers(call.state, now).state, scope.agent.agentId)) throw new DomainError(ErrorCodes.callBusy, 'You are already in another call.');
  }
}

export async function acceptAgentCall(scope: AgentScope, callId: number, tabId: string): Promise<CallDto> {
  await callFor(scope, callId);
  await refuseIfBusyElsewhere(scope, callId);
  return callDto(callId, await changeCall(scope.app, callId, (state, now) => acceptCall(state, scope.agent.agentId, tabId, now)));
}

export async function joinAgentCall(scope: AgentScope, callId: number, tabId: string): Promise<CallDto> {
  await callFor(scope, callId, true);
  await refuseIfBusyElsewhere(scope, callId);
  return callDto(callId, await changeCall(scope.app, callId, (state, now) => joinCall(state, scope.agent.agentId, tabId, now)));
}

export async function resumeAgentCall(scope: AgentScope, callId: number, tabId: string): Promise<CallDto> {
  await callFor(scope, callId);
  return callDto(callId, await changeCall(scope.app, callId, (state, now) => tabReconnected(state, scope.agent.agentId, tabId, now)));
}

export async function declineAgentCall(scope: AgentScope, callId: number): Promise<CallDto> {
  await callFor(scope, callId);
  return callDto(callId, await changeCall(scope.app, callId, (state, now) => declineCall(state, scope.agent.agentId, now)));
}

export async function hangUpAgentCall(scope: AgentScope, callId: number): Promise<CallDto> {
  await callFor(scope, callId);
  return callDto(callId, await changeCall(scope.app, callId, (state, now) => hangUp(state, scope.agent.agentId, now)));
}

/** A console tab's last connection went away: each call it was in shows it disconnected (with a grace to come back). */
export async function callTabGone(app: AppContext, agentId: number, tabId: string): Promise<void> {
  for (const call of await openCalls(app.orm.em.fork() as Em)) {
    if (!call.state.participants.some((p) => p.agentId === agentId && p.tabId === tabId)) continue;
    await changeCall(app, call.id, (state, now) => tabDisconnected(state, agentId, tabId, now));
  }
}

/** Relays a WebRTC signal from this tab to another agent's tab in the same call, on whichever instance it is. */
export async function relayCallSignal(scope: AgentScope, input: CallSignalRequest): Promise<{ callId: number }> {
  await scope.app.rateLimits.consumeCallSignal(scope.agent.agentId);
  const call = await callFor(scope, input.callId);
  const state = advanceCallTimers(call.state, scope.app.clock.now().getTime()).state;
  if (!maySignal(state, scope.agent.agentId, input.tabId, input.toAgentId)) throw new DomainError(ErrorCodes.callNotParticipant, 'Signals go only between tabs in the call.');
  const target = state.participants.find((p) => p.agentId === input.toAgentId);
  if (target?.tabId) scope.app.connections.namespace.to(callTabRoom(input.toAgentId, target.tabId)).emit('call:signal', { callId: input.callId, fromAgentId: scope.agent.agentId, signal: input.signal });
  return { callId: input.callId };
}

/** Whether the agent may use the call's conversation (a member of the channel); never an error. */
async function mayUseConversation(scope: AgentScope, conversationId: number): Promise<boolean> {
  try {
    await conversationForAgent(scope.em, scope.agent, conversationId);
    return true;
  } catch {
    return false;
  }
}

/**
 * The calls ringing for the agent or that they are in, and the group calls going on in the channels they are
 * a member of (which they may join while they last, e.g. after a reload or having declined), as they stand now.
 */
export async function currentAgentCalls(scope: AgentScope): Promise<{ calls: CallDto[] }> {
  const now = scope.app.clock.now().getTime();
  const calls: CallDto[] = [];
  for (const call of await openCalls(scope.em)) {
    const state = advanceCallTimers(call.state, now).state;
    if (state.status === 'ended') continue;
    const mine = state.participants.find((p) => p.agentId === scope.agent.agentId);
    const concerned = mine && (mine.state === 'ringing' || isInCall(state, scope.agent.agentId));
    if (concerned || (state.kind === 'group' && (await mayUseConversation(scope, state.conversationId)))) calls.push(callDto(call.id, state));
  }
  return { calls };
}

/** Applies the timers of every call whose deadline has come (ringing run out, a lost console's grace over). */
export async function sweepCalls(app: AppContext): Promise<void> {
  const em = app.orm.em.fork() as Em;
  const due = await em.find(AgentCall, { status: { $ne: 'ended' }, nextDeadline: { $lte: app.clock.now() } }, { fields: ['id'] });
  for (const call of due) await changeCall(app, call.id, (state, now) => advanceCallTimers(state, now));
}
