import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Frame, FrameLocator, Page, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAccessibilityViolations } from '../helpers/axe.js';
import { hasChromium, launchChromium, screenshotPath } from '../helpers/browser.js';
import { consoleMessages } from '../helpers/console-messages.js';
import { ADMIN, createTestApp, type TestApp } from '../helpers/create-test-app.js';
import { freePort, startSmtpReceiver } from '../helpers/smtp-receiver.js';
import { type AgentClientSocket, connectAgent, emitWithAck, recordEvents } from '../helpers/sockets.js';

const en = consoleMessages('en');
// The widget's English texts (apps/chat-widget/src/i18n/messages.ts and chat-messages.ts).
const widget = {
  open: 'Open chat',
  title: 'Chat with us',
  name: 'Your name',
  email: 'Your email',
  question: 'How can we help?',
  start: 'Start chat',
  message: 'Message',
  send: 'Send',
  minimise: 'Minimise chat',
  conversation: 'Conversation',
  endChat: 'End chat',
  endTranscript: 'Email me the transcript',
  endTranscriptEmail: 'Email address',
  ended: 'You ended the chat.',
  waiting: 'Waiting for an agent…',
  joined: '{name} joined the chat',
};
// A 1×1 PNG.
const PIXEL_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/**
 * The widget on a customer's site: a page on a second origin with the script tag, the chat frame from the Parley
 * server, an agent in the console. Needs the built widget and console (pnpm --filter @parley/chat-widget build).
 */
describe.skipIf(!hasChromium)('chat widget on a customer site [chromium]', () => {
  let t: TestApp;
  let site: Server;
  let siteUrl: string;
  let browser: Browser;
  let visitorContext: BrowserContext;
  let agentContext: BrowserContext;
  let visitor: Page;
  let agent: Page;
  let agentSocket: AgentClientSocket;
  let agentEvents: ReturnType<typeof recordEvents>;
  let support: number;
  let ticketId = 0;
  let offline = false;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  const sockets = new Set<{ page: WebSocketRoute; server: WebSocketRoute }>();

  const chat = (): FrameLocator => visitor.frameLocator(`iframe[title="${widget.title}"]`);
  const chatFrame = (): Frame => {
    const frame = visitor.frames().find((f) => f.url().startsWith(`${t.baseUrl}/widget/frame`));
    if (!frame) throw new Error('no chat frame');
    return frame;
  };
  async function expectAccessible(scope: Page | Frame, screen: string): Promise<void> {
    const violations = await seriousAccessibilityViolations(scope);
    expect(violations, `${screen}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
  }

  beforeAll(async () => {
    const smtpPort = await freePort();
    smtp = await startSmtpReceiver(smtpPort);
    t = await createTestApp({ env: { VISITOR_REQUESTS_PER_HOUR: '1000', SMTP_URL: `smtp://127.0.0.1:${smtpPort}` } });
    support = await t.department('Support');
    const me = (await t.admin.get('/api/v1/auth/session')).body.agent;
    await t.admin.patch(`/api/v1/agents/${me.id}`, { departmentIds: [support] });
    agentSocket = await connectAgent(t.baseUrl, { http: t.admin });
    agentEvents = recordEvents(agentSocket);

    // The customer's site: another origin (another port) that only embeds the script tag.
    site = createServer((req, res) => {
      const title = req.url === '/pricing' ? 'Pricing – Acme' : 'Acme Shop';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body { font-family: Georgia, serif; background: #fdf6e3; } button { background: red !important; }</style></head>
<body><h1>${title}</h1><p>Welcome to our shop.</p><a href="/pricing">Pricing</a>
<script src="${t.baseUrl}/widget.js" async data-department="${support}"></script></body></html>`);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;

    browser = await launchChromium();
    visitorContext = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    agentContext = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
    // Every socket of the visitor's browser goes through here, so a test can cut the network and keep it down.
    await visitorContext.routeWebSocket(/\/socket\.io\//, (ws) => {
      if (offline) {
        ws.close();
        return;
      }
      const server = ws.connectToServer();
      sockets.add({ page: ws, server });
    });
    visitor = await visitorContext.newPage();
    agent = await agentContext.newPage();
  });
  afterAll(async () => {
    agentSocket?.close();
    await browser?.close();
    await new Promise((resolve) => site?.close(resolve));
    await t?.close();
    await smtp?.close();
  });

  it('shows a launcher on the customer’s page, and opens the chat frame from the Parley server with a pre-chat form', async () => {
    const frameRequests: string[] = [];
    visitor.on('request', (request) => {
      if (request.url().startsWith(`${t.baseUrl}/widget/`)) frameRequests.push(request.url());
    });
    await visitor.goto(siteUrl);
    const launcher = visitor.getByRole('button', { name: widget.open, exact: true });
    await launcher.waitFor();
    expect(frameRequests, 'nothing of the chat UI loads before the visitor opens it').toEqual([]);
    await visitor.screenshot({ path: screenshotPath('widget-closed-en') });
    await expectAccessible(visitor, 'host page with the launcher');

    await launcher.click();
    await chat().getByLabel(widget.name).waitFor();
    expect(frameRequests.some((url) => new URL(url).pathname === '/widget/frame')).toBe(true);
    await visitor.screenshot({ path: screenshotPath('widget-open-en') });
    await expectAccessible(chatFrame(), 'pre-chat form');
  });

  it('starts the chat from the pre-chat form; the agent sees the chat ticket in the console and replies; the visitor sees the reply', async () => {
    const frame = chat();
    // Opening the chat put the keyboard in its first field.
    await visitor.keyboard.type('Vera Visitor');
    expect(await frame.getByLabel(widget.name).inputValue()).toBe('Vera Visitor');
    await frame.getByLabel(widget.email).fill('vera@example.org');
    await frame.getByLabel(widget.question).fill('Hello! My order has not arrived: https://shop.example/orders/12 <img src=x onerror=alert(1)>');
    await frame.getByRole('button', { name: widget.start, exact: true }).click();

    const log = frame.getByRole('log', { name: widget.conversation });
    await expect.poll(() => log.locator('.msg').count()).toBe(1);
    await expect.poll(() => log.locator('.msg--pending').count(), { message: 'acknowledged' }).toBe(0);
    const link = log.getByRole('link', { name: 'https://shop.example/orders/12' });
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await log.locator('img').count(), 'HTML in a message stays text').toBe(0);

    const created = await agentEvents.waitFor('ticket:created', (p) => p.channel === 'chat', 10_000);
    ticketId = created.id;
    expect(created).toMatchObject({ departmentId: support, contact: expect.objectContaining({ name: 'Vera Visitor' }) });
    expect(await emitWithAck(agentSocket, 'ticket:watch', { ticketId })).toMatchObject({ ok: true });

    // The agent, in the console.
    await agent.goto(`${t.baseUrl}/sign-in`);
    await agent.getByLabel(en('signIn.email')).fill(ADMIN.email);
    await agent.getByLabel(en('signIn.password'), { exact: true }).fill(ADMIN.password);
    await agent.getByRole('button', { name: en('signIn.submit'), exact: true }).click();
    await agent.waitForURL(/\/tickets/);
    // The visitor sees the wait; the console rings with an incoming-chat card, and accepting opens the chat.
    await expect.poll(() => frame.locator('.routing').textContent()).toContain(widget.waiting);
    const card = agent.getByRole('article', { name: en('chats.incoming', { number: String(ticketId) }) });
    await card.waitFor();
    expect(await card.textContent()).toContain('Vera Visitor');
    await agent.screenshot({ path: screenshotPath('console-incoming-chat-en') });
    await expectAccessible(agent, 'console with an incoming chat');
    await card.getByRole('button', { name: en('chats.accept'), exact: true }).click();
    await agent.waitForURL(new RegExp(`/tickets/${ticketId}$`));
    await expect.poll(() => frame.locator('.routing').textContent()).toBe(widget.joined.replace('{name}', ADMIN.name));
    await expect.poll(() => agent.locator('[data-kind="customer_message"]').first().textContent()).toContain('My order has not arrived');
    const composer = agent.locator('form.composer');
    await composer.getByRole('textbox', { name: en('tickets.composer.replyBody') }).fill('Hi Vera, let me check that order for you.');
    await composer.getByRole('button', { name: en('tickets.composer.send'), exact: true }).click();

    await expect.poll(() => log.locator('.msg--agent').count()).toBe(1);
    expect(await log.locator('.msg--agent').textContent()).toContain('Hi Vera, let me check that order for you.');
    expect(await log.locator('.msg--agent .author').textContent()).toBe(ADMIN.name);

    // The visitor answers from the composer, with Enter.
    const input = frame.getByRole('textbox', { name: widget.message });
    await input.pressSequentially('Thank you!');
    expect(await agentEvents.waitFor('chat:visitor_typing', (p) => p.ticketId === ticketId && p.typing === true)).toEqual({ ticketId, typing: true });
    await input.press('Enter');
    await agentEvents.waitFor('chat:visitor_typing', (p) => p.ticketId === ticketId && p.typing === false);
    await expect.poll(() => agent.locator('[data-kind="customer_message"]').count()).toBe(2);
    await expect.poll(() => log.locator('.msg:not(.msg--pending)').count()).toBe(3);
    await visitor.screenshot({ path: screenshotPath('widget-conversation-en') });
    await expectAccessible(chatFrame(), 'conversation');
    await agent.screenshot({ path: screenshotPath('widget-chat-in-console-en') });
  });

  it('counts replies that arrive while the chat is closed on the launcher; Escape closes it again', async () => {
    await chat().getByRole('button', { name: widget.minimise }).click();
    const launcher = visitor.getByRole('button', { name: widget.open, exact: true });
    await launcher.waitFor();
    const reply = await t.admin.post(`/api/v1/tickets/${ticketId}/replies`, { body: 'Found it: it ships tomorrow.' });
    expect(reply.status).toBe(201);
    await visitor.getByRole('button', { name: `${widget.open}, 1 unread`, exact: true }).waitFor();
    await visitor.getByRole('button', { name: `${widget.open}, 1 unread`, exact: true }).click();
    await visitor.getByRole('button', { name: 'Close chat', exact: true }).waitFor();
    // By keyboard: Escape in the chat hides it and gives the focus back to the launcher.
    await chat().getByRole('textbox', { name: widget.message }).press('Escape');
    await expect.poll(() => visitor.evaluate(() => {
      type El = { shadowRoot: { activeElement: El | null } | null; getAttribute(name: string): string | null };
      const { document } = globalThis as unknown as { document: { activeElement: El | null } };
      return document.activeElement?.shadowRoot?.activeElement?.getAttribute('aria-label');
    })).toBe(widget.open);
  });

  it('after a lost connection, reconnects by itself: sends what waited (once) and shows what it missed', async () => {
    await visitor.getByRole('button', { name: widget.open, exact: true }).click();
    offline = true;
    for (const socket of sockets) {
      await socket.server.close();
      await socket.page.close();
    }
    sockets.clear();
    const frame = chat();
    await expect.poll(() => frame.locator('.status').textContent()).toContain('Reconnecting');
    const input = frame.getByRole('textbox', { name: widget.message });
    await input.fill('Are you still there?');
    await input.press('Enter');
    const log = frame.getByRole('log', { name: widget.conversation });
    await expect.poll(() => log.locator('.msg--pending').count()).toBe(1);
    const reply = await t.admin.post(`/api/v1/tickets/${ticketId}/replies`, { body: 'Yes, still here.' });
    expect(reply.status).toBe(201);

    offline = false;
    await expect.poll(() => log.locator('.msg--pending').count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => log.locator('.msg').count()).toBe(6);
    const bodies = await log.locator('.body').allTextContents();
    expect(bodies.slice(-2)).toEqual(['Yes, still here.', 'Are you still there?']);
    const thread = (await t.admin.get(`/api/v1/tickets/${ticketId}`)).body.thread;
    expect(thread.filter((item: any) => item.body === 'Are you still there?')).toHaveLength(1);
  });

  it('keeps the conversation across a reload and on another page of the site', async () => {
    for (const path of ['/', '/pricing']) {
      await visitor.goto(`${siteUrl}${path}`);
      await visitor.getByRole('button', { name: widget.open, exact: true }).click();
      const log = chat().getByRole('log', { name: widget.conversation });
      await expect.poll(() => log.locator('.msg').count(), { message: path }).toBe(6);
      expect(await log.locator('.body').allTextContents(), path).toEqual([
        'Hello! My order has not arrived: https://shop.example/orders/12 <img src=x onerror=alert(1)>',
        'Hi Vera, let me check that order for you.',
        'Thank you!',
        'Found it: it ships tomorrow.',
        'Yes, still here.',
        'Are you still there?',
      ]);
      expect(await chat().getByLabel(widget.name).isVisible(), 'no pre-chat form again').toBe(false);
    }
    const thread = (await t.admin.get(`/api/v1/tickets/${ticketId}`)).body.thread;
    expect(thread.filter((item: any) => item.kind === 'customer_message')).toHaveLength(3);
  });

  it('the agent hands the chat to a colleague from the ticket header; the visitor waits, then sees who joined', async () => {
    const colleague = await t.agent({ name: 'Cleo Colleague', departmentIds: [support] });
    const colleagueSocket = await connectAgent(t.baseUrl, { http: colleague.http });
    const colleagueEvents = recordEvents(colleagueSocket);
    try {
      await agent.goto(`${t.baseUrl}/tickets/${ticketId}`);
      await expect.poll(() => agent.locator('[data-chat-routing]').textContent()).toBe(en('chats.header.with', { name: ADMIN.name }));
      await agent.getByRole('button', { name: en('tickets.actions.transfer'), exact: true }).click();
      const dialog = agent.getByRole('dialog', { name: en('chats.transfer.title', { number: String(ticketId) }) });
      await dialog.getByLabel(en('chats.transfer.target')).selectOption({ value: `a:${colleague.id}` });
      await dialog.getByLabel(en('chats.transfer.note')).fill('Cleo knows this order.');
      await dialog.getByRole('button', { name: en('chats.transfer.submit'), exact: true }).click();
      await dialog.waitFor({ state: 'hidden' });

      const frame = chat();
      await expect.poll(() => frame.locator('.routing').textContent()).toContain(widget.waiting);
      await expect.poll(() => agent.locator('[data-chat-routing]').textContent()).toBe(en('chats.header.waiting'));
      const offer = await colleagueEvents.waitFor('chat:offered', (p) => p.ticketId === ticketId && p.transferred === true);
      expect(offer.visitorName).toBe('Vera Visitor');
      expect(await emitWithAck(colleagueSocket, 'chat:accept', { ticketId })).toMatchObject({ ok: true });
      await expect.poll(() => frame.locator('.routing').textContent()).toBe(widget.joined.replace('{name}', 'Cleo Colleague'));
      const detail = (await t.admin.get(`/api/v1/tickets/${ticketId}`)).body;
      expect(detail.ticket.assignedAgentId).toBe(colleague.id);
      expect(detail.thread.some((item: any) => item.kind === 'internal_note' && item.body === 'Cleo knows this order.')).toBe(true);
    } finally {
      colleagueSocket.close();
    }
  });

  it('shows typing, receipts and files both ways, and lets the visitor end the chat with the transcript by email', async () => {
    const frame = chat();
    const log = frame.getByRole('log', { name: widget.conversation });
    // The agent has the chat open in the console: the visitor's newest message reads "Seen", and our reply too.
    await agent.goto(`${t.baseUrl}/tickets/${ticketId}`);
    await expect.poll(() => log.locator('.msg--customer .state--seen').count()).toBe(1);
    await expect.poll(() => agent.locator('[data-kind="agent_reply"] [data-receipt="seen"]').count()).toBe(1);

    // The agent types in the console: the visitor sees who.
    const reply = agent.locator('form.composer').getByRole('textbox', { name: en('tickets.composer.replyBody') });
    await reply.pressSequentially('Let me see');
    await expect.poll(() => frame.locator('.typing').textContent()).toBe(`${ADMIN.name} is typing…`);

    // The visitor sends a picture: a thumbnail in the widget, an attachment in the ticket.
    await frame.locator('input[type="file"]').setInputFiles({ name: 'parcel.png', mimeType: 'image/png', buffer: PIXEL_PNG });
    await expect.poll(() => frame.locator('.file-chip').textContent()).toContain('parcel.png');
    const input = frame.getByRole('textbox', { name: widget.message });
    // The visitor types: the console says who.
    await input.pressSequentially('This is');
    await expect.poll(() => agent.locator('.ticket__typing').textContent()).toBe(en('tickets.thread.visitorTyping', { name: 'Vera Visitor' }));
    await input.fill('This is the parcel I got.');
    await input.press('Enter');
    await expect.poll(() => log.locator('.msg--customer img.thumb[src^="blob:"]').count()).toBe(1);
    await expect.poll(() => agent.locator('.ticket__typing').textContent()).toBe('');
    await expect.poll(() => agent.locator('[data-kind="customer_message"]').last().textContent()).toContain('parcel.png');
    // A file type we do not take is refused with a clear word in the widget.
    await frame.locator('input[type="file"]').setInputFiles({ name: 'page.html', mimeType: 'text/html', buffer: Buffer.from('<p>x</p>') });
    await expect.poll(() => frame.locator('.notice').textContent()).toContain('This type of file cannot be sent');

    // The agent sends a document back: a download link in the widget.
    const form = new FormData();
    form.append('file', new Blob(['%PDF-1.4 label'], { type: 'application/pdf' }), 'return-label.pdf');
    const upload = await t.admin.post('/api/v1/attachments', form);
    await t.admin.post(`/api/v1/tickets/${ticketId}/replies`, { body: 'Here is a return label.', attachmentIds: [upload.body.id] });
    await expect.poll(() => log.getByRole('link', { name: 'Download return-label.pdf' }).count()).toBe(1);
    // Our replies carry the agent's name with their initials as an avatar (decorative, hidden from screen readers).
    const avatar = log.locator('.msg--agent .avatar').last();
    expect(await avatar.textContent()).toBe('AA');
    expect(await avatar.getAttribute('aria-hidden')).toBe('true');
    await visitor.screenshot({ path: screenshotPath('widget-files-en') });

    // The visitor ends the chat, asking for the transcript at the address they gave.
    await frame.getByRole('button', { name: widget.endChat, exact: true }).click();
    expect(await frame.getByLabel(widget.endTranscriptEmail).inputValue()).toBe('vera@example.org');
    expect(await frame.getByLabel(widget.endTranscript).isChecked()).toBe(true);
    await expectAccessible(chatFrame(), 'end chat');
    await frame.locator('.end-confirm').getByRole('button', { name: widget.endChat, exact: true }).click();
    await expect.poll(() => frame.locator('.ended').textContent()).toContain(widget.ended);
    expect(await frame.getByLabel(widget.question).isVisible()).toBe(true);
    await expect.poll(() => agent.locator('[data-kind="system_event"]').last().textContent()).toContain(en('tickets.events.chatEndedTranscript'));
    // Earlier replies made while the visitor was away went out by email too (continuing by email); the transcript is its own letter.
    await expect.poll(() => smtp.mails.filter((m) => m.raw.includes('This is the parcel I got.')).length).toBe(1);
    const mail = smtp.mails.find((m) => m.raw.includes('This is the parcel I got.'))!;
    expect(mail.to).toEqual(['vera@example.org']);
    expect(mail.raw).toContain('This is the parcel I got.');
    await visitor.screenshot({ path: screenshotPath('widget-ended-en') });
    // The ticket keeps the transcript: the visitor's words and ours, in order, in the console's thread.
    const said = await agent.locator('[data-kind="customer_message"], [data-kind="agent_reply"]').allTextContents();
    const order = ['This is the parcel I got.', 'Here is a return label.'].map((text) => said.findIndex((entry) => entry.includes(text)));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order[0]!).toBeLessThan(order[1]!);
  });
});

