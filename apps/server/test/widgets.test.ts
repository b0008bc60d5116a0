import { createHmac } from 'node:crypto';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, describeEachDatabase, type TestApp } from './helpers/create-test-app.js';
import { connectAgent, connectVisitor, emitWithAck, issueVisitor, type VisitorClientSocket } from './helpers/sockets.js';

let sequence = 0;
const clientId = (label: string) => `${label}-${process.pid}-${++sequence}-abcdef`.replace(/[^A-Za-z0-9_-]/g, '_');
const ticketIdOf = (start: any) => Number(start.data.chat.number.replace('#', ''));
const sign = (secret: string, userId: string, email: string) => createHmac('sha256', secret).update(`${userId}:${email}`).digest('hex');
const CHROME_ON_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

async function postJson(url: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

describeEachDatabase('chat widgets: settings, config, offline form, identity, visitor context', (db) => {
  let t: TestApp;
  let support: number;
  let billing: number;
  const open: { close(): void }[] = [];

  async function visitor(token?: string): Promise<{ token: string; socket: VisitorClientSocket }> {
    const issued = await issueVisitor(t.baseUrl, token);
    const socket = await connectVisitor(t.baseUrl, issued.token);
    open.push(socket);
    return { token: issued.token, socket };
  }

  async function widget(body: Record<string, unknown>): Promise<any> {
    const res = await t.admin.post('/api/v1/widgets', { name: `Widget ${++sequence}`, ...body });
    expect(res.status).toBe(201);
    return res.body;
  }

  beforeAll(async () => {
    t = await createTestApp({ db, env: { VISITOR_REQUESTS_PER_HOUR: '10000', PUBLIC_FORM_REQUESTS_PER_HOUR: '1000' } });
    support = await t.department('Support');
    billing = await t.department('Billing');
  });
  afterAll(async () => {
    for (const socket of open) socket.close();
    await t?.close();
  });

  it('lets administrators create, list, change, rotate the secret of and delete widgets; refuses agents and bad input', async () => {
    const created = await widget({ departmentId: support, colour: '#aa3300', position: 'left', greeting: 'Hello there', prechat: { name: 'required', email: 'optional', question: false } });
    expect(created).toMatchObject({ departmentId: support, colour: '#aa3300', position: 'left', greeting: 'Hello there', prechat: { name: 'required', email: 'optional', question: false }, active: true });
    expect(created.key).toMatch(/^wk_[A-Za-z0-9_-]{16}$/);
    expect(created.identitySecret).toMatch(/^wis_/);
    expect((await t.admin.get('/api/v1/widgets')).body.items.map((w: any) => w.id)).toContain(created.id);

    const changed = await t.admin.patch(`/api/v1/widgets/${created.id}`, { departmentId: null, departmentIds: [support, billing], greeting: null, rotateIdentitySecret: true });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ departmentId: null, departmentIds: [support, billing], greeting: null, key: created.key });
    expect(changed.body.identitySecret).not.toBe(created.identitySecret);

    const agent = await t.agent({ departmentIds: [support] });
    expect((await agent.http.get('/api/v1/widgets')).status).toBe(403);
    expect((await agent.http.post('/api/v1/widgets', { name: 'Mine' })).body.error.code).toBe('auth/forbidden');
    expect((await agent.http.patch(`/api/v1/widgets/${created.id}`, { active: false })).status).toBe(403);
    expect((await t.client().get('/api/v1/widgets')).status).toBe(401);

    for (const bad of [{ name: 'x', colour: 'red' }, { name: 'x', colour: '#fff;background:url(x)' }, { name: 'x', position: 'top' }, { name: '' }, { name: 'x', prechat: { name: 'maybe', email: 'off', question: true } }, { name: 'x', secret: 'mine' }]) {
      const res = await t.admin.post('/api/v1/widgets', bad);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('request/invalid');
    }
    expect((await t.admin.post('/api/v1/widgets', { name: 'x', departmentId: 999_999 })).status).toBe(404);

    expect((await t.admin.delete(`/api/v1/widgets/${created.id}`)).status).toBe(200);
    expect((await t.admin.patch(`/api/v1/widgets/${created.id}`, { active: true })).status).toBe(404);
  });

  it('serves a widget\'s public config (briefly cacheable, any origin); unknown and switched-off keys are not found', async () => {
    const w = await widget({ departmentId: support, colour: '#112233', greeting: 'Hi!' });
    const res = await fetch(`${t.baseUrl}/api/v1/widget/config/${w.key}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const body: any = await res.json();
    expect(body).toEqual({
      key: w.key, colour: '#112233', position: 'right', greeting: 'Hi!', prechat: { name: 'optional', email: 'optional', question: true },
      departmentChoice: false, departments: [{ id: support, name: 'Support', online: false }], online: false, emailReplies: false,
    });
    expect(JSON.stringify(body)).not.toContain(w.identitySecret);

    const unknown = await fetch(`${t.baseUrl}/api/v1/widget/config/wk_doesnotexist00`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as any).error.code).toBe('widget/not_found');
    await t.admin.patch(`/api/v1/widgets/${w.id}`, { active: false });
    expect((await fetch(`${t.baseUrl}/api/v1/widget/config/${w.key}`)).status).toBe(404);

    // An embed without data-widget gets the defaults for its department.
    const defaults: any = await (await fetch(`${t.baseUrl}/api/v1/widget/config?department=${billing}`)).json();
    expect(defaults).toMatchObject({ key: null, colour: '#2563eb', position: 'right', departments: [{ id: billing, online: false }] });
  });

  it('without any department, says online while an administrator has the console open', async () => {
    const bare = await createTestApp({ db });
    try {
      const config = async (): Promise<any> => (await fetch(`${bare.baseUrl}/api/v1/widget/config`)).json();
      expect(await config()).toMatchObject({ departments: [], online: false });
      const socket = await connectAgent(bare.baseUrl, { http: bare.admin });
      expect((await config()).online).toBe(true);
      socket.close();
    } finally {
      await bare.close();
    }
  });

  it('says online only while an online agent of the department has the console open', async () => {
    const w = await widget({ departmentIds: [support, billing] });
    const config = async (): Promise<any> => (await fetch(`${t.baseUrl}/api/v1/widget/config/${w.key}`)).json();
    const offlineBefore = await config();
    expect(offlineBefore.online).toBe(false);
    expect(offlineBefore.departmentChoice).toBe(true);

    const outsider = await t.agent({ departmentIds: [] });
    const outsiderSocket = await connectAgent(t.baseUrl, { http: outsider.http });
    open.push(outsiderSocket);
    expect((await config()).online).toBe(false);

    const member = await t.agent({ departmentIds: [billing] });
    const socket = await connectAgent(t.baseUrl, { http: member.http });
    const online = await config();
    expect(online.online).toBe(true);
    expect(online.departments).toEqual([{ id: billing, name: 'Billing', online: true }, { id: support, name: 'Support', online: false }]);

    await member.http.patch('/api/v1/me', { availability: 'away' });
    expect((await config()).online).toBe(false);
    await member.http.patch('/api/v1/me', { availability: 'online' });
    expect((await config()).online).toBe(true);
    socket.close();
    await expect.poll(async () => (await config()).online, { timeout: 3000 }).toBe(false);
  });

  it('turns the offline form into a web-form ticket of the widget\'s department, and refuses bad input', async () => {
    const w = await widget({ departmentId: billing });
    const sent = await postJson(`${t.baseUrl}/api/v1/widget/offline-messages`, { widgetKey: w.key, name: 'Olga Offline', email: 'Olga@Example.com', message: 'Nobody was there.\nPlease write back.' });
    expect(sent.status).toBe(201);
    expect(sent.body).toEqual({ number: expect.stringMatching(/^#?\d+$/) });
    const detail = (await t.admin.get(`/api/v1/tickets/${Number(sent.body.number.replace('#', ''))}`)).body;
    expect(detail.ticket).toMatchObject({ channel: 'web_form', departmentId: billing, subject: 'Nobody was there. Please write back.', contact: { name: 'Olga Offline', email: 'olga@example.com' } });
    expect(detail.thread.some((i: any) => i.kind === 'customer_message' && i.body === 'Nobody was there.\nPlease write back.')).toBe(true);

    const good = { widgetKey: w.key, name: 'Olga', email: 'olga@example.com', message: 'hi' };
    for (const bad of [{ ...good, email: 'not-an-address' }, { ...good, name: '' }, { ...good, message: '   ' }, { name: 'a', message: 'b' }, { ...good, extra: 1 }, { ...good, widgetKey: 'bad key!' }]) {
      const res = await postJson(`${t.baseUrl}/api/v1/widget/offline-messages`, bad);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'request/invalid', message: expect.any(String) });
    }
    const unknown = await postJson(`${t.baseUrl}/api/v1/widget/offline-messages`, { ...good, widgetKey: 'wk_doesnotexist00' });
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'widget/not_found' } } });
  });

  it('links a visitor whose identity the site signed to that contact; refuses a forged hash', async () => {
    const w = await widget({ departmentId: support });
    const earlier = await t.admin.post('/api/v1/tickets', { subject: 'Invoice question', message: 'x', contact: { email: 'vera@example.com', name: 'Vera Verified' }, departmentId: support });
    const identity = { userId: 'user-42', email: 'vera@example.com', name: 'Vera', hash: sign(w.identitySecret, 'user-42', 'vera@example.com') };

    const issued = await postJson(`${t.baseUrl}/api/v1/widget/visitors`, { widgetKey: w.key, identity });
    expect(issued.status).toBe(200);
    expect(issued.body.verified).toBe(true);
    const socket = await connectVisitor(t.baseUrl, issued.body.token);
    open.push(socket);
    const start = await emitWithAck(socket, 'chat:start', { clientId: clientId('v'), message: 'Verified hello', widgetKey: w.key });
    expect(start.ok).toBe(true);
    const ticket = (await t.admin.get(`/api/v1/tickets/${ticketIdOf(start)}`)).body.ticket;
    expect(ticket.contact.id).toBe(earlier.body.ticket.contact.id);
    const context = (await t.admin.get(`/api/v1/tickets/${ticketIdOf(start)}/visitor`)).body;
    expect(context.visitor).toMatchObject({ verified: true, externalUserId: 'user-42', claimedEmail: null });
    expect(context.earlier.map((e: any) => e.id)).toEqual([earlier.body.ticket.id]);

    for (const hash of [sign('not the secret', 'user-42', 'vera@example.com'), sign(w.identitySecret, 'user-43', 'vera@example.com'), 'zz', '0'.repeat(64)]) {
      const forged = await postJson(`${t.baseUrl}/api/v1/widget/visitors`, { widgetKey: w.key, identity: { ...identity, hash } });
      expect(forged.status).toBe(403);
      expect(forged.body.error.code).toBe('widget/identity_invalid');
    }
    // Another user id signed correctly on the same browser is another visitor; so is the same token once the site stops vouching.
    const other = await postJson(`${t.baseUrl}/api/v1/widget/visitors`, { token: issued.body.token, widgetKey: w.key, identity: { userId: 'user-7', email: 'seven@example.com', hash: sign(w.identitySecret, 'user-7', 'seven@example.com') } });
    expect(other.body.visitorId).not.toBe(issued.body.visitorId);
    const signedOut = await issueVisitor(t.baseUrl, issued.body.token);
    expect(signedOut.visitorId).not.toBe(issued.body.visitorId);
    const same = await postJson(`${t.baseUrl}/api/v1/widget/visitors`, { token: issued.body.token, widgetKey: w.key, identity });
    expect(same.body.visitorId).toBe(issued.body.visitorId);
  });

  it('never shows an unverified visitor who types someone\'s email that person\'s tickets, nor files the chat under them', async () => {
    const victim = await t.admin.post('/api/v1/tickets', { subject: 'Private', message: 'VICTIM-SECRET', contact: { email: 'victim@example.com', name: 'Val Victim' }, departmentId: support });
    await t.admin.post(`/api/v1/tickets/${victim.body.ticket.id}/replies`, { body: 'VICTIM-REPLY' });
    const v = await visitor();
    const start = await emitWithAck(v.socket, 'chat:start', { clientId: clientId('imp'), message: 'I am Val', email: 'victim@example.com', name: 'Val' });
    expect(start.ok).toBe(true);
    const history = await emitWithAck(v.socket, 'chat:history', {});
    expect(history.data.messages.map((m: any) => m.body)).toEqual(['I am Val']);
    expect(JSON.stringify(history)).not.toContain('VICTIM');
    const ticket = (await t.admin.get(`/api/v1/tickets/${ticketIdOf(start)}`)).body.ticket;
    expect(ticket.contact.id).not.toBe(victim.body.ticket.contact.id);
    const context = (await t.admin.get(`/api/v1/tickets/${ticketIdOf(start)}/visitor`)).body;
    expect(context.visitor).toMatchObject({ verified: false, claimedEmail: 'victim@example.com' });
    expect(context.earlier).toEqual([]);
  });

  it('enforces the widget\'s pre-chat fields and sends the chat to its department', async () => {
    const w = await widget({ departmentId: billing, prechat: { name: 'required', email: 'required', question: true } });
    const v = await visitor();
    const refused = await emitWithAck(v.socket, 'chat:start', { clientId: clientId('p'), message: 'hi', name: 'Pat', widgetKey: w.key });
    expect(refused).toMatchObject({ ok: false, error: { code: 'chat/prechat_invalid' } });
    const started = await emitWithAck(v.socket, 'chat:start', { clientId: clientId('p'), message: 'hi', name: 'Pat', email: 'pat@example.com', widgetKey: w.key, departmentId: support });
    expect(started.ok).toBe(true);
    expect((await t.admin.get(`/api/v1/tickets/${ticketIdOf(started)}`)).body.ticket.departmentId).toBe(billing);
  });

  it('keeps the pages of the visit, referrer, browser, OS, language and time zone for agents who may see the chat', async () => {
    const issued = await issueVisitor(t.baseUrl);
    const socket: VisitorClientSocket = io(`${t.baseUrl}/visitor`, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: issued.token }, extraHeaders: { 'user-agent': CHROME_ON_WINDOWS } });
    open.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const report = (url: string, title: string, referrer?: string) =>
      emitWithAck(socket, 'visitor:context', { page: { url, title, ...(referrer ? { referrer } : {}) }, language: 'bg-BG', timeZone: 'Europe/Sofia' });
    expect(await report('https://shop.example/', 'Shop', 'https://search.example/?q=shoes')).toEqual({ ok: true, data: { pages: 1 } });
    await report('https://shop.example/shoes', 'Shoes', 'https://shop.example/');
    await report('https://shop.example/shoes', 'Shoes (2)');
    expect(await emitWithAck(socket, 'visitor:context', { page: { url: 'x' }, timeZone: 'Not a zone!' })).toMatchObject({ ok: false, error: { code: 'request/invalid' } });
    for (let i = 0; i < 25; i++) await report(`https://shop.example/p/${i}`, `P${i}`);
    const start = await emitWithAck(socket, 'chat:start', { clientId: clientId('ctx'), message: 'Which size?', departmentId: support });
    const ticketId = ticketIdOf(start);

    const member = await t.agent({ departmentIds: [support] });
    const res = await member.http.get(`/api/v1/tickets/${ticketId}/visitor`);
    expect(res.status).toBe(200);
    const { visitor: context } = res.body;
    expect(context).toMatchObject({
      verified: false, referrer: 'https://search.example/?q=shoes', browser: 'Chrome 131', os: expect.stringMatching(/^Windows/), language: 'bg-BG', timeZone: 'Europe/Sofia',
      currentPage: { url: 'https://shop.example/p/24', title: 'P24' },
    });
    expect(context.pages).toHaveLength(20);
    expect(context.pages[0].url).toBe('https://shop.example/p/5');

    // The loader's trail of pages seen before the chat opened is taken for a visit the server knows no page of.
    const later = await visitor();
    const trail = [
      { url: 'https://shop.example/', title: 'Shop', at: '2026-11-30T08:00:00.000Z', referrer: 'https://news.example/' },
      { url: 'https://shop.example/hats', title: 'Hats', at: '2026-11-30T08:01:00.000Z' },
      { url: 'https://shop.example/hats/red', title: 'Red hat', at: '2026-11-30T08:02:00.000Z' },
    ];
    await emitWithAck(later.socket, 'visitor:context', { page: { url: 'https://shop.example/hats/red', title: 'Red hat', referrer: 'https://shop.example/hats' }, trail });
    await emitWithAck(later.socket, 'visitor:context', { page: { url: 'https://shop.example/cart', title: 'Cart' }, trail });
    const laterStart = await emitWithAck(later.socket, 'chat:start', { clientId: clientId('trail'), message: 'Red hat in M?', departmentId: support });
    const laterContext = (await member.http.get(`/api/v1/tickets/${ticketIdOf(laterStart)}/visitor`)).body.visitor;
    expect(laterContext.pages.map((p: any) => p.url)).toEqual(['https://shop.example/', 'https://shop.example/hats', 'https://shop.example/hats/red', 'https://shop.example/cart']);
    expect(laterContext.pages[0].at).toBe('2026-11-30T08:00:00.000Z');
    expect(laterContext.referrer).toBe('https://news.example/');

    const outsider = await t.agent({ departmentIds: [billing] });
    const refused = await outsider.http.get(`/api/v1/tickets/${ticketId}/visitor`);
    expect(refused.status).toBe(404);
    expect(refused.body.error.code).toBe('ticket/not_found');
    expect((await t.client().get(`/api/v1/tickets/${ticketId}/visitor`)).status).toBe(401);
  });
  it('keeps showing the visitor\'s last known details on a chat they ended, or left for a new one', async () => {
    const issued = await issueVisitor(t.baseUrl);
    const socket: VisitorClientSocket = io(`${t.baseUrl}/visitor`, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: issued.token }, extraHeaders: { 'user-agent': CHROME_ON_WINDOWS } });
    open.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const report = (url: string, title: string) => emitWithAck(socket, 'visitor:context', { page: { url, title }, language: 'uk-UA', timeZone: 'Europe/Kyiv' });
    await report('https://shop.example/boots', 'Boots');
    const first = ticketIdOf(await emitWithAck(socket, 'chat:start', { clientId: clientId('end1'), message: 'Boots in 42?', departmentId: support }));
    const live = (await t.admin.get(`/api/v1/tickets/${first}/visitor`)).body.visitor;
    expect(live).toMatchObject({ browser: 'Chrome 131', language: 'uk-UA', currentPage: { url: 'https://shop.example/boots' }, left: false });

    expect((await emitWithAck(socket, 'chat:end', {})).ok).toBe(true);
    const ended = (await t.admin.get(`/api/v1/tickets/${first}/visitor`)).body.visitor;
    expect(ended).toMatchObject({ browser: 'Chrome 131', os: expect.stringMatching(/^Windows/), language: 'uk-UA', timeZone: 'Europe/Kyiv', currentPage: { url: 'https://shop.example/boots', title: 'Boots' }, left: true });

    // Browsing on and chatting again: the ended chat keeps the details as they were, the new one follows the visitor.
    await report('https://shop.example/hats', 'Hats');
    const second = ticketIdOf(await emitWithAck(socket, 'chat:start', { clientId: clientId('end2'), message: 'And hats?', departmentId: support }));
    expect((await t.admin.get(`/api/v1/tickets/${first}/visitor`)).body.visitor).toMatchObject({ currentPage: { url: 'https://shop.example/boots' }, left: true });
    expect((await t.admin.get(`/api/v1/tickets/${second}/visitor`)).body.visitor).toMatchObject({ currentPage: { url: 'https://shop.example/hats' }, left: false });

    // A chat resolved by the agent stays the visitor's until they start another: it keeps their details as of then.
    expect((await t.admin.post(`/api/v1/tickets/${second}/resolve`)).body.status).toBe('resolved');
    await report('https://shop.example/cart', 'Cart');
    const third = ticketIdOf(await emitWithAck(socket, 'chat:start', { clientId: clientId('end3'), message: 'Checkout fails', departmentId: support }));
    expect(third).not.toBe(second);
    expect((await t.admin.get(`/api/v1/tickets/${second}/visitor`)).body.visitor).toMatchObject({ currentPage: { url: 'https://shop.example/cart' }, left: true });
    await report('https://shop.example/thanks', 'Thanks');
    expect((await t.admin.get(`/api/v1/tickets/${second}/visitor`)).body.visitor.currentPage.url).toBe('https://shop.example/cart');
    expect((await t.admin.get(`/api/v1/tickets/${third}/visitor`)).body.visitor).toMatchObject({ currentPage: { url: 'https://shop.example/thanks' }, left: false });
  });
});
