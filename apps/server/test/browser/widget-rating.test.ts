import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TicketDetailDto } from '@parley/protocol';
import type { Browser, Frame, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAccessibilityViolations } from '../helpers/axe.js';
import { hasChromium, launchChromium, screenshotPath } from '../helpers/browser.js';
import { createTestApp, type TestApp } from '../helpers/create-test-app.js';
import { type AgentClientSocket, connectAgent, emitWithAck, recordEvents } from '../helpers/sockets.js';

// The widget's English texts (apps/chat-widget/src/i18n/frame/en.ts).
const widget = {
  open: 'Open chat',
  title: 'Chat with us',
  name: 'Your name',
  question: 'How can we help?',
  start: 'Start chat',
  conversation: 'Conversation',
  endChat: 'End chat',
  ended: 'You ended the chat.',
  rateQuestion: 'How was this chat?',
  good: 'Good',
  bad: 'Bad',
  comment: 'Anything to add? (optional)',
  send: 'Send',
  thanksBad: 'Sorry to hear that.',
};

/**
 * Rating a chat in the widget: the visitor ends a chat an agent answered, the widget asks how it was (the
 * survey's token from chat:end's answer), and the rating lands on the ticket for the agents.
 * Needs the built widget (pnpm --filter @parley/chat-widget build).
 */
describe.skipIf(!hasChromium)('rating a chat in the widget [chromium]', () => {
  let t: TestApp;
  let site: Server;
  let siteUrl: string;
  let browser: Browser;
  let visitor: Page;
  let agentSocket: AgentClientSocket;
  let agentEvents: ReturnType<typeof recordEvents>;
  let support: number;

  const chat = (): FrameLocator => visitor.frameLocator(`iframe[title="${widget.title}"]`);
  const chatFrame = (): Frame => {
    const frame = visitor.frames().find((f) => f.url().startsWith(`${t.baseUrl}/widget/frame`));
    if (!frame) throw new Error('no chat frame');
    return frame;
  };

  beforeAll(async () => {
    t = await createTestApp({ env: { VISITOR_REQUESTS_PER_HOUR: '1000' } });
    support = await t.department('Support');
    const me = (await t.admin.get('/api/v1/auth/session')).body.agent;
    await t.admin.patch(`/api/v1/agents/${me.id}`, { departmentIds: [support] });
    // The administrator is online in Support, so the widget offers a chat (not the offline form).
    agentSocket = await connectAgent(t.baseUrl, { http: t.admin });
    agentEvents = recordEvents(agentSocket);

    site = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme Shop</title></head>
<body><h1>Acme Shop</h1><script src="${t.baseUrl}/widget.js" async data-department="${support}"></script></body></html>`);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    browser = await launchChromium();
    visitor = await (await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } })).newPage();
  });
  afterAll(async () => {
    agentSocket?.close();
    await browser?.close();
    await new Promise((resolve) => site?.close(resolve));
    await t?.close();
  });

  it('asks the visitor to rate the chat they ended; a bad rating with a comment lands on the ticket', async () => {
    // What the chat frame's socket receives: chat:end's answer carries the survey's token.
    const received: string[] = [];
    visitor.on('websocket', (ws) => ws.on('framereceived', ({ payload }) => received.push(String(payload))));
    await visitor.goto(siteUrl);
    await visitor.getByRole('button', { name: widget.open, exact: true }).click();
    const frame = chat();
    await frame.getByLabel(widget.name).fill('Rita Rater');
    await frame.getByLabel(widget.question).fill('Where is my parcel?');
    await frame.getByRole('button', { name: widget.start, exact: true }).click();
    const created = await agentEvents.waitFor('ticket:created', (p) => p.channel === 'chat', 10_000);
    const ticketId: number = created.id;

    // The agent answers (over the socket); the visitor sees the answer.
    expect(await emitWithAck(agentSocket, 'ticket:reply', { ticketId, body: 'It left our warehouse today.', clientId: 'rating-reply-1' })).toMatchObject({ ok: true });
    const log = frame.getByRole('log', { name: widget.conversation });
    await expect.poll(() => log.locator('.msg--agent').count()).toBe(1);

    // The visitor ends the chat: the rating prompt comes, with the keyboard on its first answer.
    await frame.getByRole('button', { name: widget.endChat, exact: true }).click();
    await frame.locator('.end-confirm').getByRole('button', { name: widget.endChat, exact: true }).click();
    await expect.poll(() => frame.locator('.ended').textContent()).toContain(widget.ended);
    const answers = frame.getByRole('group', { name: widget.rateQuestion });
    await answers.waitFor();
    const good = answers.getByRole('button', { name: widget.good, exact: true });
    const bad = answers.getByRole('button', { name: widget.bad, exact: true });
    await expect.poll(() => good.evaluate((button) => button === (button.ownerDocument as { activeElement: unknown }).activeElement)).toBe(true);
    expect(await frame.getByLabel(widget.comment).isVisible(), 'the comment comes after a choice').toBe(false);
    // The new chat's form is still there below, for whoever would rather start again.
    expect(await frame.getByLabel(widget.question).isVisible()).toBe(true);

    // By keyboard: Tab to "Bad" and press it; then a comment.
    await visitor.keyboard.press('Tab');
    await visitor.keyboard.press('Space');
    expect(await bad.getAttribute('aria-pressed')).toBe('true');
    expect(await good.getAttribute('aria-pressed')).toBe('false');
    const comment = frame.getByLabel(widget.comment);
    await comment.fill('I waited too long for an answer.');
    await visitor.screenshot({ path: screenshotPath('widget-rating-en') });
    const violations = await seriousAccessibilityViolations(chatFrame());
    expect(violations, `rating prompt: ${JSON.stringify(violations, null, 2)}`).toEqual([]);

    await frame.getByRole('button', { name: widget.send, exact: true }).click();
    const thanks = frame.getByRole('status').filter({ hasText: widget.thanksBad });
    await thanks.waitFor();
    expect(await answers.isVisible(), 'rated once: the prompt is gone').toBe(false);
    await visitor.screenshot({ path: screenshotPath('widget-rated-en') });
    expect(await seriousAccessibilityViolations(chatFrame())).toEqual([]);

    // The token lived only in the frame's memory: in no storage of the host page or the frame, nor a cookie.
    const token = received.map((payload) => /"survey":\{"token":"([^"]+)"\}/.exec(payload)?.[1]).find(Boolean);
    expect(token).toBeTruthy();
    for (const scope of [visitor.mainFrame(), chatFrame()]) {
      const kept = await scope.evaluate(() => {
        const { localStorage, sessionStorage, document } = globalThis as unknown as { localStorage: object; sessionStorage: object; document: { cookie: string } };
        return JSON.stringify({ ...localStorage, ...sessionStorage }) + document.cookie;
      });
      expect(kept).not.toContain(token);
    }
    expect((await visitor.context().cookies()).some((cookie) => cookie.value.includes(token!))).toBe(false);

    const detail = (await t.admin.get<TicketDetailDto>(`/api/v1/tickets/${ticketId}`)).body;
    expect(detail.satisfaction).toMatchObject({ way: 'widget', rating: 'bad', comment: 'I waited too long for an answer.', ratedAt: expect.any(String) });
  });
});
