import { afterAll, beforeAll, expect, it } from 'vitest';
import { CALL_DISCONNECT_GRACE_MS, CALL_RING_TIMEOUT_MS } from '@parley/domain';
import { sweepCalls } from '../src/modules/calls/call.service.js';
import { createTestApp, describeEachDatabase, MutableClock, type TestApp } from './helpers/create-test-app.js';
import { type AgentClientSocket, connectAgent, connectVisitor, emitWithAck, issueVisitor, recordEvents, type VisitorClientSocket } from './helpers/sockets.js';

let sequence = 0;
const id = (prefix: string) => `${prefix}_${Date.now().toString(36)}_${++sequence}`;

describeEachDatabase('voice calls between agents: state and signalling', (db) => {
  let t: TestApp;
  let clock: MutableClock;
  let support: number;
  const sockets: (AgentClientSocket | VisitorClientSocket)[] = [];

  beforeAll(async () => {
    clock = new MutableClock(new Date('2027-05-10T09:00:00Z'));
    t = await createTestApp({ db, clock });
    support = await t.department('Support');
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t?.close();
  });

  const connect = async (agent: { http: TestApp['admin'] }) => {
    const socket = await connectAgent(t.baseUrl, { http: agent.http });
    sockets.push(socket);
    return { socket, heard: recordEvents(socket) };
  };
  const direct = async (from: { http: TestApp['admin'] }, to: number) => (await from.http.post('/api/v1/team/direct', { agentId: to })).body.id as number;

  it('rings every tab of the callee; answering in one stops the others; signals pass between the two tabs only; hang-up ends it for both', async () => {
    const ann = await t.agent({ name: 'Ann', departmentIds: [support] });
    const bob = await t.agent({ name: 'Bob', departmentIds: [support] });
    const eve = await t.agent({ name: 'Eve', departmentIds: [support] });
    const a = await connect(ann);
    const b1 = await connect(bob);
    const b2 = await connect(bob);
    const e = await connect(eve);
    const visitor = await connectVisitor(t.baseUrl, (await issueVisitor(t.baseUrl)).token);
    sockets.push(visitor);
    const visitorHeard = recordEvents(visitor);
    const conversationId = await direct(ann, bob.id);
    const aTab = id('tabA');
    const started = await emitWithAck(a.socket, 'call:start', { conversationId, tabId: aTab, clientId: id('call') });
    expect(started).toMatchObject({ ok: true, data: { kind: 'direct', status: 'ringing', callerAgentId: ann.id } });
    const callId = started.data.id;
    expect(started.data.participants).toEqual([
      { agentId: ann.id, state: 'joined', joinedAt: '2027-05-10T09:00:00.000Z' },
      { agentId: bob.id, state: 'ringing', joinedAt: null },
    ]);
    await Promise.all([b1.heard.waitFor('call:ringing', (c) => c.id === callId), b2.heard.waitFor('call:ringing', (c) => c.id === callId)]);
    // Nobody else may answer, join, hang up or signal in it, and nobody learns it exists.
    for (const [event, payload] of [
      ['call:accept', { callId, tabId: id('tabE') }],
      ['call:hangup', { callId }],
      ['call:signal', { callId, tabId: id('tabE'), toAgentId: ann.id, signal: { type: 'offer', sdp: 'v=0' } }],
    ] as const) {
      expect(await emitWithAck(e.socket, event, payload as never)).toMatchObject({ ok: false, error: { code: 'call/not_found' } });
    }
    // Bob answers in his second tab: the first stops ringing, and a late answer there is told it was taken.
    clock.advance(4000);
    const bTab = id('tabB');
    const accepted = await emitWithAck(b2.socket, 'call:accept', { callId, tabId: bTab });
    expect(accepted).toMatchObject({ ok: true, data: { status: 'active', answeredAt: '2027-05-10T09:00:04.000Z' } });
    await b1.heard.waitFor('call:stop_ringing', (s) => s.callId === callId && s.reason === 'answered');
    expect(await emitWithAck(b1.socket, 'call:accept', { callId, tabId: id('tabB1') })).toMatchObject({ ok: false, error: { code: 'call/answered_elsewhere' } });
    await a.heard.waitFor('call:state', (c) => c.id === callId && c.status === 'active');
    // The offer and answer reach the other tab in the call, and nowhere else.
    const offer = { type: 'offer' as const, sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' };
    expect(await emitWithAck(a.socket, 'call:signal', { callId, tabId: aTab, toAgentId: bob.id, signal: offer })).toEqual({ ok: true, data: { callId } });
    expect(await b2.heard.waitFor('call:signal')).toEqual({ callId, fromAgentId: ann.id, signal: offer });
    const answer = { type: 'answer' as const, sdp: 'v=0\r\n' };
    expect(await emitWithAck(b2.socket, 'call:signal', { callId, tabId: bTab, toAgentId: ann.id, signal: answer })).toMatchObject({ ok: true });
    expect(await a.heard.waitFor('call:signal')).toEqual({ callId, fromAgentId: bob.id, signal: answer });
    // A burst of signals (an offer's ICE candidates, sent without waiting) arrives in the order it was sent:
    // a candidate that overtook its offer would be lost to the other browser.
    const burst = Array.from({ length: 40 }, (_, i) => ({ type: 'candidate' as const, candidate: `candidate:${i} 1 udp 2122260223 127.0.0.1 ${50_000 + i} typ host`, sdpMid: '0', sdpMLineIndex: 0 }));
    const acks = await Promise.all(burst.map((signal) => emitWithAck(a.socket, 'call:signal', { callId, tabId: aTab, toAgentId: bob.id, signal })));
    expect(acks.every((ack) => ack.ok)).toBe(true);
    await b2.heard.waitFor('call:signal', (heard) => heard.signal.type === 'candidate' && heard.signal.candidate === burst.at(-1)!.candidate);
    expect(b2.heard.events.filter((ev) => ev.name === 'call:signal' && ev.payload.signal.type === 'candidate').map((ev) => ev.payload.signal.candidate)).toEqual(burst.map((signal) => signal.candidate));
    // A tab not in the call may not signal for it, even Bob's own other tab.
    expect(await emitWithAck(b1.socket, 'call:signal', { callId, tabId: id('tabB1'), toAgentId: ann.id, signal: answer })).toMatchObject({ ok: false, error: { code: 'call/not_participant' } });
    // Both are busy now: calling either rings nobody.
    const busy = await emitWithAck(e.socket, 'call:start', { conversationId: await direct(eve, ann.id), tabId: id('tabE'), clientId: id('call') });
    expect(busy).toMatchObject({ ok: true, data: { status: 'ended', endReason: 'busy' } });
    clock.advance(60_000);
    const ended = await emitWithAck(b2.socket, 'call:hangup', { callId });
    expect(ended).toMatchObject({ ok: true, data: { status: 'ended', endReason: 'completed', endedAt: '2027-05-10T09:01:04.000Z' } });
    await a.heard.waitFor('call:state', (c) => c.id === callId && c.status === 'ended');
    expect(b1.heard.events.filter((ev) => ev.name === 'call:signal')).toEqual([]);
    expect(e.heard.events.filter((ev) => ev.name.startsWith('call:') && ev.payload?.id === callId)).toEqual([]);
    expect(visitorHeard.events.filter((ev) => ev.name.startsWith('call'))).toEqual([]);
    expect(await emitWithAck(a.socket, 'call:current', {})).toEqual({ ok: true, data: { calls: [] } });
  });

  it('declined, missed after 30 s, and cancelled calls end with their reason', async () => {
    const ann = await t.agent({ name: 'Ann 2' });
    const bob = await t.agent({ name: 'Bob 2' });
    const a = await connect(ann);
    const b = await connect(bob);
    const conversationId = await direct(ann, bob.id);
    const call = async () => (await emitWithAck(a.socket, 'call:start', { conversationId, tabId: id('tabA'), clientId: id('call') })).data;

    const declined = await call();
    await b.heard.waitFor('call:ringing', (c) => c.id === declined.id);
    expect(await emitWithAck(b.socket, 'call:decline', { callId: declined.id })).toMatchObject({ ok: true, data: { status: 'ended', endReason: 'declined' } });
    await a.heard.waitFor('call:state', (c) => c.id === declined.id && c.endReason === 'declined');

    const missed = await call();
    expect((await emitWithAck(b.socket, 'call:current', {})).data.calls.map((c: { id: number }) => c.id)).toEqual([missed.id]);
    clock.advance(CALL_RING_TIMEOUT_MS - 1);
    await sweepCalls(t.app.context);
    expect((await emitWithAck(b.socket, 'call:current', {})).data.calls).toHaveLength(1);
    clock.advance(1);
    await sweepCalls(t.app.context);
    await b.heard.waitFor('call:stop_ringing', (s) => s.callId === missed.id && s.reason === 'missed');
    await a.heard.waitFor('call:state', (c) => c.id === missed.id && c.endReason === 'missed');
    expect(await emitWithAck(b.socket, 'call:accept', { callId: missed.id, tabId: id('tabB') })).toMatchObject({ ok: false, error: { code: 'call/ended' } });

    const cancelled = await call();
    expect(await emitWithAck(a.socket, 'call:hangup', { callId: cancelled.id })).toMatchObject({ ok: true, data: { endReason: 'cancelled' } });
    await b.heard.waitFor('call:stop_ringing', (s) => s.callId === cancelled.id && s.reason === 'cancelled');

    // A retried start answers with the call it made, not a second one.
    const clientId = id('call');
    const first = await emitWithAck(a.socket, 'call:start', { conversationId, tabId: id('tabA'), clientId });
    const again = await emitWithAck(a.socket, 'call:start', { conversationId, tabId: id('tabA'), clientId });
    expect(again.data.id).toBe(first.data.id);
    await emitWithAck(a.socket, 'call:hangup', { callId: first.data.id });
  });

  it('a console that goes away is shown disconnected, may come back, and past the grace has left', async () => {
    const ann = await t.agent({ name: 'Ann 3' });
    const bob = await t.agent({ name: 'Bob 3' });
    const a = await connect(ann);
    const b = await connect(bob);
    const conversationId = await direct(ann, bob.id);
    const started = await emitWithAck(a.socket, 'call:start', { conversationId, tabId: id('tabA'), clientId: id('call') });
    const callId = started.data.id;
    const bTab = id('tabB');
    await b.heard.waitFor('call:ringing', (c) => c.id === callId);
    await emitWithAck(b.socket, 'call:accept', { callId, tabId: bTab });
    const bobShown = (c: { id: number; participants: { agentId: number; state: string }[] }) => c.id === callId && c.participants.find((p) => p.agentId === bob.id)?.state;
    const statesOfBob = () => a.heard.events.filter((ev) => ev.name === 'call:state').map((ev) => bobShown(ev.payload));
    const until = async (test: () => boolean) => {
      for (let waited = 0; !test(); waited += 20) {
        if (waited > 5000) throw new Error(`Bob was shown ${statesOfBob().join(', ')}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    b.socket.close();
    await until(() => statesOfBob().at(-1) === 'disconnected');
    // Bob's tab reconnects with the same tab id and takes the call back.
    const back = await connect(bob);
    expect(await emitWithAck(back.socket, 'call:resume', { callId, tabId: bTab })).toMatchObject({ ok: true, data: { status: 'active' } });
    await until(() => statesOfBob().at(-1) === 'joined');
    back.socket.close();
    await until(() => statesOfBob().at(-1) === 'disconnected');
    clock.advance(CALL_DISCONNECT_GRACE_MS);
    await sweepCalls(t.app.context);
    await a.heard.waitFor('call:state', (c) => c.id === callId && c.status === 'ended' && c.endReason === 'completed');
  });

  it('a channel call rings its members, who join and leave freely; outsiders cannot join', async () => {
    const members = await Promise.all(['Ch1', 'Ch2', 'Ch3'].map((name) => t.agent({ name })));
    const outsider = await t.agent({ name: 'Outsider' });
    const channel = (await members[0]!.http.post('/api/v1/team/channels', { name: `Calls ${id('c')}` })).body.id as number;
    for (const member of members.slice(1)) await member.http.post(`/api/v1/team/conversations/${channel}/join`);
    const offline = await t.agent({ name: 'Ch offline' });
    await offline.http.post(`/api/v1/team/conversations/${channel}/join`);
    const [s0, s1, s2] = await Promise.all(members.map((m) => connect(m)));
    const o = await connect(outsider);
    const started = await emitWithAck(s0!.socket, 'call:start', { conversationId: channel, tabId: id('t0'), clientId: id('call') });
    expect(started).toMatchObject({ ok: true, data: { kind: 'group', status: 'ringing' } });
    // Members with no console open are not rung.
    const rung = started.data.participants.map((p: { agentId: number }) => p.agentId);
    expect(rung[0]).toBe(members[0]!.id);
    expect([...rung].sort()).toEqual(members.map((m) => m.id).sort());
    const callId = started.data.id;
    await Promise.all([s1!.heard.waitFor('call:ringing', (c) => c.id === callId), s2!.heard.waitFor('call:ringing', (c) => c.id === callId)]);
    expect(await emitWithAck(s1!.socket, 'call:accept', { callId, tabId: id('t1') })).toMatchObject({ ok: true, data: { status: 'active' } });
    expect(await emitWithAck(s2!.socket, 'call:decline', { callId })).toMatchObject({ ok: true, data: { status: 'active' } });
    // Declined, then changed their mind: a group call is joined freely while it lasts.
    expect(await emitWithAck(s2!.socket, 'call:join', { callId, tabId: id('t2') })).toMatchObject({ ok: true });
    expect(await emitWithAck(o.socket, 'call:join', { callId, tabId: id('to') })).toMatchObject({ ok: false, error: { code: 'call/not_found' } });
    // A member whose console opens after the call started was not rung: they learn of the call going on and
    // hear how it stands, and join it. The outsider and visitors learn nothing of it.
    const visitor = await connectVisitor(t.baseUrl, (await issueVisitor(t.baseUrl)).token);
    sockets.push(visitor);
    const visitorHeard = recordEvents(visitor);
    const late = await connect(offline);
    const current = await emitWithAck(late.socket, 'call:current', {});
    expect(current.data.calls.map((c: { id: number }) => c.id)).toEqual([callId]);
    expect(current.data.calls[0].participants.map((p: { agentId: number }) => p.agentId)).not.toContain(offline.id);
    expect(await emitWithAck(o.socket, 'call:current', {})).toEqual({ ok: true, data: { calls: [] } });
    await emitWithAck(s1!.socket, 'call:hangup', { callId });
    await late.heard.waitFor('call:state', (c) => c.id === callId && c.participants.some((p: { agentId: number; state: string }) => p.agentId === members[1]!.id && p.state === 'left'));
    const lateTab = id('t-late');
    expect(await emitWithAck(late.socket, 'call:join', { callId, tabId: lateTab })).toMatchObject({ ok: true, data: { status: 'active' } });
    await s0!.heard.waitFor('call:state', (c) => c.id === callId && c.participants.some((p: { agentId: number; state: string }) => p.agentId === offline.id && p.state === 'joined'));
    // Their console reloads (a new tab id): within the grace they take the call back from the new page.
    late.socket.close();
    await s0!.heard.waitFor('call:state', (c) => c.id === callId && c.participants.some((p: { agentId: number; state: string }) => p.agentId === offline.id && p.state === 'disconnected'));
    const reloaded = await connect(offline);
    expect((await emitWithAck(reloaded.socket, 'call:current', {})).data.calls.map((c: { id: number }) => c.id)).toEqual([callId]);
    expect(await emitWithAck(reloaded.socket, 'call:join', { callId, tabId: id('t-reloaded') })).toMatchObject({ ok: true, data: { status: 'active' } });
    await s0!.heard.waitFor('call:state', (c) => c.id === callId && c.participants.some((p: { agentId: number; state: string }) => p.agentId === offline.id && p.state === 'joined'));
    await emitWithAck(s0!.socket, 'call:hangup', { callId });
    await emitWithAck(s2!.socket, 'call:hangup', { callId });
    await reloaded.heard.waitFor('call:state', (c) => c.id === callId && c.status === 'ended');
    await s1!.heard.waitFor('call:state', (c) => c.id === callId && c.status === 'ended');
    expect(o.heard.events.filter((ev) => ev.name.startsWith('call:'))).toEqual([]);
    expect(visitorHeard.events.filter((ev) => ev.name.startsWith('call'))).toEqual([]);
    expect(await emitWithAck(reloaded.socket, 'call:current', {})).toEqual({ ok: true, data: { calls: [] } });
  });

  it('refuses malformed call commands with a clear error', async () => {
    const ann = await t.agent({ name: 'Ann 4' });
    const a = await connect(ann);
    for (const payload of [{}, { conversationId: 'x', tabId: id('t'), clientId: id('c') }, { conversationId: 1, tabId: 'bad tab', clientId: id('c') }]) {
      expect(await emitWithAck(a.socket, 'call:start', payload as never)).toMatchObject({ ok: false, error: { code: 'request/invalid' } });
    }
    expect(await emitWithAck(a.socket, 'call:hangup', { callId: 999_999 })).toMatchObject({ ok: false, error: { code: 'call/not_found' } });
    expect(await emitWithAck(a.socket, 'call:ice_servers', {})).toEqual({ ok: true, data: { iceServers: [], expiresAt: null } });
    // Signals are relayed at a bounded rate per agent.
    const signal = { callId: 999_999, tabId: id('t'), toAgentId: ann.id, signal: { type: 'answer', sdp: 'v=0' } };
    const answers = await Promise.all(Array.from({ length: 601 }, () => emitWithAck(a.socket, 'call:signal', signal as never)));
    expect(answers.filter((answer) => answer.error?.code === 'call/not_found')).toHaveLength(600);
    expect(answers.filter((answer) => answer.error?.code === 'request/rate_limited')).toHaveLength(1);
  });
});
