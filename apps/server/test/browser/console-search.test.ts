import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAccessibilityViolations } from '../helpers/axe.js';
import { hasChromium, launchChromium, screenshotPath } from '../helpers/browser.js';
import { consoleMessages } from '../helpers/console-messages.js';
import { ADMIN, createTestApp, type TestApp } from '../helpers/create-test-app.js';

const ru = consoleMessages('ru');

/** An agent working in Russian searches the queue from the side bar: as they type, with highlights, then by a filter. */
describe.skipIf(!hasChromium)('console: full-text search [chromium]', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let printer: number;
  let delivery: number;

  beforeAll(async () => {
    t = await createTestApp();
    const support = await t.department('Поддержка');
    const me = (await t.admin.get('/api/v1/auth/session')).body.agent;
    await t.admin.patch(`/api/v1/agents/${me.id}`, { departmentIds: [support], locale: 'ru' });
    const create = async (subject: string, message: string, email: string, name: string) =>
      (await t.admin.post('/api/v1/tickets', { subject, message, channel: 'email', contact: { email, name }, departmentId: support })).body.ticket.id as number;
    printer = await create('Не печатает', 'Принтер в бухгалтерии перестал печатать после обновления.', 'olga@example.ru', 'Ольга Смирнова');
    delivery = await create('Где заказ?', 'Заказ должен был прийти вчера, курьер не звонил.', 'ivan@example.ru', 'Иван Петров');
    await t.admin.post(`/api/v1/tickets/${delivery}/internal-notes`, { body: 'Курьерская служба подтвердила задержку.' });
    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'ru-RU', viewport: { width: 1440, height: 900 } })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('finds words whatever their case as the agent types, marks them, and opens the ticket', async () => {
    await page.goto(`${t.baseUrl}/sign-in`);
    await page.getByLabel(ru('signIn.email')).fill(ADMIN.email);
    await page.getByLabel(ru('signIn.password'), { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: ru('signIn.submit'), exact: true }).click();
    await page.waitForURL(/\/tickets/);

    // The side bar's box opens the results page; the query is in the address.
    await page.getByRole('searchbox', { name: ru('search.label') }).first().fill('ПРИНТЕР');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?q=/);
    const hit = page.locator(`[data-ticket="${printer}"]`);
    await hit.waitFor();
    expect(await hit.locator('mark').allTextContents()).toEqual(['Принтер']);
    expect(await page.locator('[data-ticket]').count()).toBe(1);

    // Going on typing on the results page: a prefix finds the courier in a message and in an internal note.
    const box = page.locator('.search').getByRole('searchbox', { name: ru('search.label') });
    await box.fill('курьер');
    await expect.poll(() => page.locator(`[data-ticket="${delivery}"] mark`).first().textContent()).toMatch(/^[Кк]урьер/);
    expect(await page.locator('[data-ticket]').count()).toBe(1);
    await expect.poll(() => page.url()).toContain(encodeURIComponent('курьер'));

    // Contacts come in their own group.
    await box.fill('смирнова');
    await page.getByRole('heading', { name: ru('search.contacts') }).waitFor();
    expect(await page.locator('[data-contact] mark').allTextContents()).toEqual(['Смирнова']);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // What the box did not understand is said, not ignored.
    await box.fill('заказ department:Нигде');
    await page.getByText('Нигде').waitFor();
    expect(await page.locator('[data-ticket]').count()).toBe(0);

    await box.fill('вчера');
    await page.locator(`[data-ticket="${delivery}"]`).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('console-search-ru') });
    await page.locator(`[data-ticket="${delivery}"] a`).click();
    await page.waitForURL(new RegExp(`/tickets/${delivery}$`));
  });

  it('searches within the ticket list\'s filters when started from a filtered list, and everywhere when asked', async () => {
    await page.goto(`${t.baseUrl}/tickets?status=resolved`);
    await page.getByRole('searchbox', { name: ru('search.label') }).first().fill('вчера');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?.*status=resolved/);
    await page.getByText(ru('search.withinList')).waitFor();
    await page.getByText(ru('search.noTickets')).waitFor();
    await page.getByRole('button', { name: ru('search.everywhere') }).click();
    await page.locator(`[data-ticket="${delivery}"]`).waitFor();
    expect(page.url()).not.toContain('status=');
  });
});
