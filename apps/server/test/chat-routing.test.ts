import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { Ticket } from '../src/modules/tickets/ticket.entity.js';
import { createTestApp, describeEachDatabase, type TestApp } from './helpers/create-test-app.js';
import { connectAgent, connectVisitor, emitWithAck, issueVisitor, recordEvents, type VisitorClientSocket } from './helpers/sockets.js';

let sequence = 0;
const clientId = (label: string) => `${label}-${process.pid}-${++sequence}-routing`.replace(/[^A-Za-z0-9_-]/g, '_');
const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));

/**
 * Chat routing over real sockets and a real database: who is rung, first accept wins, widening, requeue when
 * the agent is gone, transfer and invite. Each test uses its own departments so agents of other tests never
 * qualify, and closes its sockets.
 */
describeEachDatabase('chat routing', (db) => {
  let t: TestApp;
  let timers: TestApp;
  const sockets: { close(): void }[] = [];

  async function online(app: TestApp, name: string, departmentIds: number[]) {
    const agent = await app.agent({ name, departmentIds });
    const socket = await connectAgent(app.baseUrl, { http: agent.http });
    sockets.push(socket);
    return { ...agent, socket, events: recordEvents(socket) };
  }

  async function visitorStarts(app: TestApp, departmentId: number, message = 'Hello, I need help', name = 'Vera Visitor') {
    const issued = await issueVisitor(app.baseUrl);
    const socket: VisitorClientSocket = await connectVisitor(app.baseUrl, issued.token);
    sockets.push(socket);
    const frames = recordEvents(socket);
    const start = await emitWithAck(socket, 'chat:start', { clientId: clientId('start'), message, name, departmentId });
    expect(start.ok).toBe(true);
    return { socket, frames, ticketId: Number(start.data.chat.number.replace('#', '')) };
  }

  beforeAll(async () => {
    t = await createTestApp({ db, env: { VISITOR_REQUESTS_PER_HOUR: '10000' } });
    // Tiny waits and a fast periodic job: widening and requeueing within a test's time.
    timers = await createTestApp({
      db,
      env: { VISITOR_REQUESTS_PER_HOUR: '10000', JOB_INTERVAL_MS: '100', CHAT_OFFER_WAIT_SECONDS: '0.5', CHAT_OWNER_GRACE_SECONDS: '0.5', PRESENCE_GRACE_MS: '50' },
    });
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  afterAll(async () => {
    await t?.close();
    await timers?.close();
  });

  it('rings an online agent of the department with capacity, and not another department\'s, one at capacity, or one away', async () => {
    const support = await t.department('Support A');
    const billing = await t.department('Billing A');
    const sam = await online(t, 'Sam Support', [support]);
    const other = await online(t, 'Olga Other', [billing]);
    const full = await online(t, 'Fiona Full', [support]);
    const away = await online(t, 'Andy Away', [support]);
    expect((await t.admin.patch(`/api/v1/agents/${full.id}`, { maxConcurrentChats: 0 })).body.maxConcurrentChats).toBe(0);
    expect((await away.http.patch('/api/v1/me', { availability: 'away' })).status).toBe(200);
    await settle(100);

    const chat = await visitorStarts(t, support, 'My order #77 never arrived, can you check?');
    const offer = await sam.events.waitFor('chat:offered', (p) => p.ticketId === chat.ticketId);
    expect(offer).toEqual({
      ticketId: chat.ticketId,
      number: String(chat.ticketId),
      departmentId: support,
      departmentName: 'Support A',
      visitorName: 'Vera Visitor',
      preview: 'My order #77 never arrived, can you check?',
      waitingSince: expect.any(String),
      widened: false,
      transferred: false,
    });
    const waiting = await chat.frames.waitFor('chat:state');
    expect(waiting).toEqual({ phase: 'waiting', waitingSince: expect.any(String), agent: null });
    await settle();
    for (const agent of [other, full, away]) expect(agent.events.events.filter((e) => e.name === 'chat:offered')).toEqual([]);

    // After a reload the console asks what rings for it.
    const pending = await emitWithAck(sam.socket, 'chat:offers', {});
    expect(pending).toMatchObject({ ok: true, data: { offers: [expect.objectContaining({ ticketId: chat.ticketId })], mine: { count: 0, ticketIds: [] } } });
    expect((await emitWithAck(other.socket, 'chat:offers', {})).data.offers).toEqual([]);
    // Refused: someone not rung may not take it.
    expect(await emitWithAck(other.socket, 'chat:accept', { ticketId: chat.ticketId })).toMatchObject({ ok: false, error: { code: 'chat/not_offered' } });

    // Capacity freed: the full agent is rung too.
    await t.admin.patch(`/api/v1/agents/${full.id}`, { maxConcurrentChats: 2 });
    await full.events.waitFor('chat:offered', (p) => p.ticketId === chat.ticketId);
    // Coming back online: rung as well; going away again withdraws it.
    await away.http.patch('/api/v1/me', { availability: 'online' });
    await away.events.waitFor('chat:offered', (p) => p.ticketId === chat.ticketId);
    await away.http.patch('/api/v1/me', { availability: 'away' });
    await away.events.waitFor('chat:offer_withdrawn', (p) => p.ticketId === chat.ticketId);
  });

  it('two agents race to accept: exactly one wins, the other is refused and the offer withdrawn; the visitor sees the name only', async () => {
    const support = await t.department('Support B');
    const first = await online(t, 'Rita Racer', [support]);
    const second = await online(t, 'Rob Racer', [support]);
    const chat = await visitorStarts(t, support);
    await first.events.waitFor('chat:offered', (p) => p.ticketId === chat.ticketId);
    await second.events.waitFor('chat:offered', (p) => p.ticketId === chat.ticketId);

    const [a, b] = await Promise.all([
      emitWithAck(first.socket, 'chat:accept', { ticketId: chat.ticketId }),
      emitWithAck(second.socket, 'chat:accept', { ticketId: chat.ticketId }),
    ]);
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    const [winner, loser, loserAck] = a.ok ? [first, second, b] : [second, first, a];
    expect(loserAck.error.code).toBe('chat/already_taken');
    await loser.events.waitFor('chat:offer_withdrawn', (p) => p.ticketId === chat.ticketId);
    const winnerAck = a.ok ? a : b;
    expect(winnerAck.data).toMatchObject({ ticketId: chat.ticketId, phase: 'active', ownerAgentId: winner.id });

    const connected = await chat.frames.waitFor('chat:state', (p) => p.phase === 'connected');
    expect(connected).toEqual({ phase: 'connected', waitingSince: null, agent: { name: a.ok ? 'Rita Racer' : 'Rob Racer' } });
    expect(JSON.stringify(chat.frames.events)).not.toMatch(/agentId|ownerAgentId/);
    expect(JSON.stringify(chat.frames.events)).not.toContain(`"${winner.id}"`);

    // The ticket became the winner's through the ordinary ticket path (with its system line).
    const ticket = await t.admin.get(`/api/v1/tickets/${chat.ticketId}`);
    expect(ticket.body.ticket.assignedAgentId).toBe(winner.id);
    expect(ticket.body.thread.some((i: any) => i.kind === 'system_event' && i.systemEvent.type === 'assigned' && i.systemEvent.toAgentId === winner.id)).toBe(true);
    await winner.events.waitFor('chat:mine', (p) => p.count === 1);
    // A late accept of a chat already taken is refused by name.
    expect(await emitWithAck(loser.socket, 'chat:accept', { ticketId: chat.ticketId })).toMatchObject({ ok: false, error: { code: 'chat/already_taken' } });
    // The widget, reconnecting, reads the state with its history.
    const history = await emitWithAck(chat.socket, 'chat:history', {});
    expect(history.data.state).toEqual(connected);

    // Resolving the ticket ends the chat for the visitor and frees the agent.
    await winner.http.post(`/api/v1/tickets/${chat.ticketId}/resolve`);
    await chat.frames.waitFor('chat:state', (p) => p.phase === 'ended');
    await winner.events.waitFor('chat:mine', (p) => p.count === 0);

    // The visitor writes again: the chat reopens, waits again, and rings again (the first message's offers are long gone).
    const ringsBefore = winner.events.events.filter((e) => e.name === 'chat:offered').length;
    expect((await emitWithAck(chat.socket, 'chat:message', { clientId: clientId('again'), body: 'One more question' })).ok).toBe(true);
    const endedAt = chat.frames.events.findIndex((e) => e.name === 'chat:state' && e.payload.phase === 'ended');
    await expect.poll(() => chat.frames.events.slice(endedAt + 1).some((e) => e.name === 'chat:state' && e.payload.phase === 'waiting')).toBe(true);
    const again = await winner.events.waitFor('chat:offered', (p) => p.ticketId === chat.ticketId && p.preview === 'One more question');
    expect(again.ticketId).toBe(chat.ticketId);
    expect(winner.events.events.filter((e) => e.name === 'chat:offered').length).toBeGreaterThan(ringsBefore);
  });

  it('an agent who reaches their capacity by accepting stops ringing for the other chats', async () => {
    const support = await t.department('Support E');
    const solo = await online(t, 'Sol Solo', [support]);
    await t.admin.patch(`/api/v1/agents/${solo.id}`, { maxConcurrentChats: 1 });
    const first = await visitorStarts(t, support, 'first');
    const second = await visitorStarts(t, support, 'second');
    await solo.events.waitFor('chat:offered', (p) => p.ticketId === first.ticketId);
    await solo.events.waitFor('chat:offered', (p) => p.ticketId === second.ticketId);
    expect((await emitWithAck(solo.socket, 'chat:accept', { ticketId: first.ticketId })).ok).toBe(true);
    await solo.events.waitFor('chat:offer_withdrawn', (p) => p.ticketId === second.ticketId);
    expect(await emitWithAck(solo.socket, 'chat:accept', { ticketId: second.ticketId })).toMatchObject({ ok: false, error: { code: 'chat/not_offered' } });
    expect((await emitWithAck(solo.socket, 'chat:offers', {})).data).toEqual({ offers: [], mine: { count: 1, ticketIds: [first.ticketId] } });
  });

  it('a visitor who ends the chat stops the ringing, and frees the agent who had it', async () => {
    const support = await t.department('Support F');
    const agent = await online(t, 'Elle Ender', [support]);
    // A chat that ends unanswered is missed, and triggers listening to that act on it.
    const missedRule = await t.admin.post('/api/v1/triggers', { name: 'Missed chats', events: ['chat_missed'], actions: [{ type: 'add_tags', tags: ['missed'] }] });
    expect(missedRule.status).toBe(201);
    const ringing = await visitorStarts(t, support, 'never mind');
    await agent.events.waitFor('chat:offered', (p) => p.ticketId === ringing.ticketId);
    expect((await emitWithAck(ringing.socket, 'chat:end', {})).ok).toBe(true);
    await agent.events.waitFor('chat:offer_withdrawn', (p) => p.ticketId === ringing.ticketId);

    const taken = await visitorStarts(t, support, 'thanks, bye');
    await agent.events.waitFor('chat:offered', (p) => p.ticketId === taken.ticketId);
    expect((await emitWithAck(agent.socket, 'chat:accept', { ticketId: taken.ticketId })).ok).toBe(true);
    await agent.events.waitFor('chat:mine', (p) => p.count === 1);
    expect((await emitWithAck(taken.socket, 'chat:end', {})).ok).toBe(true);
    await agent.events.waitFor('chat:mine', (p) => p.count === 0);
    expect((await emitWithAck(agent.socket, 'chat:session', { ticketId: taken.ticketId })).data).toMatchObject({ phase: 'ended' });
    expect((await t.admin.get(`/api/v1/tickets/${ringing.ticketId}`)).body.ticket.tags).toEqual(['missed']);
    expect((await t.admin.get(`/api/v1/tickets/${taken.ticketId}`)).body.ticket.tags).toEqual([]);
    await t.admin.delete(`/api/v1/triggers/${missedRule.body.id}`);
  });

  it('declining stops the ringing for that agent only; the last decline leaves the chat waiting', async () => {
    const support = await t.department('Support C');
    const one = await online(t, 'Dee Decliner', [support]);
    const two = await online(t, 'Tom Two', [support]);
    const chat = await visitorStarts(t, support);
    await one.events.waitFor('chat:offered', (p) => p.ticketId === chat.ticketId);
    await two.events.waitFor('chat:offered', (p) => p.ticketId === chat.ticketId);
    expect(await emitWithAck(one.socket, 'chat:decline', { ticketId: chat.ticketId })).toMatchObject({ ok: true, data: { ticketId: chat.ticketId } });
    await one.events.waitFor('chat:offer_withdrawn', (p) => p.ticketId === chat.ticketId);
    expect((await emitWithAck(one.socket, 'chat:offers', {})).data.offers).toEqual([]);
    expect((await emitWithAck(two.socket, 'chat:offers', {})).data.offers).toHaveLength(1);
    expect(await emitWithAck(one.socket, 'chat:decline', { ticketId: chat.ticketId })).toMatchObject({ ok: false, error: { code: 'chat/not_offered' } });
    expect(await emitWithAck(two.socket, 'chat:decline', { ticketId: chat.ticketId })).toMatchObject({ ok: true });
    const session = await emitWithAck(two.socket, 'chat:session', { ticketId: chat.ticketId });
    expect(session.data).toMatchObject({ phase: 'waiting', ownerAgentId: null });
  });

  it('transfers to a department and to an agent, invites a colleague; outsiders can neither accept nor transfer', async () => {
    const support = await t.department('Support D');
    const billing = await t.department('Billing D');
    const owner = await online(t, 'Owen Owner', [support]);
    const bill = await online(t, 'Bill Billing', [billing]);
    const colleague = await online(t, 'Cleo Colleague', [billing]);
    const chat = await visitorStarts(t, support);
    await owner.events.waitFor('chat:offered', (p) => p.ticketId === chat.ticketId);
    expect((await emitWithAck(owner.socket, 'chat:accept', { ticketId: chat.ticketId })).ok).toBe(true);
    // Nobody else was rung for it (the billing agents are of another department): they may not transfer it.
    expect(await emitWithAck(bill.socket, 'chat:transfer', { ticketId: chat.ticketId, departmentId: billing })).toMatchObject({ ok: false, error: { code: 'ticket/not_found' } });
    expect(await emitWithAck(bill.socket, 'chat:accept', { ticketId: chat.ticketId })).toMatchObject({ ok: false, error: { code: 'chat/already_taken' } });

    const moved = await emitWithAck(owner.socket, 'chat:transfer', { ticketId: chat.ticketId, departmentId: billing, note: 'Billing question' });
    expect(moved).toMatchObject({ ok: true, data: { phase: 'waiting', departmentId: billing, ownerAgentId: null } });
    await chat.frames.waitFor('chat:state', (p) => p.phase === 'waiting' && p.agent === null);
    const offer = await bill.events.waitFor('chat:offered', (p) => p.ticketId === chat.ticketId);
    expect(offer).toMatchObject({ departmentId: billing, departmentName: 'Billing D' });
    await colleague.events.waitFor('chat:offered', (p) => p.ticketId === chat.ticketId);
    expect(owner.events.events.filter((e) => e.name === 'chat:offered' && e.payload.ticketId === chat.ticketId)).toHaveLength(1);
    const detail = await t.admin.get(`/api/v1/tickets/${chat.ticketId}`);
    expect(detail.body.ticket).toMatchObject({ departmentId: billing, assignedAgentId: null });
    expect(detail.body.thread.some((i: any) => i.kind === 'internal_note' && i.body === 'Billing question')).toBe(true);

    expect((await emitWithAck(bill.socket, 'chat:accept', { ticketId: chat.ticketId })).ok).toBe(true);
    await colleague.events.waitFor('chat:offer_withdrawn', (p) => p.ticketId === chat.ticketId);
    await chat.frames.waitFor('chat:state', (p) => p.agent?.name === 'Bill Billing');
    // The former owner is out of it now.
    expect(await emitWithAck(owner.socket, 'chat:transfer', { ticketId: chat.ticketId, departmentId: support })).toMatchObject({ ok: false });

    // Invite: a colleague who may see the chat joins; one who may not (support only) is refused.
    const invited = await emitWithAck(bill.socket, 'chat:invite', { ticketId: chat.ticketId, agentId: colleague.id });
    expect(invited).toMatchObject({ ok: true, data: { participantIds: [colleague.id] } });
    expect(await colleague.events.waitFor('chat:invited', (p) => p.ticketId === chat.ticketId)).toEqual({ ticketId: chat.ticketId, number: String(chat.ticketId), byAgentId: bill.id });
    expect(await emitWithAck(bill.socket, 'chat:invite', { ticketId: chat.ticketId, agentId: colleague.id })).toMatchObject({ ok: false, error: { code: 'chat/already_participant' } });
    expect(await emitWithAck(bill.socket, 'chat:invite', { ticketId: chat.ticketId, agentId: owner.id })).toMatchObject({ ok: false, error: { code: 'agent/not_in_department' } });
    // A participant is not the owner: they may not hand the chat on.
    expect(await emitWithAck(colleague.socket, 'chat:transfer', { ticketId: chat.ticketId, departmentId: support })).toMatchObject({ ok: false, error: { code: 'chat/not_owner' } });

    // To one agent: only they ring (the owner who handed it on does not), and refused while they cannot take it.
    const away = await online(t, 'Ada Away', [billing]);
    await away.http.patch('/api/v1/me', { availability: 'away' });
    expect(await emitWithAck(bill.socket, 'chat:transfer', { ticketId: chat.ticketId, agentId: away.id })).toMatchObject({ ok: false, error: { code: 'chat/agent_unavailable' } });
    const handed = await emitWithAck(bill.socket, 'chat:transfer', { ticketId: chat.ticketId, agentId: colleague.id });
    expect(handed).toMatchObject({ ok: true, data: { phase: 'waiting' } });
    const direct = await colleague.events.waitFor('chat:offered', (p) => p.ticketId === chat.ticketId && p.transferred === true);
    expect(direct.transferred).toBe(true);
    await settle();
    expect(bill.events.events.filter((e) => e.name === 'chat:offered' && e.payload.ticketId === chat.ticketId)).toHaveLength(1);
    expect((await emitWithAck(colleague.socket, 'chat:accept', { ticketId: chat.ticketId })).ok).toBe(true);
  });

  it('widens an unanswered offer to every eligible agent of any department after CHAT_OFFER_WAIT_SECONDS', async () => {
    const lonely = await timers.department('Lonely');
    const busy = await timers.department('Busy');
    const elsewhere = await online(timers, 'Elsa Elsewhere', [busy]);
    const chat = await visitorStarts(timers, lonely);
    const offer = await elsewhere.events.waitFor('chat:offered', (p) => p.ticketId === chat.ticketId, 5000);
    expect(offer.widened).toBe(true);
    expect((await emitWithAck(elsewhere.socket, 'chat:accept', { ticketId: chat.ticketId })).ok).toBe(true);
    await chat.frames.waitFor('chat:state', (p) => p.phase === 'connected' && p.agent.name === 'Elsa Elsewhere');
    // The helper from another department owns it, but the ticket stays in the department it was started for.
    const ticket = (await timers.admin.get(`/api/v1/tickets/${chat.ticketId}`)).body.ticket;
    expect(ticket).toMatchObject({ departmentId: lonely, assignedAgentId: elsewhere.id });
    expect((await elsewhere.http.get(`/api/v1/tickets/${chat.ticketId}`)).status).toBe(200);
    const stored = await timers.app.orm.em.fork().findOneOrFail(Ticket, { id: chat.ticketId });
    expect(stored.departmentId).toBe(lonely);
  });

  it('requeues a chat whose agent has had no console for CHAT_OWNER_GRACE_SECONDS, and offers it again', async () => {
    const support = await timers.department('Requeue');
    const leaving = await online(timers, 'Lee Leaving', [support]);
    const chat = await visitorStarts(timers, support);
    await leaving.events.waitFor('chat:offered', (p) => p.ticketId === chat.ticketId);
    expect((await emitWithAck(leaving.socket, 'chat:accept', { ticketId: chat.ticketId })).ok).toBe(true);
    await chat.frames.waitFor('chat:state', (p) => p.phase === 'connected');
    // A colleague is there but the chat is taken: not rung while its agent is connected.
    const stays = await online(timers, 'Stan Stays', [support]);
    await settle(800);
    expect(stays.events.events.filter((e) => e.name === 'chat:offered' && e.payload.ticketId === chat.ticketId)).toEqual([]);

    leaving.socket.close();
    const waitingAgain = await chat.frames.waitFor('chat:state', (p) => p.phase === 'waiting', 5000);
    expect(waitingAgain.agent).toBeNull();
    const offer = await stays.events.waitFor('chat:offered', (p) => p.ticketId === chat.ticketId, 5000);
    expect(offer.ticketId).toBe(chat.ticketId);
    expect((await emitWithAck(stays.socket, 'chat:accept', { ticketId: chat.ticketId })).ok).toBe(true);
  });

  it('the periodic check ends a chat whose resolution was never announced (an instance stopped right after the commit)', async () => {
    const support = await timers.department('Healing');
    const agent = await online(timers, 'Hal Healer', [support]);
    const chat = await visitorStarts(timers, support);
    await agent.events.waitFor('chat:offered', (p) => p.ticketId === chat.ticketId);
    expect((await emitWithAck(agent.socket, 'chat:accept', { ticketId: chat.ticketId })).ok).toBe(true);
    // Resolved straight in the database: no event, as if the process had died before announcing it.
    await timers.app.orm.em.fork().nativeUpdate(Ticket, { id: chat.ticketId }, { status: 'resolved' });
    await chat.frames.waitFor('chat:state', (p) => p.phase === 'ended', 5000);
    await agent.events.waitFor('chat:mine', (p) => p.count === 0, 5000);
  });
});

