import { describe, expect, it } from 'vitest';
import { agentCommands, agentFacts } from './events.js';

describe('the agent event maps', () => {
  it('register the collision, presence and notice events the console listens to', () => {
    expect(Object.keys(agentCommands)).toEqual(expect.arrayContaining(['ticket:watch', 'ticket:unwatch', 'ticket:typing']));
    expect(Object.keys(agentFacts)).toEqual(expect.arrayContaining(['ticket:viewers', 'ticket:assigned_to_you', 'agent:presence']));
  });

  it('take typing as a strict { ticketId, typing }', () => {
    const typing = agentCommands['ticket:typing'].payload;
    expect(typing.parse({ ticketId: 3, typing: true })).toEqual({ ticketId: 3, typing: true });
    expect(typing.safeParse({ ticketId: 3 }).success).toBe(false);
    expect(typing.safeParse({ ticketId: '3', typing: true }).success).toBe(false);
    expect(typing.safeParse({ ticketId: 3, typing: 'yes' }).success).toBe(false);
    expect(typing.safeParse({ ticketId: 3, typing: true, draft: 'hi' }).success).toBe(false);
  });

  it('answer watch with the viewers, and describe presence and notices', () => {
    expect(agentCommands['ticket:watch'].result.parse({ ticketId: 1, viewers: [{ agentId: 2, typing: false }] })).toEqual({ ticketId: 1, viewers: [{ agentId: 2, typing: false }] });
    expect(agentCommands['ticket:watch'].result.safeParse({ ticketId: 1 }).success).toBe(false);
    expect(agentFacts['agent:presence'].safeParse({ agentId: 1, availability: 'away', connected: true, inCall: false }).success).toBe(true);
    expect(agentFacts['agent:presence'].safeParse({ agentId: 1, availability: 'busy', connected: true, inCall: false }).success).toBe(false);
    expect(agentFacts['ticket:assigned_to_you'].shape.byAgentId.safeParse(null).success).toBe(true);
  });

  it('take chat routing commands strictly: a transfer names a department or an agent, never both, never neither', () => {
    const transfer = agentCommands['chat:transfer'].payload;
    expect(transfer.safeParse({ ticketId: 1, departmentId: 2 }).success).toBe(true);
    expect(transfer.safeParse({ ticketId: 1, agentId: 3, note: 'VIP' }).success).toBe(true);
    expect(transfer.safeParse({ ticketId: 1 }).success).toBe(false);
    expect(transfer.safeParse({ ticketId: 1, departmentId: 2, agentId: 3 }).success).toBe(false);
    expect(agentCommands['chat:accept'].payload.safeParse({ ticketId: 1, agentId: 2 }).success).toBe(false);
    expect(agentCommands['chat:invite'].payload.safeParse({ ticketId: 1, agentId: 2 }).success).toBe(true);
    expect(agentCommands['chat:invite'].payload.safeParse({ ticketId: 1 }).success).toBe(false);
    expect(agentFacts['chat:offer_withdrawn'].safeParse({ ticketId: 4 }).success).toBe(true);
  });
});

describe('call events', () => {
  const call = {
    id: 5, kind: 'direct', conversationId: 3, ticketId: null, callerAgentId: 1, status: 'ringing',
    participants: [{ agentId: 1, state: 'joined', joinedAt: '2027-05-10T09:00:00.000Z' }, { agentId: 2, state: 'ringing', joinedAt: null }],
    startedAt: '2027-05-10T09:00:00.000Z', answeredAt: null, endedAt: null, endReason: null,
  };

  it('name the tab a call runs in, and refuse anything else', () => {
    const start = agentCommands['call:start'].payload;
    expect(start.safeParse({ conversationId: 3, tabId: 'tab_abcdef12', clientId: 'c_12345678' }).success).toBe(true);
    expect(start.safeParse({ conversationId: 3, ticketId: 1042, tabId: 'tab_abcdef12', clientId: 'c_12345678' }).success).toBe(true);
    expect(start.safeParse({ conversationId: 3, tabId: 'x', clientId: 'c_12345678' }).success).toBe(false);
    expect(start.safeParse({ conversationId: 3, tabId: 'tab_abcdef12', clientId: 'c_12345678', agentIds: [2] }).success).toBe(false);
    expect(agentCommands['call:accept'].payload.safeParse({ callId: 5 }).success).toBe(false);
    expect(agentCommands['call:hangup'].payload.safeParse({ callId: -1 }).success).toBe(false);
  });

  it('carry WebRTC offers, answers and candidates, size-limited', () => {
    const signal = agentCommands['call:signal'].payload;
    const base = { callId: 5, tabId: 'tab_abcdef12', toAgentId: 2 };
    expect(signal.safeParse({ ...base, signal: { type: 'offer', sdp: 'v=0\r\n' } }).success).toBe(true);
    expect(signal.safeParse({ ...base, signal: { type: 'candidate', candidate: 'candidate:1 1 udp 2122260223 192.0.2.1 54400 typ host', sdpMid: '0', sdpMLineIndex: 0 } }).success).toBe(true);
    expect(signal.safeParse({ ...base, signal: { type: 'offer', sdp: 'x'.repeat(32_001) } }).success).toBe(false);
    expect(signal.safeParse({ ...base, signal: { type: 'bye' } }).success).toBe(false);
    expect(signal.safeParse({ ...base, signal: { type: 'answer', sdp: 'v=0', extra: 1 } }).success).toBe(false);
  });

  it('describe a call as its participants see it', () => {
    expect(agentFacts['call:ringing'].parse(call)).toEqual(call);
    expect(agentFacts['call:state'].safeParse({ ...call, status: 'ended', endReason: 'hung_up' }).success).toBe(false);
    expect(agentFacts['call:stop_ringing'].safeParse({ callId: 5, reason: 'answered' }).success).toBe(true);
  });
});
