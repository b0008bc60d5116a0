import { describe, expect, it } from 'vitest';
import {
  acceptCall,
  advanceCallTimers,
  CALL_DISCONNECT_GRACE_MS,
  CALL_MAX_PARTICIPANTS,
  CALL_RING_TIMEOUT_MS,
  type CallState,
  callRecord,
  declineCall,
  hangUp,
  isInCall,
  joinCall,
  maySignal,
  nextCallDeadline,
  startCall,
  tabDisconnected,
  tabReconnected,
} from './call-state.js';

const T0 = Date.parse('2027-05-10T09:00:00Z');
const none = new Set<number>();

/** Ann (1) calls Bob (2) from her tab "a1". */
const direct = (busy: ReadonlySet<number> = none) => startCall({ kind: 'direct', conversationId: 10, callerAgentId: 1, callerTabId: 'a1', inviteeAgentIds: [2], busyAgentIds: busy }, T0);
/** Ann calls a channel of five others. */
const group = () => startCall({ kind: 'group', conversationId: 20, callerAgentId: 1, callerTabId: 'a1', inviteeAgentIds: [1, 2, 3, 4, 5, 6], busyAgentIds: none }, T0);
const stateOf = (state: CallState, agentId: number) => state.participants.find((p) => p.agentId === agentId)?.state;

describe('starting a call', () => {
  it('rings the colleague, with the caller in the call from their tab', () => {
    const { state, effects } = direct();
    expect(state.status).toBe('ringing');
    expect(stateOf(state, 1)).toBe('joined');
    expect(state.participants[0]!.tabId).toBe('a1');
    expect(stateOf(state, 2)).toBe('ringing');
    expect(effects).toEqual([{ type: 'ring', agentId: 2 }]);
    expect(isInCall(state, 1)).toBe(true);
    expect(isInCall(state, 2)).toBe(false);
  });

  it('ends at once as busy when the colleague is already in a call, and refuses a caller in one', () => {
    const { state, effects } = direct(new Set([2]));
    expect(state).toMatchObject({ status: 'ended', endReason: 'busy' });
    expect(stateOf(state, 2)).toBe('busy');
    expect(effects).toEqual([{ type: 'ended', reason: 'busy' }]);
    expect(() => direct(new Set([1]))).toThrow(expect.objectContaining({ code: 'call/busy' }));
  });

  it('refuses a call with nobody to ring, or a direct call to several', () => {
    expect(() => startCall({ kind: 'direct', conversationId: 1, callerAgentId: 1, callerTabId: 't', inviteeAgentIds: [1], busyAgentIds: none }, T0)).toThrow(expect.objectContaining({ code: 'call/invalid' }));
    expect(() => startCall({ kind: 'direct', conversationId: 1, callerAgentId: 1, callerTabId: 't', inviteeAgentIds: [2, 3], busyAgentIds: none }, T0)).toThrow(expect.objectContaining({ code: 'call/invalid' }));
  });

  it('in a channel rings every member but the caller, and skips the busy ones', () => {
    const { state, effects } = startCall({ kind: 'group', conversationId: 20, callerAgentId: 1, callerTabId: 'a1', inviteeAgentIds: [1, 2, 3, 3], busyAgentIds: new Set([3]) }, T0);
    expect(state.participants.map((p) => [p.agentId, p.state])).toEqual([[1, 'joined'], [2, 'ringing'], [3, 'busy']]);
    expect(effects).toEqual([{ type: 'ring', agentId: 2 }]);
  });
});

describe('answering', () => {
  it('in one of two tabs: that tab joins, the other tabs stop ringing', () => {
    const { state, effects } = acceptCall(direct().state, 2, 'b2', T0 + 4000);
    expect(state).toMatchObject({ status: 'active', answeredAt: T0 + 4000 });
    expect(state.participants[1]).toMatchObject({ state: 'joined', tabId: 'b2' });
    expect(effects).toEqual([{ type: 'stop_ringing', agentId: 2, reason: 'answered' }]);
    // The second tab answering as well is told the call was taken.
    expect(() => acceptCall(state, 2, 'b1', T0 + 4100)).toThrow(expect.objectContaining({ code: 'call/answered_elsewhere' }));
  });

  it('is refused to an agent not rung, and after the call ended', () => {
    expect(() => acceptCall(direct().state, 7, 'x', T0)).toThrow(expect.objectContaining({ code: 'call/not_participant' }));
    const ended = hangUp(direct().state, 1, T0 + 1000).state;
    expect(() => acceptCall(ended, 2, 'b1', T0 + 2000)).toThrow(expect.objectContaining({ code: 'call/ended' }));
  });
});

describe('declining, missing, cancelling', () => {
  it('a decline ends a direct call as declined', () => {
    const { state, effects } = declineCall(direct().state, 2, T0 + 3000);
    expect(state).toMatchObject({ status: 'ended', endReason: 'declined', endedAt: T0 + 3000 });
    expect(stateOf(state, 1)).toBe('left');
    expect(effects).toEqual([{ type: 'stop_ringing', agentId: 2, reason: 'declined' }, { type: 'ended', reason: 'declined' }]);
    expect(() => declineCall(state, 2, T0 + 3001)).toThrow(expect.objectContaining({ code: 'call/ended' }));
  });

  it('unanswered for 30 s it is missed, and not a moment before', () => {
    const ringing = direct().state;
    expect(nextCallDeadline(ringing)).toBe(T0 + CALL_RING_TIMEOUT_MS);
    expect(advanceCallTimers(ringing, T0 + CALL_RING_TIMEOUT_MS - 1)).toEqual({ state: ringing, effects: [] });
    const { state, effects } = advanceCallTimers(ringing, T0 + CALL_RING_TIMEOUT_MS);
    expect(state).toMatchObject({ status: 'ended', endReason: 'missed' });
    expect(stateOf(state, 2)).toBe('missed');
    expect(effects).toEqual([{ type: 'stop_ringing', agentId: 2, reason: 'missed' }, { type: 'ended', reason: 'missed' }]);
    expect(nextCallDeadline(state)).toBeNull();
  });

  it('the caller hanging up before an answer cancels it: the callee missed it and stops ringing', () => {
    const { state, effects } = hangUp(direct().state, 1, T0 + 2000);
    expect(state).toMatchObject({ status: 'ended', endReason: 'cancelled' });
    expect(stateOf(state, 2)).toBe('missed');
    expect(effects).toEqual([{ type: 'stop_ringing', agentId: 2, reason: 'cancelled' }, { type: 'ended', reason: 'cancelled' }]);
    expect(callRecord(state)).toEqual({ kind: 'direct', callerAgentId: 1, outcome: 'cancelled', joinedAgentIds: [1], durationSeconds: 0, ticketId: null });
  });

  it('a ringing agent cannot hang up (they decline), nor decline twice', () => {
    expect(() => hangUp(direct().state, 2, T0)).toThrow(expect.objectContaining({ code: 'call/not_participant' }));
    const group2 = declineCall(group().state, 2, T0 + 1000).state;
    expect(() => declineCall(group2, 2, T0 + 1001)).toThrow(expect.objectContaining({ code: 'call/not_ringing' }));
  });
});

describe('hanging up', () => {
  it('either side ends a direct call; the record has the duration from the answer', () => {
    const talking = acceptCall(direct().state, 2, 'b1', T0 + 5000).state;
    const { state, effects } = hangUp(talking, 2, T0 + 65_400);
    expect(state).toMatchObject({ status: 'ended', endReason: 'completed', endedAt: T0 + 65_400 });
    expect(state.participants.map((p) => [p.state, p.talkedMs])).toEqual([['left', 65_400], ['left', 60_400]]);
    expect(effects).toEqual([{ type: 'ended', reason: 'completed' }]);
    expect(callRecord(state)).toEqual({ kind: 'direct', callerAgentId: 1, outcome: 'completed', joinedAgentIds: [1, 2], durationSeconds: 60, ticketId: null });
    expect(() => hangUp(state, 1, T0 + 70_000)).toThrow(expect.objectContaining({ code: 'call/ended' }));
  });

  it('a ticket consultation keeps its ticket in the record', () => {
    const consult = startCall({ kind: 'direct', conversationId: 10, ticketId: 1042, callerAgentId: 1, callerTabId: 'a1', inviteeAgentIds: [2], busyAgentIds: none }, T0).state;
    const ended = hangUp(acceptCall(consult, 2, 'b1', T0 + 1000).state, 1, T0 + 31_000).state;
    expect(callRecord(ended)).toMatchObject({ ticketId: 1042, durationSeconds: 30, outcome: 'completed' });
  });

  it('only an ended call has a record', () => {
    expect(() => callRecord(direct().state)).toThrow(expect.objectContaining({ code: 'call/invalid' }));
  });
});

describe('group calls', () => {
  it('go on while two are in them; the last participant leaving ends the call', () => {
    let call = group().state;
    call = acceptCall(call, 2, 'b1', T0 + 1000).state;
    call = acceptCall(call, 3, 'c1', T0 + 2000).state;
    call = declineCall(call, 4, T0 + 2500).state;
    expect(call.status).toBe('active');
    call = hangUp(call, 1, T0 + 10_000).state;
    expect(call.status).toBe('active');
    // Ringing runs out for 5 and 6: they missed it, the call goes on between 2 and 3.
    const timed = advanceCallTimers(call, T0 + CALL_RING_TIMEOUT_MS);
    expect(timed.effects).toEqual([
      { type: 'stop_ringing', agentId: 5, reason: 'missed' },
      { type: 'stop_ringing', agentId: 6, reason: 'missed' },
    ]);
    call = timed.state;
    expect(call.status).toBe('active');
    // The caller comes back, then two leave: the one left alone ends it.
    call = joinCall(call, 1, 'a2', T0 + 40_000).state;
    call = hangUp(call, 2, T0 + 50_000).state;
    expect(call.status).toBe('active');
    const last = hangUp(call, 3, T0 + 60_000);
    expect(last.state).toMatchObject({ status: 'ended', endReason: 'completed', endedAt: T0 + 60_000 });
    expect(last.effects).toEqual([{ type: 'ended', reason: 'completed' }]);
    expect(stateOf(last.state, 1)).toBe('left');
    expect(last.state.participants.find((p) => p.agentId === 1)!.talkedMs).toBe(10_000 + 20_000);
    expect(callRecord(last.state)).toMatchObject({ kind: 'group', joinedAgentIds: [1, 2, 3], durationSeconds: 59 });
  });

  it('end when nobody is in them, even with someone still rung', () => {
    let call = acceptCall(group().state, 2, 'b1', T0 + 1000).state;
    call = hangUp(call, 2, T0 + 2000).state;
    expect(call.status).toBe('active');
    const { state, effects } = hangUp(call, 1, T0 + 3000);
    expect(state).toMatchObject({ status: 'ended', endReason: 'completed' });
    expect(effects.filter((e) => e.type === 'stop_ringing').map((e) => e.agentId)).toEqual([3, 4, 5, 6]);
  });

  it('may be joined by a member not rung, up to six at once', () => {
    let call = acceptCall(group().state, 2, 'b1', T0 + 1000).state;
    call = joinCall(call, 9, 'i1', T0 + 2000).state;
    expect(stateOf(call, 9)).toBe('joined');
    for (const agentId of [3, 4, 5]) call = acceptCall(call, agentId, `t${agentId}`, T0 + 3000).state;
    expect(call.participants.filter((p) => p.state === 'joined')).toHaveLength(CALL_MAX_PARTICIPANTS);
    expect(() => acceptCall(call, 6, 't6', T0 + 4000)).toThrow(expect.objectContaining({ code: 'call/full' }));
    expect(() => joinCall(call, 11, 't11', T0 + 4000)).toThrow(expect.objectContaining({ code: 'call/full' }));
    expect(() => joinCall(call, 9, 'i2', T0 + 4000)).toThrow(expect.objectContaining({ code: 'call/answered_elsewhere' }));
  });

  it('is joined again by a member whose console went away: within the grace from the new tab, after it as a new stretch', () => {
    let call = acceptCall(group().state, 2, 'b1', T0 + 1000).state;
    call = acceptCall(call, 3, 'c1', T0 + 2000).state;
    call = tabDisconnected(call, 3, 'c1', T0 + 10_000).state;
    // The reloaded page has a new tab id: it takes the call back while the grace lasts.
    const back = joinCall(call, 3, 'c2', T0 + 12_000);
    expect(back.effects).toEqual([]);
    expect(back.state.participants.find((p) => p.agentId === 3)).toMatchObject({ state: 'joined', tabId: 'c2', disconnectedAt: null, joinedAt: T0 + 2000 });
    expect(maySignal(back.state, 3, 'c2', 1)).toBe(true);
    expect(maySignal(back.state, 3, 'c1', 1)).toBe(false);
    // Past the grace it has left; joining again is a new stretch in the call, its time counted from now.
    call = tabDisconnected(back.state, 3, 'c2', T0 + 20_000).state;
    call = advanceCallTimers(call, T0 + 20_000 + CALL_DISCONNECT_GRACE_MS).state;
    expect(stateOf(call, 3)).toBe('left');
    expect(call.status).toBe('active');
    const again = joinCall(call, 3, 'c3', T0 + 60_000).state;
    expect(again.participants.find((p) => p.agentId === 3)).toMatchObject({ state: 'joined', tabId: 'c3', inCallSince: T0 + 60_000, talkedMs: 38_000 });
  });

  it('a direct call is answered, never joined', () => {
    expect(() => joinCall(direct().state, 2, 'b1', T0)).toThrow(expect.objectContaining({ code: 'call/invalid' }));
  });

  it('unanswered by everyone, ends as declined if anyone declined, else missed', () => {
    let call = declineCall(group().state, 2, T0 + 1000).state;
    call = advanceCallTimers(call, T0 + CALL_RING_TIMEOUT_MS).state;
    expect(call).toMatchObject({ status: 'ended', endReason: 'declined' });
    expect(advanceCallTimers(group().state, T0 + CALL_RING_TIMEOUT_MS).state).toMatchObject({ status: 'ended', endReason: 'missed' });
  });
});

describe("a participant's console going away", () => {
  it('shows them disconnected, lets them back within the grace period', () => {
    const talking = acceptCall(direct().state, 2, 'b1', T0 + 1000).state;
    // Another tab of Bob closing changes nothing.
    expect(tabDisconnected(talking, 2, 'b9', T0 + 2000).state).toBe(talking);
    const dropped = tabDisconnected(talking, 2, 'b1', T0 + 2000).state;
    expect(stateOf(dropped, 2)).toBe('disconnected');
    expect(isInCall(dropped, 2)).toBe(true);
    expect(nextCallDeadline(dropped)).toBe(T0 + 2000 + CALL_DISCONNECT_GRACE_MS);
    expect(maySignal(dropped, 1, 'a1', 2)).toBe(true);
    expect(maySignal(dropped, 2, 'b1', 1)).toBe(false);
    expect(() => tabReconnected(dropped, 2, 'b3', T0 + 2000 + CALL_DISCONNECT_GRACE_MS)).toThrow(expect.objectContaining({ code: 'call/not_participant' }));
    const back = tabReconnected(dropped, 2, 'b3', T0 + 9000).state;
    expect(back.participants[1]).toMatchObject({ state: 'joined', tabId: 'b3', disconnectedAt: null });
    expect(maySignal(back, 2, 'b3', 1)).toBe(true);
    expect(() => tabReconnected(back, 2, 'b4', T0 + 9500)).toThrow(expect.objectContaining({ code: 'call/not_participant' }));
  });

  it('past the grace period they have left, which ends a call of two', () => {
    const dropped = tabDisconnected(acceptCall(direct().state, 2, 'b1', T0 + 1000).state, 2, 'b1', T0 + 2000).state;
    expect(advanceCallTimers(dropped, T0 + 2000 + CALL_DISCONNECT_GRACE_MS - 1).state).toBe(dropped);
    const { state, effects } = advanceCallTimers(dropped, T0 + 2000 + CALL_DISCONNECT_GRACE_MS + 5000);
    expect(state).toMatchObject({ status: 'ended', endReason: 'completed' });
    // Bob's time counts up to the end of his grace, not to when the sweep noticed.
    expect(state.participants[1]!.talkedMs).toBe(1000 + CALL_DISCONNECT_GRACE_MS);
    expect(effects).toEqual([{ type: 'ended', reason: 'completed' }]);
  });

  it("the caller's console gone before an answer cancels the call once the grace is over", () => {
    const dropped = tabDisconnected(direct().state, 1, 'a1', T0 + 1000).state;
    expect(dropped.status).toBe('ringing');
    const { state, effects } = advanceCallTimers(dropped, T0 + 1000 + CALL_DISCONNECT_GRACE_MS);
    expect(state).toMatchObject({ status: 'ended', endReason: 'cancelled' });
    expect(effects).toEqual([{ type: 'stop_ringing', agentId: 2, reason: 'cancelled' }, { type: 'ended', reason: 'cancelled' }]);
  });

  it('signals go only between two tabs in the call', () => {
    const talking = acceptCall(direct().state, 2, 'b1', T0 + 1000).state;
    expect(maySignal(talking, 1, 'a1', 2)).toBe(true);
    expect(maySignal(talking, 1, 'a9', 2)).toBe(false);
    expect(maySignal(talking, 1, 'a1', 1)).toBe(false);
    expect(maySignal(talking, 7, 'x', 2)).toBe(false);
    expect(maySignal(direct().state, 1, 'a1', 2)).toBe(false);
    expect(maySignal(hangUp(talking, 1, T0 + 2000).state, 1, 'a1', 2)).toBe(false);
  });
});
