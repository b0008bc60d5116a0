import type { SystemEvent } from '../thread/system-event.js';
import { type CallState, callRecord, isInCall } from './call-state.js';

/**
 * What a call's change means beyond the call itself: the team chat's record when it ends, the note on a
 * consultation's ticket, and whose "in a call" presence changed.
 */

/** Whether this change is the one that ended the call: its record and its ticket note are written with it, once. */
export function callEndedBy(before: CallState | null, after: CallState): boolean {
  return after.status === 'ended' && before?.status !== 'ended';
}

/**
 * The internal event a consultation leaves on its ticket once it ended: who called whom, for how long, and
 * whether it was answered or missed. A call declined, cancelled or unanswerable (everyone busy) leaves none,
 * nor does a call about no ticket.
 */
export function consultationEvent(state: CallState): Extract<SystemEvent, { type: 'call_consulted' }> | null {
  if (state.ticketId === null || state.status !== 'ended') return null;
  const record = callRecord(state);
  if (record.outcome !== 'completed' && record.outcome !== 'missed') return null;
  const consulted =
    record.outcome === 'completed'
      ? record.joinedAgentIds.filter((id) => id !== state.callerAgentId)
      : state.participants.filter((p) => p.state === 'missed').map((p) => p.agentId);
  return { type: 'call_consulted', callerAgentId: state.callerAgentId, consultedAgentIds: consulted, outcome: record.outcome, durationSeconds: record.durationSeconds };
}

/** The agents in this call now (joined, or disconnected within their grace). */
export function agentsInCall(state: CallState | null): Set<number> {
  if (state === null) return new Set();
  return new Set(state.participants.filter((p) => isInCall(state, p.agentId)).map((p) => p.agentId));
}

/** The agents whose "in a call" presence this change turned on or off, ordered by id. */
export function callPresenceChanges(before: CallState | null, after: CallState): number[] {
  const was = agentsInCall(before);
  const is = agentsInCall(after);
  return [...new Set([...was, ...is])].filter((id) => was.has(id) !== is.has(id)).sort((a, b) => a - b);
}
