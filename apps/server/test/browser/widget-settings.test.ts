import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAccessibilityViolations } from '../helpers/axe.js';
import { hasChromium, launchChromium, screenshotPath } from '../helpers/browser.js';
import { consoleMessages } from '../helpers/console-messages.js';
import { ADMIN, createTestApp, type TestApp } from '../helpers/create-test-app.js';
import { type AgentClientSocket, connectAgent, recordEvents } from '../helpers/sockets.js';

const en = consoleMessages('en');

// The widget's English texts (apps/chat-widget/src/i18n/messages.ts and form-messages.ts).
const widgetText = { name: 'Your name', question: 'How can we help?', start: 'Start chat', open: 'Open chat', title: 'Chat with us', offlineName: 'Your name', offlineEmail: 'Your email', offlineMessage: 'Your message', offlineSend: 'Send message', offlineIntroNoEmail: 'Nobody is available to chat right now. Leave us a message and our team will read it as soon as they are back.' };

/**
 * A widget configured in administration (data-widget) on a customer's site while nobody is online: the
 * launcher takes the widget's colour and side, and the frame shows the offline form, which files a ticket.
 */
describe.skipIf(!hasChromium)('chat widget settings and the offline form [chromium]', () => {
  let t: TestApp;
  let site: Server;
  let siteUrl: string;
  let browser: Browser;
  let visitor: Page;
  let key: string;
  let billing: number;
  let agentSocket: AgentClientSocket | undefined;

  beforeAll(async () => {
    t = await createTestApp({ env: { VISITOR_REQUESTS_PER_HOUR: '1000' } });
    billing = await t.department('Billing');
    const created = await t.admin.post('/api/v1/widgets', { name: 'Acme', departmentId: billing, colour: '#8a1c1c', position: 'left', greeting: 'Welcome to Acme billing.' });
    key = created.body.key;
    site = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme Billing</title></head>
<body><h1>Acme Billing</h1><script src="${t.baseUrl}/widget.js" async data-widget="${key}"></script></body></html>`);
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

  it('puts the launcher on the widget\'s side in its colour, and files the offline form as a ticket when nobody is online', async () => {
    await visitor.goto(siteUrl);
    const launcher = visitor.getByRole('button', { name: widgetText.open, exact: true });
    await launcher.waitFor();
    const look = await launcher.evaluate((button) => {
      const style = (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(button);
      return { background: style.backgroundColor, left: (button as unknown as { getBoundingClientRect(): { left: number } }).getBoundingClientRect().left };
    });
    expect(look.background).toBe('rgb(138, 28, 28)');
    expect(look.left).toBeLessThan(100);

    await launcher.click();
    const chat = visitor.frameLocator(`iframe[title="${widgetText.title}"]`);
    await chat.getByLabel(widgetText.offlineMessage).waitFor();
    // This help desk has no SMTP: the form promises no answer by email (the widget config's emailReplies).
    expect(await chat.locator('form.offline .intro').textContent()).toBe(widgetText.offlineIntroNoEmail);
    await visitor.screenshot({ path: screenshotPath('widget-offline-form-en') });
    const frame = visitor.frames().find((f) => f.url().startsWith(`${t.baseUrl}/widget/frame`)) as Frame;
    expect(await seriousAccessibilityViolations(frame)).toEqual([]);

    await chat.getByLabel(widgetText.offlineName).fill('Olga Offline');
    await chat.getByLabel(widgetText.offlineEmail).fill('olga@example.com');
    await chat.getByLabel(widgetText.offlineMessage).fill('My invoice is wrong.');
    await chat.getByRole('button', { name: widgetText.offlineSend }).click();
    const thanks = chat.getByText(/Our team will see it as soon as they are back\./);
    await thanks.waitFor();
    const number = /ticket #?(\d+)/.exec((await thanks.textContent()) ?? '')?.[1];
    const ticket = (await t.admin.get(`/api/v1/tickets/${number}`)).body.ticket;
    expect(ticket).toMatchObject({ channel: 'web_form', departmentId: billing, contact: { email: 'olga@example.com', name: 'Olga Offline' } });
  });

  it('shows the greeting once someone is online, and the agent sees the visitor beside the chat', async () => {
    const me = (await t.admin.get('/api/v1/auth/session')).body.agent;
    await t.admin.patch(`/api/v1/agents/${me.id}`, { departmentIds: [billing] });
    agentSocket = await connectAgent(t.baseUrl, { http: t.admin });
    const agentEvents = recordEvents(agentSocket);

    // A fresh browser: the config the first visitor cached (nobody online) is not reused.
    const page = await (await browser.newContext({ locale: 'bg-BG', timezoneId: 'Asia/Tokyo', viewport: { width: 1280, height: 800 } })).newPage();
    // Two pages before the chat is opened: the loader's trail brings them to the agent.
    await page.goto(`${siteUrl}/plans`);
    await page.getByRole('button', { name: widgetText.open, exact: true }).waitFor();
    await page.goto(siteUrl);
    // The widget speaks the page's language (English); the browser's own language (Bulgarian) is what agents are told.
    await page.getByRole('button', { name: widgetText.open, exact: true }).click();
    const chat = page.frameLocator('iframe');
    await chat.getByText('Welcome to Acme billing.').waitFor();
    await chat.getByLabel(widgetText.question).fill('Is my invoice paid?');
    await chat.getByRole('button', { name: widgetText.start, exact: true }).click();
    const created = await agentEvents.waitFor('ticket:created', (p) => p.channel === 'chat', 10_000);
    expect(created.departmentId).toBe(billing);

    const agent = await (await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } })).newPage();
    await agent.goto(`${t.baseUrl}/sign-in`);
    await agent.getByLabel(en('signIn.email')).fill(ADMIN.email);
    await agent.getByLabel(en('signIn.password'), { exact: true }).fill(ADMIN.password);
    await agent.getByRole('button', { name: en('signIn.submit'), exact: true }).click();
    await agent.waitForURL(/\/tickets/);
    await agent.goto(`${t.baseUrl}/tickets/${created.id}`);
    const panel = agent.getByRole('region', { name: en('visitorPanel.title'), exact: true });
    await expect.poll(() => panel.textContent()).toContain('Acme Billing');
    const text = (await panel.textContent()) ?? '';
    expect(text).toContain('Chrome');
    expect(text).toContain('Bulgarian');
    expect(text).toContain('(Asia/Tokyo)');
    expect(await panel.locator('.visitor__pages li').count()).toBe(2);
    await agent.screenshot({ path: screenshotPath('console-chat-visitor-panel-en') });
    expect(await seriousAccessibilityViolations(agent)).toEqual([]);

    // Administration: the widget with its embed code.
    await agent.goto(`${t.baseUrl}/admin/widgets`);
    const card = agent.getByRole('article', { name: 'Acme' });
    await expect.poll(() => card.locator('.widget__snippet').textContent()).toBe(`<script src="${t.baseUrl}/widget.js" data-widget="${key}" async></script>`);
    await agent.screenshot({ path: screenshotPath('console-admin-widgets-en') });
    expect(await seriousAccessibilityViolations(agent)).toEqual([]);
    await agent.getByRole('button', { name: en('admin.actions.edit'), exact: true }).click();
    await agent.getByRole('dialog').waitFor();
    expect(await seriousAccessibilityViolations(agent)).toEqual([]);
  });
});
