import { createHmac } from 'node:crypto';
import { formatVisitorToken, visitorTokenPayload } from '@parley/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/env.js';
import { createTestApp, describeEachDatabase, MutableClock, type TestApp } from './helpers/create-test-app.js';
import { connectAgent, connectVisitor, emitWithAck, issueVisitor, recordEvents, type VisitorClientSocket } from './helpers/sockets.js';

let sequence = 0;
const clientId = (label: string) => `${label}-${process.pid}-${++sequence}-abcdef`.replace(/[^A-Za-z0-9_-]/g, '_');
const MESSAGE_KEYS = ['attachments', 'authorName', 'body', 'createdAt', 'from', 'id'];

describeEachDatabase('visitor chats', (db) => {
  let t: TestApp;
  let support: number;
  let billing: number;
  const clock = new MutableClock();
  const open: VisitorClientSocket[] = [];

  async function visitor(): Promise<{ visitorId: string; token: string; socket: VisitorClientSocket }> {
    const issued = await issueVisitor(t.baseUrl);
    const socket = await connectVisitor(t.baseUrl, issued.token);
    open.push(socket);
    return { ...issued, socket };
  }

  async function thread(ticketId: number): Promise<any[]> {
    const res = await t.admin.get(`/api/v1/tickets/${ticketId}`);
    expect(res.status).toBe(200);
    return res.body.thread;
  }

  beforeAll(async () => {
    t = await createTestApp({ db, clock, env: { VISITOR_REQUESTS_PER_HOUR: '10000' } });
    support = await t.department('Support');
    billing = await t.department('Billing');
  });
  afterAll(async () => {
    for (const socket of open) socket.close();
    await t?.close();
  });

  it('issues a visitor, and the same visitor again for a still-valid token; refuses forged, tampered and expired tokens', async () => {
    const first = await issueVisitor(t.baseUrl);
    expect(first.visitorId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(new Date(first.expiresAt).getTime()).toBeGreaterThan(clock.now().getTime() + 29 * 86_400_000);
    const again = await issueVisitor(t.baseUrl, first.token);
    expect(again.visitorId).toBe(first.visitorId);
    expect((await issueVisitor(t.baseUrl)).visitorId).not.toBe(first.visitorId);

    const claims = { visitorId: first.visitorId, expiresAt: clock.now().getTime() + 86_400_000 };
    const forged = formatVisitorToken(claims, createHmac('sha256', 'not the server secret at all, not at all').update(visitorTokenPayload(claims)).digest('base64url'));
    const [version, , expiry, signature] = first.token.split('.');
    const tampered = [version, 'AAAAAAAAAAAAAAAAAAAAAA', expiry, signature].join('.');
    const extended = [version, first.visitorId, (Number.parseInt(expiry!, 36) + 86_400_000).toString(36), signature].join('.');
    for (const bad of [forged, tampered, extended, 'garbage', '']) {
      if (bad) await expect(issueVisitor(t.baseUrl, bad)).rejects.toMatchObject({ status: 401, body: { error: { code: 'visitor/token_invalid' } } });
      await expect(connectVisitor(t.baseUrl, bad)).rejects.toThrow(/visitor\/token_invalid/);
    }

    // Expired: a token 31 days old is refused, at the endpoint and at the handshake.
    const old = await issueVisitor(t.baseUrl);
    clock.advance(31 * 86_400_000);
    try {
      await expect(issueVisitor(t.baseUrl, old.token)).rejects.toMatchObject({ status: 401, body: { error: { code: 'visitor/token_invalid' } } });
      await expect(connectVisitor(t.baseUrl, old.token)).rejects.toThrow(/visitor\/token_invalid/);
    } finally {
      clock.advance(-31 * 86_400_000);
    }
    const socket = await connectVisitor(t.baseUrl, old.token);
    socket.close();
  });

  it('round trip: the visitor starts a chat, the department\'s agents see the ticket, an agent replies and the visitor hears it', async () => {
    const member = await t.agent({ name: 'Sam Support', departmentIds: [support] });
    const agentSocket = await connectAgent(t.baseUrl, { http: member.http });
    const agentEvents = recordEvents(agentSocket);
    const v = await visitor();
    const visitorEvents = recordEvents(v.socket);
    try {
      const start = await emitWithAck(v.socket, 'chat:start', {
        clientId: clientId('start'),
        message: 'Hello, is anyone there?',
        name: 'Vera Visitor',
        departmentId: support,
        page: { url: 'https://shop.example/cart', title: 'Cart' },
      });
      expect(start).toMatchObject({ ok: true, data: { chat: { status: 'open' }, message: { from: 'customer', body: 'Hello, is anyone there?', authorName: null } } });
      const ticketId = Number(start.data.chat.number.replace('#', ''));
      const created = await agentEvents.waitFor('ticket:created', (p) => p.id === ticketId);
      expect(created).toMatchObject({ channel: 'chat', departmentId: support, status: 'new', contact: expect.objectContaining({ name: 'Vera Visitor' }) });
      await agentEvents.waitFor('thread:item_created', (p) => p.ticketId === ticketId && p.kind === 'customer_message');

      expect(await emitWithAck(agentSocket, 'ticket:watch', { ticketId })).toMatchObject({ ok: true });
      const reply = await emitWithAck(agentSocket, 'ticket:reply', { ticketId, body: 'Hi Vera, Sam here.', clientId: clientId('reply') });
      expect(reply.ok).toBe(true);
      const heard = await visitorEvents.waitFor('chat:message', (p) => p.id === reply.data.id);
      expect(heard).toEqual({ id: reply.data.id, from: 'agent', authorName: 'Sam Support', body: 'Hi Vera, Sam here.', attachments: [], createdAt: expect.any(String) });

      // A REST reply takes the same path; the visitor's next message reaches the agent's room.
      const restReply = await member.http.post(`/api/v1/tickets/${ticketId}/replies`, { body: 'Over REST too.' });
      await visitorEvents.waitFor('chat:message', (p) => p.id === restReply.body.id);
      const next = await emitWithAck(v.socket, 'chat:message', { clientId: clientId('msg'), body: 'Thanks!' });
      expect(next).toMatchObject({ ok: true, data: { chat: { status: 'open' }, message: { body: 'Thanks!', from: 'customer' } } });
      await agentEvents.waitFor('thread:item_created', (p) => p.id === next.data.message.id);

      const history = await emitWithAck(v.socket, 'chat:history', {});
      expect(history.data.messages.map((m: any) => m.body)).toEqual(['Hello, is anyone there?', 'Hi Vera, Sam here.', 'Over REST too.', 'Thanks!']);
      const after = await emitWithAck(v.socket, 'chat:history', { afterItemId: reply.data.id });
      expect(after.data.messages.map((m: any) => m.body)).toEqual(['Over REST too.', 'Thanks!']);

      // A second start continues the open chat rather than opening another.
      const again = await emitWithAck(v.socket, 'chat:start', { clientId: clientId('start2'), message: 'Me again' });
      expect(again.data.chat.number).toBe(start.data.chat.number);

      // The visitor comes back on another page with the same token: the same chat.
      const renewed = await issueVisitor(t.baseUrl, v.token);
      const back = await connectVisitor(t.baseUrl, renewed.token);
      open.push(back);
      const resumed = await emitWithAck(back, 'chat:history', {});
      expect(resumed.data.chat.number).toBe(start.data.chat.number);
      expect(resumed.data.messages).toHaveLength(5);
    } finally {
      agentSocket.close();
    }
  });

  it('acknowledges only after commit: the message is readable over REST the moment the ack arrives', async () => {
    const v = await visitor();
    const start = await emitWithAck(v.socket, 'chat:start', { clientId: clientId('c'), message: 'first' });
    const ticketId = Number(start.data.chat.number.replace('#', ''));
    expect((await thread(ticketId)).some((i) => i.id === start.data.message.id)).toBe(true);
    for (let i = 0; i < 5; i++) {
      const ack = await emitWithAck(v.socket, 'chat:message', { clientId: clientId('c'), body: `message ${i}` });
      expect(ack.ok).toBe(true);
      const items = await thread(ticketId);
      expect(items.find((item) => item.id === ack.data.message.id)).toMatchObject({ kind: 'customer_message', body: `message ${i}` });
    }
  });

  it('records a message once, however often and however concurrently it is sent', async () => {
    const v = await visitor();
    const startId = clientId('dup-start');
    // Concurrent duplicate starts: one ticket, one first message.
    const starts = await Promise.all(Array.from({ length: 5 }, () => emitWithAck(v.socket, 'chat:start', { clientId: startId, message: 'only once' })));
    expect(starts.every((s) => s.ok)).toBe(true);
    expect(new Set(starts.map((s) => s.data.chat.number)).size).toBe(1);
    expect(new Set(starts.map((s) => s.data.message.id)).size).toBe(1);
    const ticketId = Number(starts[0].data.chat.number.replace('#', ''));

    const id = clientId('dup');
    const first = await emitWithAck(v.socket, 'chat:message', { clientId: id, body: 'retry me' });
    const retry = await emitWithAck(v.socket, 'chat:message', { clientId: id, body: 'retry me' });
    expect(retry.data.message).toEqual(first.data.message);
    const burstId = clientId('burst');
    const burst = await Promise.all(Array.from({ length: 8 }, () => emitWithAck(v.socket, 'chat:message', { clientId: burstId, body: 'burst' })));
    expect(burst.every((b) => b.ok)).toBe(true);
    expect(new Set(burst.map((b) => b.data.message.id)).size).toBe(1);
    // From another connection of the same visitor (a second tab) too.
    const tab = await connectVisitor(t.baseUrl, v.token);
    open.push(tab);
    expect((await emitWithAck(tab, 'chat:message', { clientId: burstId, body: 'burst' })).data.message.id).toBe(burst[0].data.message.id);

    const items = (await thread(ticketId)).filter((i) => i.kind === 'customer_message');
    expect(items.map((i) => i.body)).toEqual(['only once', 'retry me', 'burst']);
    expect(items.map((i) => i.clientId)).toEqual([startId, id, burstId]);
  });

  it('refuses what is not the visitor\'s to ask, and keeps agents outside the department out', async () => {
    const a = await visitor();
    const b = await visitor();
    expect(await emitWithAck(a.socket, 'chat:message', { clientId: clientId('x'), body: 'too early' })).toMatchObject({ ok: false, error: { code: 'chat/not_started' } });
    const startA = await emitWithAck(a.socket, 'chat:start', { clientId: clientId('a'), message: 'private to A', departmentId: support });
    const ticketA = Number(startA.data.chat.number.replace('#', ''));
    // The contract addresses only the visitor's own chat: a ticket id is refused outright.
    expect(await emitWithAck(b.socket, 'chat:history', { ticketId: ticketA })).toMatchObject({ ok: false, error: { code: 'request/invalid' } });
    expect(await emitWithAck(b.socket, 'chat:message', { clientId: clientId('b'), body: 'x', ticketId: ticketA })).toMatchObject({ ok: false, error: { code: 'request/invalid' } });
    expect(await emitWithAck(b.socket, 'chat:history', {})).toEqual({ ok: true, data: { chat: null, messages: [], state: null } });
    // Agent commands do not exist here.
    expect(await emitWithAck(b.socket, 'ticket:watch', { ticketId: ticketA })).toMatchObject({ ok: false, error: { code: 'request/unknown_event' } });
    expect(await emitWithAck(b.socket, 'ticket:reply', { ticketId: ticketA, body: 'x' })).toMatchObject({ ok: false, error: { code: 'request/unknown_event' } });
    expect(await emitWithAck(a.socket, 'chat:start', { clientId: 'bad id!', message: 'x' })).toMatchObject({ ok: false, error: { code: 'request/invalid' } });

    const outsider = await t.agent({ departmentIds: [billing] });
    const outsiderSocket = await connectAgent(t.baseUrl, { http: outsider.http });
    try {
      expect(await emitWithAck(outsiderSocket, 'ticket:watch', { ticketId: ticketA })).toMatchObject({ ok: false, error: { code: 'ticket/not_found' } });
      expect((await outsider.http.get(`/api/v1/tickets/${ticketA}`)).status).toBe(404);
    } finally {
      outsiderSocket.close();
    }
  });

  it('lets the visitor download the files of our replies in their chat, and nothing else', async () => {
    const member = await t.agent({ departmentIds: [support] });
    const v = await visitor();
    const other = await visitor();
    const frames = recordEvents(v.socket);
    const start = await emitWithAck(v.socket, 'chat:start', { clientId: clientId('file'), message: 'send me the invoice', departmentId: support });
    await emitWithAck(other.socket, 'chat:start', { clientId: clientId('file'), message: 'me too', departmentId: support });
    const ticketId = Number(start.data.chat.number.replace('#', ''));
    const upload = async (name: string) => {
      const form = new FormData();
      form.append('file', new Blob(['%PDF-1.4 invoice'], { type: 'application/pdf' }), name);
      return (await member.http.post('/api/v1/attachments', form)).body;
    };
    const invoice = await upload('invoice.pdf');
    const secret = await upload('internal.pdf');
    const reply = await member.http.post(`/api/v1/tickets/${ticketId}/replies`, { body: 'here it is', attachmentIds: [invoice.id] });
    await member.http.post(`/api/v1/tickets/${ticketId}/internal-notes`, { body: 'internal file', attachmentIds: [secret.id] });
    const heard = await frames.waitFor('chat:message', (p) => p.id === reply.body.id);
    expect(heard.attachments).toEqual([expect.objectContaining({ id: invoice.id, filename: 'invoice.pdf', url: `/api/v1/widget/attachments/${invoice.id}` })]);

    const get = (url: string, token?: string) => fetch(`${t.baseUrl}${url}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    const ok = await get(heard.attachments[0].url, v.token);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('%PDF-1.4 invoice');
    expect((await get(heard.attachments[0].url)).status).toBe(401);
    expect((await get(heard.attachments[0].url, other.token)).status).toBe(404);
    expect((await get(`/api/v1/widget/attachments/${secret.id}`, v.token)).status).toBe(404);
  });

  it('files a chat under a new address\'s own contact, never under an existing contact an unverified visitor names, and keeps an anonymous visitor\'s contact without one', async () => {
    const known = await t.admin.post('/api/v1/tickets', { subject: 'Earlier', message: 'x', contact: { email: 'known@example.com', name: 'Kim Known' }, departmentId: support });
    const v = await visitor();
    const start = await emitWithAck(v.socket, 'chat:start', { clientId: clientId('mail'), message: 'it is me again', email: 'Known@Example.com' });
    const ticket = (await t.admin.get(`/api/v1/tickets/${Number(start.data.chat.number.replace('#', ''))}`)).body.ticket;
    // A typed address is a claim: the chat does not join Kim's contact (and so never reaches Kim's earlier tickets or mailbox).
    expect(ticket.channel).toBe('chat');
    expect(ticket.contact.id).not.toBe(known.body.ticket.contact.id);
    expect(ticket.contact.email).toBeNull();
    const fresh = await visitor();
    const freshStart = await emitWithAck(fresh.socket, 'chat:start', { clientId: clientId('new'), message: 'new here', email: 'Nobody.Yet@Example.com', name: 'Nia New' });
    const freshTicket = (await t.admin.get(`/api/v1/tickets/${Number(freshStart.data.chat.number.replace('#', ''))}`)).body.ticket;
    expect(freshTicket.contact).toMatchObject({ name: 'Nia New', email: 'nobody.yet@example.com' });
    const anonymous = await visitor();
    const anon = await emitWithAck(anonymous.socket, 'chat:start', { clientId: clientId('anon'), message: 'no address' });
    const anonTicket = (await t.admin.get(`/api/v1/tickets/${Number(anon.data.chat.number.replace('#', ''))}`)).body.ticket;
    expect(anonTicket.contact).toMatchObject({ id: expect.any(Number), email: null });
  });

  it('tells the agents who have the chat open that the visitor types, and nobody else', async () => {
    const watcher = await t.agent({ departmentIds: [support] });
    const colleague = await t.agent({ departmentIds: [support] });
    const watcherSocket = await connectAgent(t.baseUrl, { http: watcher.http });
    const colleagueSocket = await connectAgent(t.baseUrl, { http: colleague.http });
    const watcherEvents = recordEvents(watcherSocket);
    const colleagueEvents = recordEvents(colleagueSocket);
    const v = await visitor();
    try {
      expect(await emitWithAck(v.socket, 'chat:typing', { typing: true })).toMatchObject({ ok: false, error: { code: 'chat/not_started' } });
      const start = await emitWithAck(v.socket, 'chat:start', { clientId: clientId('typing'), message: 'typing test', departmentId: support });
      const ticketId = Number(start.data.chat.number.replace('#', ''));
      await emitWithAck(watcherSocket, 'ticket:watch', { ticketId });
      expect(await emitWithAck(v.socket, 'chat:typing', { typing: true })).toEqual({ ok: true, data: { typing: true } });
      expect(await watcherEvents.waitFor('chat:visitor_typing')).toEqual({ ticketId, typing: true });
      await emitWithAck(v.socket, 'chat:typing', { typing: false });
      await watcherEvents.waitFor('chat:visitor_typing', (p) => p.typing === false);
      await new Promise((r) => setTimeout(r, 100));
      expect(colleagueEvents.events.filter((e) => e.name === 'chat:visitor_typing')).toEqual([]);
    } finally {
      watcherSocket.close();
      colleagueSocket.close();
    }
  });

  it('sends the visitor nothing but their own chat\'s public messages (no note, no team chat, no other chat): every frame checked', async () => {
    const member = await t.agent({ name: 'Nora Notes', departmentIds: [support, billing] });
    const agentSocket = await connectAgent(t.baseUrl, { http: member.http });
    const agentEvents = recordEvents(agentSocket);
    const a = await visitor();
    const b = await visitor();
    const framesA = recordEvents(a.socket);
    const framesB = recordEvents(b.socket);
    try {
      const startA = await emitWithAck(a.socket, 'chat:start', { clientId: clientId('a'), message: 'A: hello', departmentId: support });
      const startB = await emitWithAck(b.socket, 'chat:start', { clientId: clientId('b'), message: 'B: SECRET-B hello', departmentId: support });
      const ticketA = Number(startA.data.chat.number.replace('#', ''));
      const ticketB = Number(startB.data.chat.number.replace('#', ''));
      await emitWithAck(agentSocket, 'ticket:watch', { ticketId: ticketA });
      await emitWithAck(agentSocket, 'ticket:add_note', { ticketId: ticketA, body: 'NOTE-SOCKET looks like a bot' });
      await member.http.post(`/api/v1/tickets/${ticketA}/internal-notes`, { body: 'NOTE-REST check the order' });
      await member.http.put(`/api/v1/tickets/${ticketA}/tags`, { tags: ['vip'] });
      await member.http.put(`/api/v1/tickets/${ticketA}/priority`, { priority: 'urgent' });
      const replyA = await member.http.post(`/api/v1/tickets/${ticketA}/replies`, { body: 'A: public answer' });
      await member.http.post(`/api/v1/tickets/${ticketA}/transfer`, { departmentId: billing, note: 'NOTE-TRANSFER over to billing' });
      await member.http.post(`/api/v1/tickets/${ticketA}/resolve`);
      const againA = await emitWithAck(a.socket, 'chat:message', { clientId: clientId('a'), body: 'A: one more thing' });
      expect(againA.data.chat.status).toBe('open');
      // The team chat runs beside the conversation: nothing of it may reach a visitor either.
      const channels = (await member.http.get('/api/v1/team/conversations')).body.items;
      const channel = channels.find((c: any) => c.departmentId === support);
      expect(channel).toBeDefined();
      const team = await emitWithAck(agentSocket, 'team:send', { conversationId: channel.id, clientId: clientId('team'), body: `TEAMCHAT about #${ticketA}` });
      expect(team.ok).toBe(true);
      await agentEvents.waitFor('team:message', (p) => p.id === team.data.id);
      await member.http.post(`/api/v1/tickets/${ticketB}/replies`, { body: 'B: SECRET-B answer' });
      await member.http.post(`/api/v1/tickets/${ticketB}/internal-notes`, { body: 'NOTE-B' });
      const emailTicket = await t.admin.post('/api/v1/tickets', { subject: 'Email', message: 'EMAIL-SECRET', contact: { email: 'mail@example.com' }, departmentId: support });
      await t.admin.post(`/api/v1/tickets/${emailTicket.body.ticket.id}/replies`, { body: 'EMAIL-REPLY' });
      const lastA = await member.http.post(`/api/v1/tickets/${ticketA}/replies`, { body: 'A: last answer' });
      await framesA.waitFor('chat:message', (p) => p.id === lastA.body.id);
      await agentEvents.waitFor('thread:item_created', (p) => p.body === 'EMAIL-REPLY');
      await new Promise((r) => setTimeout(r, 300));

      // Every frame A received: chat messages of A's chat, public ones only, in the customer's shape, and the
      // chat's routing state (waiting / connected / ended), which carries at most an agent's name.
      expect(framesA.events.map((e) => e.name).every((name) => name === 'chat:message' || name === 'chat:state')).toBe(true);
      const messagesA = framesA.events.filter((e) => e.name === 'chat:message');
      expect(messagesA.map((e) => e.payload.body)).toEqual(['A: hello', 'A: public answer', 'A: one more thing', 'A: last answer']);
      for (const { payload } of messagesA) {
        expect(Object.keys(payload).filter((k) => k !== 'clientId').sort()).toEqual(MESSAGE_KEYS);
      }
      for (const { payload } of framesA.events.filter((e) => e.name === 'chat:state')) {
        // An ended chat also says whether it may be rated (a survey's token, or null).
        expect(Object.keys(payload).sort()).toEqual(payload.phase === 'ended' ? ['agent', 'phase', 'survey', 'waitingSince'] : ['agent', 'phase', 'waitingSince']);
      }
      const phasesA = framesA.events.filter((e) => e.name === 'chat:state').map((e) => e.payload.phase);
      expect(phasesA[0]).toBe('waiting');
      expect(phasesA.every((phase) => phase === 'waiting' || phase === 'ended')).toBe(true);
      expect(framesA.events.find((e) => e.payload.id === replyA.body.id)?.payload.authorName).toBe('Nora Notes');
      const everythingA = JSON.stringify(framesA.events);
      for (const secret of ['NOTE', 'TEAMCHAT', 'SECRET-B', 'EMAIL', 'vip', 'urgent', 'billing', 'system', 'authorAgentId', 'ticketId']) expect(everythingA).not.toContain(secret);
      expect(JSON.stringify(framesB.events)).not.toContain('TEAMCHAT');
      // And B heard only B.
      expect(framesB.events.filter((e) => e.name === 'chat:message').map((e) => e.payload.body)).toEqual(['B: SECRET-B hello', 'B: SECRET-B answer']);
      // The history A fetches after a reconnect is the same conversation.
      const history = await emitWithAck(a.socket, 'chat:history', {});
      expect(history.data.messages.map((m: any) => m.body)).toEqual(['A: hello', 'A: public answer', 'A: one more thing', 'A: last answer']);
    } finally {
      agentSocket.close();
    }
  });
});

describe('visitor identity across instances and limits', () => {
  it('refuses a VISITOR_TOKEN_SECRET too short to be a secret', () => {
    expect(() => loadConfig({ VISITOR_TOKEN_SECRET: 'short' })).toThrow(ConfigError);
    expect(() => loadConfig({ VISITOR_TOKEN_SECRET: 'short' })).toThrow(/VISITOR_TOKEN_SECRET/);
  });

  it('accepts a visitor\'s token on every instance sharing the secret, refuses it elsewhere, and rate-limits issuing', async () => {
    const secret = 'a shared secret of more than thirty-two characters';
    const one = await createTestApp({ env: { VISITOR_TOKEN_SECRET: secret, VISITOR_REQUESTS_PER_HOUR: '3' } });
    const two = await createTestApp({ env: { VISITOR_TOKEN_SECRET: secret } });
    const other = await createTestApp({});
    try {
      const issued = await issueVisitor(one.baseUrl);
      expect((await issueVisitor(two.baseUrl, issued.token)).visitorId).toBe(issued.visitorId);
      (await connectVisitor(two.baseUrl, issued.token)).close();
      await expect(connectVisitor(other.baseUrl, issued.token)).rejects.toThrow(/visitor\/token_invalid/);
      await issueVisitor(one.baseUrl);
      await issueVisitor(one.baseUrl);
      await expect(issueVisitor(one.baseUrl)).rejects.toMatchObject({ status: 429, body: { error: { code: 'request/rate_limited' } } });
    } finally {
      await Promise.all([one.close(), two.close(), other.close()]);
    }
  });
});
