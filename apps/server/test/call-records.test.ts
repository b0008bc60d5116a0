import { CALL_DISCONNECT_GRACE_MS, CALL_RING_TIMEOUT_MS } from '@parley/domain';
import type { AgentPresenceDto, TeamConversationDto, TeamMessageDto, TicketDetailDto } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Em } from '../src/db/orm.js';
import { sweepCalls } from '../src/modules/calls/call.service.js';
import { OutboxMail } from '../src/modules/mail/outbox-mail.entity.js';
import { startPortalSession } from '../src/modules/portal/portal-session.service.js';
import { TeamMessage } from '../src/modules/team-chat/team-chat.entity.js';
import { createTestApp, describeEachDatabase, MutableClock, postgresServerUrl, type TestApp } from './helpers/create-test-app.js';
import { type AgentClientSocket, connectAgent, connectVisitor, emitWithAck, issueVisitor, recordEvents, type VisitorClientSocket } from './helpers/sockets.js';

/**
 * What a call leaves behind when it ends, over real sockets: one team-chat record per call whichever way it
 * ended (however many tabs or sweeps try at once), the consultation's internal note on its ticket that no
 * customer path ever shows, and colleagues seeing who is in a call.
 */
let sequence = 0;
const id = (prefix: string) => `${prefix}_${Date.now().toString(36)}_${++sequence}`;

describeEachDatabase('what calls leave behind: team-chat records, ticket notes, presence', (db) => {
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

  type Agent = Awaited<ReturnType<TestApp['agent']>>;
  const connect = async (agent: Agent) => {
    const socket = await connectAgent(t.baseUrl, { http: agent.http });
    sockets.push(socket);
    return { socket, heard: recordEvents(socket) };
  };
  const direct = async (from: Agent, to: number) => (await from.http.post<TeamConversationDto>('/api/v1/team/direct', { agentId: to })).body.id;
  const start = async (socket: AgentClientSocket, conversationId: number, extra: { ticketId?: number; clientId?: string } = {}) => {
    const answer = await emitWithAck(socket, 'call:start', { conversationId, tabId: id('tab'), clientId: extra.clientId ?? id('call'), ...(extra.ticketId ? { ticketId: extra.ticketId } : {}) });
    expect(answer.ok, JSON.stringify(answer)).toBe(true);
    return answer.data as { id: number; status: string; endReason: string | null };
  };
  /** The stored records of a call, straight from the database. */
  const recordsOf = async (callId: number) => (t.app.context.orm.em.fork() as Em).find(TeamMessage, { callId });
  const history = async (agent: Agent, conversationId: number) => (await agent.http.get<{ items: TeamMessageDto[] }>(`/api/v1/team/conversations/${conversationId}/messages`)).body.items;
  const conversation = async (agent: Agent, conversationId: number) =>
    (await agent.http.get<{ items: TeamConversationDto[] }>('/api/v1/team/conversations')).body.items.find((c) => c.id === conversationId)!;

  it('a hang-up writes one record with the call\'s facts, announced like a message and unread for the callee only, however many tabs hang up', async () => {
    const ann = await t.agent({ name: 'Ann Record', departmentIds: [support] });
    const bob = await t.agent({ name: 'Bob Record', departmentIds: [support] });
    const a = await connect(ann);
    const b1 = await connect(bob);
    const b2 = await connect(bob);
    const conversationId = await direct(ann, bob.id);
    const call = await start(a.socket, conversationId);
    await b1.heard.waitFor('call:ringing', (c) => c.id === call.id);
    clock.advance(3_000);
    expect(await emitWithAck(b2.socket, 'call:accept', { callId: call.id, tabId: id('tabB') })).toMatchObject({ ok: true });
    clock.advance(95_400);
    // Both ends hang up at once, and the caller's retry follows: one of them ends it, the others are told it ended.
    const answers = await Promise.all([emitWithAck(a.socket, 'call:hangup', { callId: call.id }), emitWithAck(b2.socket, 'call:hangup', { callId: call.id })]);
    expect(answers.filter((x) => x.ok && x.data.status === 'ended')).not.toHaveLength(0);
    expect(await emitWithAck(a.socket, 'call:hangup', { callId: call.id })).toMatchObject({ ok: false, error: { code: 'call/ended' } });

    const heard: TeamMessageDto = await b1.heard.waitFor('team:message', (m) => m.call?.callId === call.id);
    expect(heard).toMatchObject({ conversationId, authorAgentId: ann.id, body: '', mentions: [], attachments: [] });
    expect(heard.call).toEqual({ callId: call.id, kind: 'direct', callerAgentId: ann.id, outcome: 'completed', joinedAgentIds: [ann.id, bob.id], durationSeconds: 95, ticketId: null });
    expect(heard.createdAt).toBe('2027-05-10T09:01:38.400Z');
    await a.heard.waitFor('team:message', (m) => m.call?.callId === call.id);
    expect(await recordsOf(call.id)).toHaveLength(1);
    expect((await history(bob, conversationId)).filter((m) => m.call)).toEqual([heard]);
    // Unread for the callee, read for the caller (its author); history and the list say the same.
    expect(await conversation(bob, conversationId)).toMatchObject({ unreadCount: 1, lastMessageAt: heard.createdAt });
    expect(await conversation(ann, conversationId)).toMatchObject({ unreadCount: 0, lastReadMessageId: heard.id });
    // It mentions nobody: nobody hears a mention of it.
    expect(b1.heard.events.filter((e) => e.name === 'team:mentioned')).toEqual([]);
  });

  it('declined, cancelled, busy and missed calls each leave one record with their outcome, whoever applies the timer', async () => {
    const ann = await t.agent({ name: 'Ann Outcomes', departmentIds: [support] });
    const bob = await t.agent({ name: 'Bob Outcomes', departmentIds: [support] });
    const cat = await t.agent({ name: 'Cat Outcomes', departmentIds: [support] });
    const a = await connect(ann);
    const b = await connect(bob);
    const c = await connect(cat);
    const conversationId = await direct(ann, bob.id);
    const outcome = async (callId: number) => {
      const records = await recordsOf(callId);
      expect(records).toHaveLength(1);
      return { outcome: records[0]!.call!.outcome, joined: records[0]!.call!.joinedAgentIds, seconds: records[0]!.call!.durationSeconds };
    };

    const declined = await start(a.socket, conversationId);
    await b.heard.waitFor('call:ringing', (x) => x.id === declined.id);
    await Promise.all([emitWithAck(b.socket, 'call:decline', { callId: declined.id }), emitWithAck(b.socket, 'call:decline', { callId: declined.id })]);
    expect(await outcome(declined.id)).toEqual({ outcome: 'declined', joined: [ann.id], seconds: 0 });

    const cancelled = await start(a.socket, conversationId);
    await emitWithAck(a.socket, 'call:hangup', { callId: cancelled.id });
    expect(await outcome(cancelled.id)).toEqual({ outcome: 'cancelled', joined: [ann.id], seconds: 0 });

    // Missed, ended by two sweeps at once (two instances' jobs).
    const swept = await start(a.socket, conversationId);
    clock.advance(CALL_RING_TIMEOUT_MS);
    await Promise.all([sweepCalls(t.app.context), sweepCalls(t.app.context)]);
    expect(await outcome(swept.id)).toEqual({ outcome: 'missed', joined: [ann.id], seconds: 0 });

    // Missed, ended by the late answer that finds the ringing over before any sweep ran.
    const late = await start(a.socket, conversationId);
    clock.advance(CALL_RING_TIMEOUT_MS + 1);
    expect(await emitWithAck(b.socket, 'call:accept', { callId: late.id, tabId: id('tabB') })).toMatchObject({ ok: false, error: { code: 'call/ended' } });
    await sweepCalls(t.app.context);
    expect(await outcome(late.id)).toEqual({ outcome: 'missed', joined: [ann.id], seconds: 0 });

    // Busy: Cat is talking to Bob, so Ann's call ends as it starts; a retried start finds that same call.
    const catCall = await start(c.socket, await direct(cat, bob.id));
    await emitWithAck(b.socket, 'call:accept', { callId: catCall.id, tabId: id('tabB') });
    const clientId = id('busy');
    const busy = await start(a.socket, conversationId, { clientId });
    expect(busy).toMatchObject({ status: 'ended', endReason: 'busy' });
    expect((await start(a.socket, conversationId, { clientId })).id).toBe(busy.id);
    expect(await outcome(busy.id)).toEqual({ outcome: 'busy', joined: [ann.id], seconds: 0 });
    await emitWithAck(c.socket, 'call:hangup', { callId: catCall.id });

    const records = (await history(bob, conversationId)).filter((m) => m.call).map((m) => m.call!.outcome);
    expect(records).toEqual(['busy', 'missed', 'missed', 'cancelled', 'declined']);
  });

  it('a group call ends with its last participant leaving, and a call whose console never came back ends after the grace: one record each', async () => {
    const ann = await t.agent({ name: 'Ann Group', departmentIds: [support] });
    const bob = await t.agent({ name: 'Bob Group', departmentIds: [support] });
    const cat = await t.agent({ name: 'Cat Group', departmentIds: [support] });
    const a = await connect(ann);
    const b = await connect(bob);
    const c = await connect(cat);
    const channel = (await ann.http.post<TeamConversationDto>('/api/v1/team/channels', { name: id('huddle') })).body.id;
    for (const member of [bob, cat]) await member.http.post(`/api/v1/team/conversations/${channel}/join`, {});
    const group = await start(a.socket, channel);
    await Promise.all([b.heard.waitFor('call:ringing', (x) => x.id === group.id), c.heard.waitFor('call:ringing', (x) => x.id === group.id)]);
    await emitWithAck(b.socket, 'call:join', { callId: group.id, tabId: id('tabB') });
    await emitWithAck(c.socket, 'call:join', { callId: group.id, tabId: id('tabC') });
    clock.advance(10_000);
    await emitWithAck(a.socket, 'call:hangup', { callId: group.id });
    expect(await recordsOf(group.id)).toHaveLength(0);
    clock.advance(5_000);
    // The last two leave together: one of them ends it.
    await Promise.all([emitWithAck(b.socket, 'call:hangup', { callId: group.id }), emitWithAck(c.socket, 'call:hangup', { callId: group.id })]);
    const [groupRecord] = await recordsOf(group.id);
    expect(groupRecord?.call).toEqual({ kind: 'group', callerAgentId: ann.id, outcome: 'completed', joinedAgentIds: [ann.id, bob.id, cat.id], durationSeconds: 15, ticketId: null });
    expect(await recordsOf(group.id)).toHaveLength(1);

    // Bob's console goes away mid-call and never comes back.
    const conversationId = await direct(ann, bob.id);
    const gone = await connect(bob);
    const lost = await start(a.socket, conversationId);
    await gone.heard.waitFor('call:ringing', (x) => x.id === lost.id);
    await emitWithAck(gone.socket, 'call:accept', { callId: lost.id, tabId: id('tabGone') });
    clock.advance(20_000);
    gone.socket.disconnect();
    await a.heard.waitFor('call:state', (x) => x.id === lost.id && x.participants.some((p: { agentId: number; state: string }) => p.agentId === bob.id && p.state === 'disconnected'));
    expect(await recordsOf(lost.id)).toHaveLength(0);
    clock.advance(CALL_DISCONNECT_GRACE_MS);
    await Promise.all([sweepCalls(t.app.context), sweepCalls(t.app.context)]);
    const [lostRecord] = await recordsOf(lost.id);
    expect(lostRecord?.call).toMatchObject({ outcome: 'completed', joinedAgentIds: [ann.id, bob.id], durationSeconds: 40 });
    expect(await recordsOf(lost.id)).toHaveLength(1);
  });

  it('a consultation notes the call on its ticket for agents only: not the visitor\'s socket, history, portal or mail', async () => {
    const ann = await t.agent({ name: 'Ann Consults', departmentIds: [support] });
    const zed = await t.agent({ name: 'Zed Colleague', departmentIds: [support] });
    const a = await connect(ann);
    const z = await connect(zed);
    const { token } = await issueVisitor(t.baseUrl);
    const visitor = await connectVisitor(t.baseUrl, token);
    sockets.push(visitor);
    const visitorHeard = recordEvents(visitor);
    const chat = await emitWithAck(visitor, 'chat:start', { clientId: id('chat'), message: 'My parcel is lost', name: 'Vera Visitor', email: `vera.${id('v')}@customer.example`, departmentId: support });
    expect(chat.ok, JSON.stringify(chat)).toBe(true);
    const ticketId = Number(chat.data.chat.number.replace('#', ''));
    expect(await emitWithAck(a.socket, 'ticket:watch', { ticketId })).toMatchObject({ ok: true });
    const outboxBefore = await (t.app.context.orm.em.fork() as Em).count(OutboxMail, {});
    const conversationId = await direct(ann, zed.id);

    const heardBeforeCalls = visitorHeard.events.length;
    const consult = await start(a.socket, conversationId, { ticketId });
    await z.heard.waitFor('call:ringing', (x) => x.id === consult.id);
    clock.advance(2_000);
    await emitWithAck(z.socket, 'call:accept', { callId: consult.id, tabId: id('tabZ') });
    clock.advance(42_000);
    await emitWithAck(a.socket, 'call:hangup', { callId: consult.id });
    const expected = { type: 'call_consulted', callerAgentId: ann.id, consultedAgentIds: [zed.id], outcome: 'completed', durationSeconds: 42 };
    const announced = await a.heard.waitFor('thread:item_created', (item) => item.ticketId === ticketId && item.systemEvent?.type === 'call_consulted');
    expect(announced).toMatchObject({ kind: 'system_event', authorAgentId: ann.id, systemEvent: expected });
    // The team record names the ticket too.
    expect((await recordsOf(consult.id))[0]?.call?.ticketId).toBe(ticketId);

    // A missed consultation is noted; a declined one is not.
    const missed = await start(a.socket, conversationId, { ticketId });
    clock.advance(CALL_RING_TIMEOUT_MS);
    await sweepCalls(t.app.context);
    const declined = await start(a.socket, conversationId, { ticketId });
    await emitWithAck(z.socket, 'call:decline', { callId: declined.id });
    expect(await recordsOf(missed.id)).toHaveLength(1);
    expect(await recordsOf(declined.id)).toHaveLength(1);

    const thread = (await ann.http.get<TicketDetailDto>(`/api/v1/tickets/${ticketId}`)).body.thread;
    expect(thread.filter((item) => item.systemEvent?.type === 'call_consulted').map((item) => item.systemEvent)).toEqual([
      expected,
      { ...expected, consultedAgentIds: [zed.id], outcome: 'missed', durationSeconds: 0 },
    ]);

    // Nothing of it reaches the customer: not the widget's socket, its history, the portal, or a letter.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(visitorHeard.events.slice(heardBeforeCalls).filter((e) => e.name === 'chat:message')).toEqual([]);
    const forVisitor = JSON.stringify(visitorHeard.events);
    for (const text of ['call', 'consult', 'Zed', String(zed.id) + ',']) expect(forVisitor).not.toContain(text);
    const visitorHistory = await emitWithAck(visitor, 'chat:history', {});
    expect(visitorHistory.ok).toBe(true);
    expect(visitorHistory.data.messages.map((m: { body: string }) => m.body)).toEqual(['My parcel is lost']);
    expect(JSON.stringify(visitorHistory)).not.toMatch(/call|consult|Zed/i);
    const contactId = (await ann.http.get<TicketDetailDto>(`/api/v1/tickets/${ticketId}`)).body.ticket.contact!.id;
    const portalToken = await (t.app.context.orm.em.fork() as Em).transactional((tx) => startPortalSession(tx as Em, contactId, clock.now()));
    for (const path of ['/portal/tickets', `/portal/tickets/${ticketId}`]) {
      const page = await fetch(`${t.baseUrl}${path}`, { headers: { cookie: `parley_portal_session=${portalToken}`, 'accept-language': 'en' }, redirect: 'manual' });
      const html = await page.text();
      expect(page.status, path).toBe(200);
      expect(html).toContain('My parcel is lost'.slice(0, 7));
      expect(html).not.toMatch(/call|consult|Zed|Ann Consults/i);
    }
    expect(await (t.app.context.orm.em.fork() as Em).count(OutboxMail, {})).toBe(outboxBefore);
  });

  it('colleagues see who is in a call, on and off, as it changes and in the presence list', async () => {
    const ann = await t.agent({ name: 'Ann Presence', departmentIds: [support] });
    const bob = await t.agent({ name: 'Bob Presence', departmentIds: [support] });
    const cat = await t.agent({ name: 'Cat Presence', departmentIds: [support] });
    const a = await connect(ann);
    const b = await connect(bob);
    const c = await connect(cat);
    const presence = (agentId: number, inCall: boolean) => (p: AgentPresenceDto) => p.agentId === agentId && p.inCall === inCall;
    const listed = async () => (await cat.http.get<{ items: AgentPresenceDto[] }>('/api/v1/agents/presence')).body.items.filter((p) => p.agentId === ann.id || p.agentId === bob.id);

    const call = await start(a.socket, await direct(ann, bob.id));
    expect(await c.heard.waitFor('agent:presence', presence(ann.id, true))).toEqual({ agentId: ann.id, availability: 'online', connected: true, inCall: true });
    // Being rung is not being in a call.
    expect((await listed()).map((p) => [p.agentId, p.inCall])).toEqual([[ann.id, true], [bob.id, false]]);
    await emitWithAck(b.socket, 'call:accept', { callId: call.id, tabId: id('tabB') });
    await c.heard.waitFor('agent:presence', presence(bob.id, true));
    expect((await listed()).map((p) => p.inCall)).toEqual([true, true]);
    await emitWithAck(b.socket, 'call:hangup', { callId: call.id });
    await Promise.all([c.heard.waitFor('agent:presence', presence(ann.id, false)), c.heard.waitFor('agent:presence', presence(bob.id, false))]);
    expect((await listed()).map((p) => p.inCall)).toEqual([false, false]);
  });
});

const redisUrl = process.env.REDIS_URL_FOR_TESTS ?? null;

/** Two instances of one installation (one PostgreSQL, one Redis): what a call leaves behind crosses them, once. */
describe.skipIf(!postgresServerUrl || !redisUrl)('what calls leave behind, on several instances [postgresql + redis]', () => {
  let a: TestApp;
  let b: TestApp;
  const clock = new MutableClock(new Date('2027-05-10T09:00:00Z'));

  beforeAll(async () => {
    const env = { REDIS_URL: redisUrl!, REDIS_KEY_PREFIX: `parley-call-records-test-${process.pid}-${Date.now()}` };
    a = await createTestApp({ db: 'postgresql', env, clock });
    b = await createTestApp({ db: 'postgresql', env, clock, sameDatabaseAs: a });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('colleagues on the other instance see "in a call" come and go; a missed call swept by both instances at once is recorded once, heard on both', async () => {
    const ann = await a.agent({ name: 'Ann Instances' });
    const bob = await a.agent({ name: 'Bob Instances' });
    const cat = await a.agent({ name: 'Cat Instances' });
    const bobOnB = b.client();
    const catOnB = b.client();
    expect((await bobOnB.signIn(bob.email, 'agent password 123')).status).toBe(200);
    expect((await catOnB.signIn(cat.email, 'agent password 123')).status).toBe(200);
    const annSocket = await connectAgent(a.baseUrl, { http: ann.http });
    const bobSocket = await connectAgent(b.baseUrl, { http: bobOnB });
    const catSocket = await connectAgent(b.baseUrl, { http: catOnB });
    const ann$ = recordEvents(annSocket);
    const bob$ = recordEvents(bobSocket);
    const cat$ = recordEvents(catSocket);
    try {
      const conversationId = (await ann.http.post<TeamConversationDto>('/api/v1/team/direct', { agentId: bob.id })).body.id;
      const call = await emitWithAck(annSocket, 'call:start', { conversationId, tabId: id('tabA'), clientId: id('call') });
      await cat$.waitFor('agent:presence', (p: AgentPresenceDto) => p.agentId === ann.id && p.inCall);
      await bob$.waitFor('call:ringing', (c) => c.id === call.data.id);
      await emitWithAck(bobSocket, 'call:accept', { callId: call.data.id, tabId: id('tabB') });
      await ann$.waitFor('agent:presence', (p: AgentPresenceDto) => p.agentId === bob.id && p.inCall);
      await emitWithAck(annSocket, 'call:hangup', { callId: call.data.id });
      await Promise.all([cat$.waitFor('agent:presence', (p: AgentPresenceDto) => p.agentId === ann.id && !p.inCall), cat$.waitFor('agent:presence', (p: AgentPresenceDto) => p.agentId === bob.id && !p.inCall)]);
      await bob$.waitFor('team:message', (m: TeamMessageDto) => m.call?.callId === call.data.id && m.call?.outcome === 'completed');

      const missed = await emitWithAck(annSocket, 'call:start', { conversationId, tabId: id('tabA'), clientId: id('call') });
      await bob$.waitFor('call:ringing', (c) => c.id === missed.data.id);
      clock.advance(CALL_RING_TIMEOUT_MS);
      await Promise.all([sweepCalls(a.app.context), sweepCalls(b.app.context)]);
      const heard = await bob$.waitFor('team:message', (m: TeamMessageDto) => m.call?.callId === missed.data.id);
      expect(heard.call).toMatchObject({ outcome: 'missed', joinedAgentIds: [ann.id] });
      await ann$.waitFor('team:message', (m: TeamMessageDto) => m.call?.callId === missed.data.id);
      expect(await (a.app.context.orm.em.fork() as Em).count(TeamMessage, { callId: missed.data.id })).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(bob$.events.filter((e) => e.name === 'team:message' && e.payload.call?.callId === missed.data.id)).toHaveLength(1);
    } finally {
      for (const socket of [annSocket, bobSocket, catSocket]) socket.close();
    }
  });
});
