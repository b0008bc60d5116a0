import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KbArticleDto } from '@parley/protocol';
import type { Browser, BrowserContext, Frame, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityHash } from '../../src/modules/widgets/identity.js';
import { seriousAccessibilityViolations } from '../helpers/axe.js';
import { hasChromium, launchChromium, screenshotPath } from '../helpers/browser.js';
import { createTestApp, type TestApp } from '../helpers/create-test-app.js';
import { type AgentClientSocket, connectAgent } from '../helpers/sockets.js';

// The widget's Bulgarian texts (apps/chat-widget/src/i18n/messages.ts and frame/bg.ts).
const bg = {
  open: 'Отвори чата',
  title: 'Пишете ни',
  name: 'Вашето име',
  question: 'С какво да помогнем?',
  tabChat: 'Чат',
  tabHelp: 'Помощ',
  searchLabel: 'Търсене в статиите за помощ',
  results: 'Статии',
  found: 'Намерени статии: 1',
  back: 'Обратно към статиите',
  helpful: 'Полезна ли беше тази статия?',
  yes: 'Да',
  no: 'Не',
  thanks: 'Благодарим ви за отзива!',
  startChat: 'Започнете чат',
  suggestions: 'Статии, които може да помогнат',
  myRequests: 'Моите заявки',
};
const ARTICLE_TITLE = 'Как да сменя паролата си';

/**
 * The widget's Help tab on a customer's site, in Bulgarian: articles written through the API, a visitor who
 * searches and reads one inside the chat frame, answers "was this helpful?" (counted once on the server),
 * goes back to the chat and is offered the article while writing their first message; "My requests" opens
 * the customer portal, signed in when the site verified who the visitor is. Needs the built widget.
 */
describe.skipIf(!hasChromium)('the widget\'s Help tab [chromium]', () => {
  let t: TestApp;
  let site: Server;
  let siteUrl: string;
  let browser: Browser;
  let context: BrowserContext;
  let visitor: Page;
  let agentSocket: AgentClientSocket;
  let article: KbArticleDto;
  let widgetKey = '';
  let identitySecret = '';

  const chat = (page: Page = visitor): FrameLocator => page.frameLocator(`iframe[title="${bg.title}"]`);
  const chatFrame = (page: Page = visitor): Frame => {
    const frame = page.frames().find((f) => f.url().startsWith(`${t.baseUrl}/widget/frame`));
    if (!frame) throw new Error('no chat frame');
    return frame;
  };
  async function expectAccessible(screen: string, page: Page = visitor): Promise<void> {
    const violations = await seriousAccessibilityViolations(chatFrame(page));
    expect(violations, `${screen}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
  }
  const feedback = async () => (await t.admin.get<KbArticleDto>(`/api/v1/kb/articles/${article.id}`)).body.feedback;

  beforeAll(async () => {
    t = await createTestApp({ env: { VISITOR_REQUESTS_PER_HOUR: '1000' } });
    const support = await t.department('Support');
    const me = (await t.admin.get('/api/v1/auth/session')).body.agent;
    await t.admin.patch(`/api/v1/agents/${me.id}`, { departmentIds: [support] });
    // Someone is online in Support, so the widget offers the chat's pre-chat form (where suggestions come).
    agentSocket = await connectAgent(t.baseUrl, { http: t.admin });

    const create = async (body: Record<string, unknown>) => {
      const res = await t.admin.post<KbArticleDto>('/api/v1/kb/articles', body);
      if (res.status !== 201) throw new Error(`article: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    article = await create({
      title: ARTICLE_TITLE,
      language: 'bg',
      status: 'published',
      body: '<h2>Стъпки</h2><ol><li>Отворете <strong>Профил</strong>.</li><li>Изберете „Смяна на паролата“.</li></ol><p>Вижте и <a href="/help/bg/dostavka">условията за доставка</a>.</p>',
    });
    await create({ title: 'Як змінити пароль', language: 'uk', status: 'published', body: '<p>Паролата — не українське слово.</p>', translationOf: article.id });
    await create({ title: 'Доставка и връщане', language: 'bg', status: 'published', slug: 'dostavka', body: '<p>Доставяме до три работни дни.</p>' });
    await create({ title: 'Паролата на агентите', language: 'bg', status: 'published', visibility: 'internal', body: '<p>Само за екипа: паролата.</p>' });
    const widget = await t.admin.post<{ key: string; identitySecret: string }>('/api/v1/widgets', { name: 'Сайт', departmentId: support });
    expect(widget.status).toBe(201);
    widgetKey = widget.body.key;
    identitySecret = widget.body.identitySecret;

    // The customer's site: another origin that embeds the widget, anonymously at / and with a signed-in user at /account.
    site = createServer((req, res) => {
      const signedIn = req.url === '/account';
      const user = { id: 'u-42', email: 'mila@customer.example' };
      const embed = signedIn
        ? `data-widget="${widgetKey}" data-user-id="${user.id}" data-user-email="${user.email}" data-user-name="Мила" data-user-hash="${identityHash(identitySecret, user.id, user.email)}"`
        : `data-department="${support}"`;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="bg"><head><meta charset="utf-8"><title>Магазин</title></head>
<body><h1>Магазин</h1><script src="${t.baseUrl}/widget.js" async ${embed}></script></body></html>`);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    browser = await launchChromium();
    context = await browser.newContext({ locale: 'bg-BG', viewport: { width: 1280, height: 800 } });
    visitor = await context.newPage();
  });
  afterAll(async () => {
    agentSocket?.close();
    await browser?.close();
    await new Promise((resolve) => site?.close(resolve));
    await t?.close();
  });

  it('searches the articles of the visitor\'s language, shows one inside the widget and counts "helpful" once', async () => {
    const frameResponse = visitor.waitForResponse((res) => res.url().startsWith(`${t.baseUrl}/widget/frame`));
    await visitor.goto(siteUrl);
    await visitor.getByRole('button', { name: bg.open, exact: true }).click();
    // The frame's policy is what it was: only who may embed it.
    expect((await (await frameResponse).allHeaders())['content-security-policy']).toMatch(/^frame-ancestors /);
    const frame = chat();
    await frame.getByLabel(bg.question).waitFor();
    await frame.getByRole('tab', { name: bg.tabHelp }).click();
    expect(await frame.getByRole('tab', { name: bg.tabHelp }).getAttribute('aria-selected')).toBe('true');
    expect(await frame.getByLabel(bg.question).isVisible(), 'the chat\'s panel is hidden behind the Help tab').toBe(false);

    const search = frame.getByRole('searchbox', { name: bg.searchLabel });
    await search.fill('паролата');
    await search.press('Enter');
    await frame.getByRole('status').filter({ hasText: bg.found }).waitFor();
    const results = frame.getByRole('list', { name: bg.results });
    // The Bulgarian public article only: not its Ukrainian translation, not the internal one.
    expect(await results.getByRole('listitem').count()).toBe(1);
    expect(await results.locator('mark').first().textContent()).toMatch(/паролата/i);
    await visitor.screenshot({ path: screenshotPath('widget-help-search-bg') });
    await expectAccessible('help search');

    await results.getByRole('button', { name: new RegExp(ARTICLE_TITLE) }).click();
    const heading = frame.getByRole('heading', { name: ARTICLE_TITLE, level: 2 });
    await heading.waitFor();
    await expect.poll(() => heading.evaluate((h) => h === (h.ownerDocument as { activeElement: unknown }).activeElement)).toBe(true);
    await frame.locator('.kb-body').getByText('Изберете „Смяна на паролата“.').waitFor();
    // Links in the article open a new tab, never the frame.
    const link = frame.getByRole('link', { name: 'условията за доставка' });
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');

    const answers = frame.getByRole('group', { name: bg.helpful });
    await answers.getByRole('button', { name: bg.yes, exact: true }).click();
    await frame.getByRole('status').filter({ hasText: bg.thanks }).waitFor();
    expect(await answers.getByRole('button', { name: bg.yes, exact: true }).getAttribute('aria-pressed')).toBe('true');
    expect(await answers.getByRole('button', { name: bg.no, exact: true }).isDisabled(), 'answered once').toBe(true);
    await expect.poll(feedback).toEqual({ yes: 1, no: 0 });
    await visitor.screenshot({ path: screenshotPath('widget-help-article-bg') });
    await expectAccessible('help article');

    // Back to the results and into the article again: the answer is remembered, nothing more is sent.
    await frame.getByRole('button', { name: bg.back }).click();
    await results.getByRole('button', { name: new RegExp(ARTICLE_TITLE) }).click();
    await heading.waitFor();
    expect(await answers.getByRole('button', { name: bg.yes, exact: true }).isDisabled()).toBe(true);
    expect(await feedback()).toEqual({ yes: 1, no: 0 });
  }, 60_000);

  it('goes back to the chat, and suggests the article while the first message is written', async () => {
    const frame = chat();
    await frame.getByRole('button', { name: bg.startChat }).click();
    const question = frame.getByLabel(bg.question);
    // The keyboard lands on the pre-chat form's first field, as when the chat opens.
    const name = frame.getByLabel(bg.name);
    await expect.poll(() => name.evaluate((field) => field === (field.ownerDocument as { activeElement: unknown }).activeElement)).toBe(true);
    expect(await frame.getByRole('tab', { name: bg.tabChat }).getAttribute('aria-selected')).toBe('true');

    const asked: string[] = [];
    visitor.on('request', (req) => {
      if (req.url().includes('/api/v1/public/kb/search')) asked.push(new URL(req.url()).searchParams.get('q') ?? '');
    });
    await question.pressSequentially('Не мога да сменя паролата', { delay: 30 });
    const suggestions = frame.getByRole('list', { name: bg.suggestions });
    await suggestions.getByRole('button', { name: ARTICLE_TITLE }).waitFor();
    expect(await suggestions.getByRole('listitem').count()).toBe(1);
    // Asked once the visitor paused, not for every key.
    expect(asked.length).toBeLessThanOrEqual(2);
    expect(asked.at(-1)).toBe('Не мога да сменя паролата');
    await visitor.screenshot({ path: screenshotPath('widget-help-suggestion-bg') });
    await expectAccessible('suggestions');

    await suggestions.getByRole('button', { name: ARTICLE_TITLE }).click();
    await frame.getByRole('heading', { name: ARTICLE_TITLE, level: 2 }).waitFor();
    expect(await frame.getByRole('tab', { name: bg.tabHelp }).getAttribute('aria-selected')).toBe('true');
    // The message written so far is still there when the visitor goes back to the chat.
    await frame.getByRole('tab', { name: bg.tabChat }).click();
    expect(await question.inputValue()).toBe('Не мога да сменя паролата');
  }, 60_000);

  it('opens the customer portal from "My requests": its sign-in page, or signed in for a verified visitor', async () => {
    const frame = chat();
    await frame.getByRole('tab', { name: bg.tabHelp }).click();
    const [portal] = await Promise.all([context.waitForEvent('page'), frame.getByRole('button', { name: new RegExp(bg.myRequests) }).click()]);
    await portal.waitForLoadState();
    expect(new URL(portal.url()).pathname).toBe('/portal');
    expect(await portal.locator('html').getAttribute('lang')).toBe('bg');
    expect(await portal.locator('input[type="email"]').count()).toBe(1);
    await portal.close();

    // A signed-in user of the site: the widget signs them in to the portal with its verified identity.
    const account = await context.newPage();
    await account.goto(`${siteUrl}/account`);
    await account.getByRole('button', { name: bg.open, exact: true }).click();
    const own = chat(account);
    // The pre-chat form comes once the frame has its (verified) visitor token.
    await own.getByLabel(bg.question).waitFor();
    await own.getByRole('tab', { name: bg.tabHelp }).click();
    const [signedIn] = await Promise.all([context.waitForEvent('page'), own.getByRole('button', { name: new RegExp(bg.myRequests) }).click()]);
    await signedIn.waitForURL(/\/portal\/tickets$/);
    expect(await signedIn.content()).toContain('Мила');
    await signedIn.close();
  }, 60_000);
});
