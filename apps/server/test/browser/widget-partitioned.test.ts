import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Frame, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium } from '../helpers/browser.js';
import { createTestApp, type TestApp } from '../helpers/create-test-app.js';
import { type AgentClientSocket, connectAgent, recordEvents } from '../helpers/sockets.js';

// The widget's English texts (apps/chat-widget/src/i18n).
const widget = { open: 'Open chat', title: 'Chat with us', name: 'Your name', email: 'Your email', question: 'How can we help?', start: 'Start chat', message: 'Message', conversation: 'Conversation' };

/**
 * The widget where the browser denies the chat frame its own storage: the customer's site on one site
 * (127.0.0.1), Parley on another (localhost), third-party cookies and storage blocked as browsers now do by
 * default. The visitor reloads the page mid-chat and carries on in the same conversation, the token kept by
 * the loader in the host page's own storage.
 */
describe.skipIf(!hasChromium)('chat widget with third-party storage blocked [chromium]', () => {
  let t: TestApp;
  let parleyUrl: string;
  let site: Server;
  let siteUrl: string;
  let browser: Browser;
  let visitor: Page;
  let agentSocket: AgentClientSocket;
  let agentEvents: ReturnType<typeof recordEvents>;
  let support: number;

  const chat = (): FrameLocator => visitor.frameLocator(`iframe[title="${widget.title}"]`);
  const chatFrame = (): Frame => {
    const frame = visitor.frames().find((f) => f.url().startsWith(`${parleyUrl}/widget/frame`));
    if (!frame) throw new Error('no chat frame');
    return frame;
  };

  beforeAll(async () => {
    t = await createTestApp({ env: { VISITOR_REQUESTS_PER_HOUR: '1000' } });
    // Another host name for the same server: another site than the customer's 127.0.0.1.
    parleyUrl = t.baseUrl.replace('127.0.0.1', 'localhost');
    support = await t.department('Support');
    const me = (await t.admin.get('/api/v1/auth/session')).body.agent;
    await t.admin.patch(`/api/v1/agents/${me.id}`, { departmentIds: [support] });
    agentSocket = await connectAgent(t.baseUrl, { http: t.admin });
    agentEvents = recordEvents(agentSocket);
    site = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme Shop</title></head>
<body><h1>Acme Shop</h1><script src="${parleyUrl}/widget.js" async data-department="${support}"></script></body></html>`);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    // Blocked third-party cookies (and with them third-party storage), whatever this Chromium's default.
    browser = await launchChromium(['--test-third-party-cookie-phaseout', '--enable-features=ThirdPartyStoragePartitioning']);
    visitor = await (await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } })).newPage();
  });
  afterAll(async () => {
    agentSocket?.close();
    await browser?.close();
    await new Promise((resolve) => site?.close(resolve));
    await t?.close();
  });

  it('continues the same chat after the visitor reloads the page, earlier messages shown', async () => {
    await visitor.goto(siteUrl);
    await visitor.getByRole('button', { name: widget.open, exact: true }).click();
    await chat().getByLabel(widget.name).waitFor();
    // The premise: the frame may not use its own storage here.
    const ownStorage = await chatFrame().evaluate(() => {
      try {
        (globalThis as unknown as { localStorage: { getItem(key: string): unknown } }).localStorage.getItem('x');
        return 'allowed';
      } catch {
        return 'denied';
      }
    });
    expect(ownStorage).toBe('denied');

    const frame = chat();
    await frame.getByLabel(widget.name).fill('Rita Reload');
    await frame.getByLabel(widget.email).fill('rita@example.org');
    await frame.getByLabel(widget.question).fill('My parcel went to the wrong address.');
    await frame.getByRole('button', { name: widget.start, exact: true }).click();
    const log = frame.getByRole('log', { name: widget.conversation });
    await expect.poll(() => log.locator('.msg:not(.msg--pending)').count()).toBe(1);
    const created = await agentEvents.waitFor('ticket:created', (p) => p.channel === 'chat', 10_000);
    const ticketId: number = created.id;
    expect((await t.admin.post(`/api/v1/tickets/${ticketId}/replies`, { body: 'Sorry about that, which address should it go to?' })).status).toBe(201);
    await expect.poll(() => log.locator('.msg--agent').count()).toBe(1);

    // Reloaded: the chat comes back connected, with its conversation, and goes on in the same ticket.
    await visitor.reload();
    const launcher = visitor.getByRole('button', { name: widget.open, exact: true });
    await launcher.click();
    const again = chat().getByRole('log', { name: widget.conversation });
    await expect.poll(() => again.locator('.msg').count(), { timeout: 10_000 }).toBe(2);
    expect(await again.locator('.msg').first().textContent()).toContain('My parcel went to the wrong address.');
    expect(await again.locator('.msg--agent').textContent()).toContain('which address should it go to?');
    const input = chat().getByRole('textbox', { name: widget.message });
    await input.fill('To 5 Elm Street, please.');
    await input.press('Enter');
    await expect.poll(async () => {
      const thread = (await t.admin.get(`/api/v1/tickets/${ticketId}`)).body.thread as { kind: string; body: string }[];
      return thread.filter((i) => i.kind === 'customer_message').map((i) => i.body);
    }, { timeout: 10_000 }).toEqual(['My parcel went to the wrong address.', 'To 5 Elm Street, please.']);
    // One chat, not a second one beside a dead one.
    expect(agentEvents.events.filter((e) => e.name === 'ticket:created' && e.payload.channel === 'chat')).toHaveLength(1);
    // Kept by the loader in the customer's page, under Parley's own keys.
    const kept = await visitor.evaluate(() => Object.keys((globalThis as unknown as { localStorage: object }).localStorage).filter((key) => key.startsWith('parley.frame.')));
    expect(kept.sort()).toEqual(['parley.frame.parley.visitorEmail', 'parley.frame.parley.visitorToken']);
  }, 60_000);
});
