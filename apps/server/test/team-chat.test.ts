import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, describeEachDatabase, type TestApp } from './helpers/create-test-app.js';
import { type AgentClientSocket, connectAgent, connectVisitor, emitWithAck, issueVisitor, recordEvents, type VisitorClientSocket } from './helpers/sockets.js';

const clientId = (() => {
  let n = 0;
  return () => `team-client-${Date.now()}-${++n}`;
})();

describeEachDatabase('team chat', (db) => {
  let t: TestApp;
  let support: number;
  let billing: number;
  const sockets: (AgentClientSocket | VisitorClientSocket)[] = [];

  beforeAll(async () => {
    t = await createTestApp({ db });
    support = await t.department('Support');
    billing = await t.department('Billing');
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t?.close();
  });

  const connect = async (agent: { http: TestApp['admin'] }) => {
    const socket = await connectAgent(t.baseUrl, { http: agent.http });
    sockets.push(socket);
    return socket;
  };
  const conversations = async (http: TestApp['admin']) => (await http.get('/api/v1/team/conversations')).body.items as any[];
  const departmentChannel = async (http: TestApp['admin'], departmentId: number) => (await conversations(http)).find((c) => c.kind === 'department' && c.departmentId === departmentId);

  it('gives each department a channel open to its members and administrators only', async () => {
    const member = await t.agent({ departmentIds: [support] });
    const outsider = await t.agent({ departmentIds: [billing] });
    const channel = await departmentChannel(member.http, support);
    expect(channel).toMatchObject({ name: 'Support', joined: true, unreadCount: 0 });
    expect(channel.memberIds).toContain(member.id);
    expect(channel.memberIds).not.toContain(outsider.id);
    expect(await departmentChannel(outsider.http, support)).toBeUndefined();
    expect((await departmentChannel(t.admin, support))?.id).toBe(channel.id);
    expect((await outsider.http.get(`/api/v1/team/conversations/${channel.id}/messages`)).status).toBe(404);
    const socket = await connect(outsider);
    const refused = await emitWithAck(socket, 'team:send', { conversationId: channel.id, clientId: clientId(), body: 'let me in' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'resource/not_found' } });

    // A department created later gets its channel at once.
    const created = await t.admin.post('/api/v1/departments', { name: 'Sales' });
    expect((await conversations(t.admin)).some((c) => c.kind === 'department' && c.departmentId === created.body.id && c.name === 'Sales')).toBe(true);
  });

  it('lets any agent create, join and leave an ad-hoc channel; only its members use it', async () => {
    const alice = await t.agent({ name: 'Alice', departmentIds: [support] });
    const bob = await t.agent({ name: 'Bob', departmentIds: [billing] });
    const created = await alice.http.post('/api/v1/team/channels', { name: 'Launch' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'channel', name: 'Launch', joined: true, memberIds: [alice.id] });
    const seen = (await conversations(bob.http)).find((c) => c.id === created.body.id);
    expect(seen).toMatchObject({ joined: false });
    expect((await bob.http.get(`/api/v1/team/conversations/${created.body.id}/messages`)).status).toBe(404);
    const joined = await bob.http.post(`/api/v1/team/conversations/${created.body.id}/join`);
    expect(joined.body).toMatchObject({ joined: true, memberIds: [alice.id, bob.id].sort((a, b) => a - b) });
    expect((await bob.http.get(`/api/v1/team/conversations/${created.body.id}/messages`)).status).toBe(200);
    expect((await bob.http.post(`/api/v1/team/conversations/${created.body.id}/leave`)).status).toBe(200);
    expect((await bob.http.get(`/api/v1/team/conversations/${created.body.id}/messages`)).status).toBe(404);
    // Department channels are neither joined nor left.
    const channel = await departmentChannel(bob.http, billing);
    expect((await bob.http.post(`/api/v1/team/conversations/${channel.id}/leave`)).status).toBe(400);
    expect((await alice.http.post(`/api/v1/team/conversations/${channel.id}/join`)).status).toBe(404);
  });

  it('opens one direct conversation per pair, for the two agents only', async () => {
    const alice = await t.agent({ name: 'Alice D' });
    const bob = await t.agent({ name: 'Bob D' });
    const carol = await t.agent({ name: 'Carol D' });
    const first = await alice.http.post('/api/v1/team/direct', { agentId: bob.id });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ kind: 'direct', name: 'Bob D', otherAgentId: bob.id });
    const second = await bob.http.post('/api/v1/team/direct', { agentId: alice.id });
    expect(second.body).toMatchObject({ id: first.body.id, name: 'Alice D', otherAgentId: alice.id });
    expect((await carol.http.get(`/api/v1/team/conversations/${first.body.id}/messages`)).status).toBe(404);
    expect((await conversations(carol.http)).some((c) => c.id === first.body.id)).toBe(false);
    expect((await alice.http.post('/api/v1/team/direct', { agentId: alice.id })).status).toBe(404);
    expect((await t.admin.get(`/api/v1/team/conversations/${first.body.id}/messages`)).status).toBe(404);
  });

  it('acknowledges a message after commit, stores a retry once, and reaches members only', async () => {
    const alice = await t.agent({ name: 'Alice M', departmentIds: [support] });
    const bob = await t.agent({ name: 'Bob M', departmentIds: [support] });
    const outsider = await t.agent({ name: 'Olga M', departmentIds: [billing] });
    const channel = await departmentChannel(alice.http, support);
    const [aliceSocket, bobSocket, outsiderSocket] = await Promise.all([connect(alice), connect(bob), connect(outsider)]);
    const bobEvents = recordEvents(bobSocket);
    const outsiderEvents = recordEvents(outsiderSocket);
    const id = clientId();
    const ack = await emitWithAck(aliceSocket, 'team:send', { conversationId: channel.id, clientId: id, body: 'hello #12 team' });
    expect(ack).toMatchObject({ ok: true, data: { conversationId: channel.id, authorAgentId: alice.id, body: 'hello #12 team', clientId: id } });
    // Acknowledged means stored.
    const page = await bob.http.get(`/api/v1/team/conversations/${channel.id}/messages`);
    expect(page.body.items.map((m: any) => m.id)).toContain(ack.data.id);
    const live = await bobEvents.waitFor('team:message', (m) => m.id === ack.data.id);
    expect(live.body).toBe('hello #12 team');
    // A retry answers with the same message and stores nothing new.
    const again = await emitWithAck(aliceSocket, 'team:send', { conversationId: channel.id, clientId: id, body: 'hello #12 team' });
    expect(again.data.id).toBe(ack.data.id);
    const after = await bob.http.get(`/api/v1/team/conversations/${channel.id}/messages`);
    expect(after.body.items.filter((m: any) => m.clientId === id)).toHaveLength(1);
    // Typing reaches members only.
    await emitWithAck(aliceSocket, 'team:typing', { conversationId: channel.id, typing: true });
    await bobEvents.waitFor('team:typing', (p) => p.agentId === alice.id && p.typing === true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(bobEvents.events.filter((e) => e.name === 'team:message' && e.payload.id === ack.data.id)).toHaveLength(1);
    expect(outsiderEvents.events.filter((e) => e.name.startsWith('team:'))).toEqual([]);
  });

  it('never emits a direct message to a socket that is not one of the two agents', async () => {
    const alice = await t.agent({ name: 'Alice X', departmentIds: [support] });
    const bob = await t.agent({ name: 'Bob X', departmentIds: [support] });
    const colleague = await t.agent({ name: 'Carl X', departmentIds: [support] });
    const [aliceSocket, bobSocket, colleagueSocket, adminSocket] = await Promise.all([connect(alice), connect(bob), connect(colleague), connect({ http: t.admin })]);
    const bobEvents = recordEvents(bobSocket);
    const others = [recordEvents(colleagueSocket), recordEvents(adminSocket)];
    const direct = (await alice.http.post('/api/v1/team/direct', { agentId: bob.id })).body;
    const ack = await emitWithAck(aliceSocket, 'team:send', { conversationId: direct.id, clientId: clientId(), body: 'just between us' });
    expect(ack.ok).toBe(true);
    await bobEvents.waitFor('team:message', (m) => m.id === ack.data.id);
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const other of others) expect(other.events.filter((e) => JSON.stringify(e.payload ?? null).includes('just between us'))).toEqual([]);
  });

  it('never sends a team message, its typing or its mention to a visitor, not even one chatting with the department', async () => {
    const alice = await t.agent({ name: 'Alice V', departmentIds: [support] });
    const bob = await t.agent({ name: 'Bob V', departmentIds: [support] });
    const issued = await issueVisitor(t.baseUrl);
    const visitor = await connectVisitor(t.baseUrl, issued.token);
    sockets.push(visitor);
    // Every frame the visitor's connection receives, below Socket.IO's event layer.
    const frames: string[] = [];
    visitor.io.engine.on('packet', (packet: { type: string; data?: unknown }) => frames.push(`${packet.type}:${typeof packet.data === 'string' ? packet.data : ''}`));
    const start = await emitWithAck(visitor, 'chat:start', { clientId: clientId(), message: 'Hello support', departmentId: support });
    expect(start.ok).toBe(true);
    const channel = await departmentChannel(alice.http, support);
    const direct = (await alice.http.post('/api/v1/team/direct', { agentId: bob.id })).body;
    const [aliceSocket, bobSocket] = await Promise.all([connect(alice), connect(bob)]);
    const bobEvents = recordEvents(bobSocket as AgentClientSocket);
    await emitWithAck(aliceSocket, 'team:typing', { conversationId: channel.id, typing: true });
    const inChannel = await emitWithAck(aliceSocket, 'team:send', { conversationId: channel.id, clientId: clientId(), body: 'secret-team-words', mentions: [bob.id] });
    const inDirect = await emitWithAck(aliceSocket, 'team:send', { conversationId: direct.id, clientId: clientId(), body: 'secret-direct-words' });
    await bobEvents.waitFor('team:message', (m) => m.id === inChannel.data.id);
    await bobEvents.waitFor('team:message', (m) => m.id === inDirect.data.id);
    await bobEvents.waitFor('team:mentioned');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.filter((f) => f.includes('secret-') || f.includes('team:'))).toEqual([]);
  });

  it('notifies a mentioned member alone, and ignores mentions of non-members', async () => {
    const alice = await t.agent({ name: 'Alice N', departmentIds: [support] });
    const bob = await t.agent({ name: 'Bob N', departmentIds: [support] });
    const carol = await t.agent({ name: 'Carol N', departmentIds: [support] });
    const outsider = await t.agent({ name: 'Olaf N', departmentIds: [billing] });
    const channel = await departmentChannel(alice.http, support);
    const [aliceSocket, bobSocket, carolSocket, outsiderSocket] = await Promise.all([connect(alice), connect(bob), connect(carol), connect(outsider)]);
    const [bobEvents, carolEvents, outsiderEvents] = [recordEvents(bobSocket), recordEvents(carolSocket), recordEvents(outsiderSocket)];
    const ack = await emitWithAck(aliceSocket, 'team:send', { conversationId: channel.id, clientId: clientId(), body: '@Bob N look', mentions: [bob.id, outsider.id, alice.id] });
    expect(ack.data.mentions).toEqual([bob.id]);
    const notice = await bobEvents.waitFor('team:mentioned');
    expect(notice).toMatchObject({ conversationId: channel.id, message: { id: ack.data.id } });
    await carolEvents.waitFor('team:message', (m) => m.id === ack.data.id);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(carolEvents.events.some((e) => e.name === 'team:mentioned')).toBe(false);
    expect(outsiderEvents.events.some((e) => e.name.startsWith('team:'))).toBe(false);
  });

  it('pages history newest first and counts unread messages until marked read', async () => {
    const alice = await t.agent({ name: 'Alice H' });
    const bob = await t.agent({ name: 'Bob H' });
    const direct = (await alice.http.post('/api/v1/team/direct', { agentId: bob.id })).body;
    const aliceSocket = await connect(alice);
    const bobSocket = await connect(bob);
    const bobEvents = recordEvents(bobSocket);
    const ids: number[] = [];
    for (let i = 1; i <= 7; i++) {
      const ack = await emitWithAck(aliceSocket, 'team:send', { conversationId: direct.id, clientId: clientId(), body: `message ${i}` });
      ids.push(ack.data.id);
    }
    const first = await bob.http.get(`/api/v1/team/conversations/${direct.id}/messages?limit=3`);
    expect(first.body.items.map((m: any) => m.body)).toEqual(['message 7', 'message 6', 'message 5']);
    const second = await bob.http.get(`/api/v1/team/conversations/${direct.id}/messages?limit=3&before=${first.body.nextCursor}`);
    expect(second.body.items.map((m: any) => m.body)).toEqual(['message 4', 'message 3', 'message 2']);
    const third = await bob.http.get(`/api/v1/team/conversations/${direct.id}/messages?limit=3&before=${second.body.nextCursor}`);
    expect(third.body).toEqual({ items: [expect.objectContaining({ body: 'message 1' })], nextCursor: null });

    expect((await conversations(bob.http)).find((c) => c.id === direct.id).unreadCount).toBe(7);
    expect((await conversations(alice.http)).find((c) => c.id === direct.id).unreadCount).toBe(0);
    const read = await bob.http.post(`/api/v1/team/conversations/${direct.id}/read`, { messageId: ids[4] });
    expect(read.body).toMatchObject({ conversationId: direct.id, agentId: bob.id, lastReadMessageId: ids[4], unreadCount: 2 });
    await bobEvents.waitFor('team:read', (p) => p.unreadCount === 2);
    // The marker never moves back.
    const back = await bob.http.post(`/api/v1/team/conversations/${direct.id}/read`, { messageId: ids[1] });
    expect(back.body.unreadCount).toBe(2);
    expect((await conversations(bob.http)).find((c) => c.id === direct.id)).toMatchObject({ unreadCount: 2, lastReadMessageId: ids[4] });
  });

  it('binds an attachment to a team message: only members may download it', async () => {
    const alice = await t.agent({ name: 'Alice A', departmentIds: [support] });
    const bob = await t.agent({ name: 'Bob A', departmentIds: [support] });
    const outsider = await t.agent({ name: 'Otto A', departmentIds: [billing] });
    const channel = await departmentChannel(alice.http, support);
    const form = new FormData();
    form.append('file', new Blob(['team secret'], { type: 'text/plain' }), 'notes.txt');
    const file = await alice.http.post('/api/v1/attachments', form);
    expect(file.status).toBe(201);
    const aliceSocket = await connect(alice);
    const ack = await emitWithAck(aliceSocket, 'team:send', { conversationId: channel.id, clientId: clientId(), body: 'see file', attachmentIds: [file.body.id] });
    expect(ack.data.attachments).toEqual([expect.objectContaining({ id: file.body.id, filename: 'notes.txt' })]);
    expect((await bob.http.get(file.body.url)).body).toBe('team secret');
    expect((await outsider.http.get(file.body.url)).status).toBe(404);
    // Used once, it cannot be sent again, in the team chat or on a ticket.
    const reuse = await emitWithAck(aliceSocket, 'team:send', { conversationId: channel.id, clientId: clientId(), body: 'again', attachmentIds: [file.body.id] });
    expect(reuse).toMatchObject({ ok: false, error: { code: 'attachment/not_found' } });
    const ticket = (await t.admin.post('/api/v1/tickets', { subject: 'Files', message: 'x', contact: { email: 'team-files@example.com' }, departmentId: support })).body.ticket;
    const note = await alice.http.post(`/api/v1/tickets/${ticket.id}/internal-notes`, { body: 'again', attachmentIds: [file.body.id] });
    expect(note.body.error.code).toBe('attachment/not_found');
    // The failed send stored nothing.
    const page = await alice.http.get(`/api/v1/team/conversations/${channel.id}/messages`);
    expect(page.body.items.some((m: any) => m.body === 'again')).toBe(false);
  });
});
