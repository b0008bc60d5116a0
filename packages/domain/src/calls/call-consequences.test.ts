import { describe, expect, it } from 'vitest';
import { callEndedBy, callPresenceChanges, consultationEvent } from './call-consequences.js';
import { acceptCall, advanceCallTimers, CALL_RING_TIMEOUT_MS, declineCall, hangUp, startCall, tabDisconnected } from './call-state.js';

const T0 = Date.parse('2027-05-10T09:00:00Z');
const none = new Set<number>();
/** Ann (1) calls Bob (2) about ticket 42. */
const consult = (ticketId: number | null = 42) =>
  startCall({ kind: 'direct', conversationId: 10, ticketId, callerAgentId: 1, callerTabId: 'a1', inviteeAgentIds: [2], busyAgentIds: none }, T0).state;

describe('the consultation note on a ticket', () => {
  it('names caller and callee, and the duration from the answer, for an answered call', () => {
    const talking = acceptCall(consult(), 2, 'b1', T0 + 5_000).state;
    const ended = hangUp(talking, 2, T0 + 5_000 + 95_400).state;
    expect(consultationEvent(ended)).toEqual({ type: 'call_consulted', callerAgentId: 1, consultedAgentIds: [2], outcome: 'completed', durationSeconds: 95 });
  });

  it('says who missed it when nobody answered in time', () => {
    const missed = advanceCallTimers(consult(), T0 + CALL_RING_TIMEOUT_MS).state;
    expect(consultationEvent(missed)).toEqual({ type: 'call_consulted', callerAgentId: 1, consultedAgentIds: [2], outcome: 'missed', durationSeconds: 0 });
  });

  it('leaves nothing for a declined, cancelled or busy call, a call about no ticket, or one still going', () => {
    expect(consultationEvent(declineCall(consult(), 2, T0 + 1_000).state)).toBeNull();
    expect(consultationEvent(hangUp(consult(), 1, T0 + 1_000).state)).toBeNull();
    expect(consultationEvent(startCall({ kind: 'direct', conversationId: 10, ticketId: 42, callerAgentId: 1, callerTabId: 'a1', inviteeAgentIds: [2], busyAgentIds: new Set([2]) }, T0).state)).toBeNull();
    expect(consultationEvent(hangUp(acceptCall(consult(null), 2, 'b1', T0).state, 1, T0 + 9_000).state)).toBeNull();
    expect(consultationEvent(consult())).toBeNull();
  });
});

describe('which change ended a call', () => {
  it('is the one from a call not ended to an ended one, and only that one', () => {
    const ringing = consult();
    const declined = declineCall(ringing, 2, T0 + 1_000).state;
    expect(callEndedBy(ringing, declined)).toBe(true);
    expect(callEndedBy(declined, declined)).toBe(false);
    expect(callEndedBy(null, startCall({ kind: 'direct', conversationId: 10, callerAgentId: 1, callerTabId: 'a1', inviteeAgentIds: [2], busyAgentIds: new Set([2]) }, T0).state)).toBe(true);
    expect(callEndedBy(null, ringing)).toBe(false);
  });
});

describe('"in a call" presence', () => {
  it('turns on for the caller at the start and the callee on answering, off for both at the end', () => {
    const ringing = consult();
    expect(callPresenceChanges(null, ringing)).toEqual([1]);
    const talking = acceptCall(ringing, 2, 'b1', T0 + 1_000).state;
    expect(callPresenceChanges(ringing, talking)).toEqual([2]);
    // A lost console keeps its agent in the call for the grace period: nothing changes yet.
    expect(callPresenceChanges(talking, tabDisconnected(talking, 2, 'b1', T0 + 2_000).state)).toEqual([]);
    expect(callPresenceChanges(talking, hangUp(talking, 1, T0 + 9_000).state)).toEqual([1, 2]);
  });
});
