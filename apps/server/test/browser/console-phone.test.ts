import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAccessibilityViolations } from '../helpers/axe.js';
import { hasChromium, launchChromium, screenshotPath } from '../helpers/browser.js';
import { consoleMessages } from '../helpers/console-messages.js';
import { createTestApp, type TestApp } from '../helpers/create-test-app.js';

const en = consoleMessages('en');
const lv = consoleMessages('lv');

/** The browser's globals inside page.evaluate (the server's tests compile without the DOM library). */
type PageGlobals = {
  document: { scrollingElement: { scrollWidth: number } | null };
  innerWidth: number;
  getComputedStyle(el: unknown): { lineHeight: string };
  localStorage: { setItem(key: string, value: string): void };
};

/** Whether the page scrolls sideways: on a phone nothing may stick out to the right. */
function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate(() => {
    const { document, innerWidth } = globalThis as unknown as PageGlobals;
    return { scrollWidth: document.scrollingElement!.scrollWidth, innerWidth };
  });
}

async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const { scrollWidth, innerWidth } = await horizontalOverflow(page);
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}

/**
 * The console on a phone, 390 and 360 px wide: no sideways scrolling, the navigation behind a menu button,
 * the list and the ticket one above the other with titles that wrap between words, and a reply sent.
 */
describe.skipIf(!hasChromium)('console at phone width [chromium]', () => {
  let t: TestApp;
  let browser: Browser;
  let agent: { id: number; email: string };
  let department: number;

  beforeAll(async () => {
    t = await createTestApp();
    browser = await launchChromium();
    department = await t.department('Klientu apkalpošanas nodaļa');
    agent = await t.agent({ name: 'Paula Tālrunis', departmentIds: [department] });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  for (const { width, height, locale, m } of [
    { width: 390, height: 844, locale: 'en', m: en },
    { width: 360, height: 740, locale: 'lv', m: lv },
  ]) {
    it(`works at ${width}x${height} (${locale}): menu, list, ticket and reply, without sideways scrolling`, async () => {
      await t.admin.patch(`/api/v1/agents/${agent.id}`, { locale });
      const subject = `Rēķins netika nosūtīts uz grāmatvedības e-pastu (${width})`;
      const created = await t.admin.post('/api/v1/tickets', {
        subject,
        message: 'Labdien! Nesaņēmām novembra rēķinu.',
        contact: { email: `ilze.${width}@example.lv`, name: 'Ilze Kalniņa' },
        departmentId: department,
      });
      const ticketId: number = created.body.ticket.id;
      const context = await browser.newContext({ viewport: { width, height }, isMobile: true, hasTouch: true });
      const page = await context.newPage();
      await page.goto(`${t.baseUrl}/sign-in`);
      await page.getByLabel(en('signIn.email')).fill(agent.email);
      await page.getByLabel(en('signIn.password'), { exact: true }).fill('agent password 123');
      await page.getByRole('button', { name: en('signIn.submit'), exact: true }).click();
      await page.waitForURL(/\/tickets$/);
      await expect.poll(() => page.locator(`[data-ticket="${ticketId}"]`).count()).toBe(1);
      await expectNoHorizontalScroll(page);

      // The navigation waits behind the menu button; it takes the whole height, not 60 % of the width for good.
      const nav = page.getByRole('navigation', { name: m('console.navigation') });
      const menu = page.getByRole('button', { name: m('console.menu') });
      expect(await nav.isVisible()).toBe(false);
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
      await menu.click();
      expect(await menu.getAttribute('aria-expanded')).toBe('true');
      await expect.poll(() => nav.isVisible()).toBe(true);
      await expect.poll(() => nav.getByRole('link', { name: m('console.departments') }).isVisible()).toBe(true);
      await expectNoHorizontalScroll(page);
      await page.screenshot({ path: screenshotPath(`phone-${width}-menu`) });
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await nav.getByRole('link', { name: m('console.departments') }).click();
      await page.waitForURL(/\/departments$/);
      await expect.poll(() => nav.isVisible()).toBe(false);
      await expectNoHorizontalScroll(page);
      await menu.click();
      await nav.getByRole('link', { name: m('console.tickets'), exact: true }).click();
      await page.waitForURL(/\/tickets$/);

      // The list row's subject gets a real line, not a column a letter wide.
      const row = page.locator(`[data-ticket="${ticketId}"]`);
      const subjectBox = (await row.locator('.ticket-list__subject').boundingBox())!;
      expect(subjectBox.width).toBeGreaterThan(width * 0.45);
      await expectNoHorizontalScroll(page);
      await page.screenshot({ path: screenshotPath(`phone-${width}-list`) });

      await row.getByRole('link', { name: subject }).click();
      await page.waitForURL(new RegExp(`/tickets/${ticketId}$`));
      const title = page.locator('.head__subject');
      await expect.poll(() => title.textContent()).toContain(subject);
      // Wrapped between words: the title is as wide as the screen allows and every line holds several letters.
      const titleBox = (await title.boundingBox())!;
      expect(titleBox.width).toBeGreaterThan(width * 0.6);
      const lineHeight = await title.evaluate((el) => Number.parseFloat((globalThis as unknown as PageGlobals).getComputedStyle(el).lineHeight));
      expect(titleBox.height / lineHeight).toBeLessThanOrEqual(4);
      await expectNoHorizontalScroll(page);

      const reply = page.getByRole('textbox', { name: m('tickets.composer.replyBody') });
      await reply.fill('Labdien! Rēķins ir nosūtīts vēlreiz.');
      await page.getByRole('button', { name: m('tickets.composer.send'), exact: true }).click();
      await expect.poll(() => page.locator('[data-kind="agent_reply"]').count()).toBe(1);
      await expect.poll(async () => (await t.admin.get(`/api/v1/tickets/${ticketId}`)).body.thread.some((i: { kind: string; body: string }) => i.kind === 'agent_reply' && i.body.includes('nosūtīts vēlreiz'))).toBe(true);
      await expectNoHorizontalScroll(page);
      await page.screenshot({ path: screenshotPath(`phone-${width}-ticket`), fullPage: true });
      await context.close();
    }, 60_000);
  }

  it('keeps every tab within reach when more are open than fit: the strip scrolls to the current one and a menu lists them all', async () => {
    const ids: number[] = [];
    for (let i = 1; i <= 9; i++) {
      const created = await t.admin.post('/api/v1/tickets', { subject: `Printer ${i} prints blank pages after the update`, message: 'Hello', contact: { email: `tabs.${i}@example.com` }, departmentId: department });
      ids.push(created.body.ticket.id);
    }
    await t.admin.patch(`/api/v1/agents/${agent.id}`, { locale: 'en' });
    for (const { width, height } of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
      const context = await browser.newContext({ viewport: { width, height } });
      // The tabs an agent left open come back after a reload (kept per agent in this browser).
      await context.addInitScript(([key, value]) => (globalThis as unknown as PageGlobals).localStorage.setItem(key as string, value as string), [`parley.agent.${agent.id}.tabs`, JSON.stringify(ids)]);
      const page = await context.newPage();
      await page.goto(`${t.baseUrl}/sign-in`);
      await page.getByLabel(en('signIn.email')).fill(agent.email);
      await page.getByLabel(en('signIn.password'), { exact: true }).fill('agent password 123');
      await page.getByRole('button', { name: en('signIn.submit'), exact: true }).click();
      await page.waitForURL(/\/tickets$/);
      await page.goto(`${t.baseUrl}/tickets/${ids.at(-1)}`);
      await expect.poll(() => page.locator('[data-ticket-tab]').count()).toBe(9);
      await expectNoHorizontalScroll(page);

      const strip = page.getByRole('navigation', { name: en('console.openTickets') });
      const inSight = async (id: number) => {
        const [tab, box] = await Promise.all([page.locator(`[data-ticket-tab="${id}"]`).boundingBox(), strip.boundingBox()]);
        return tab !== null && box !== null && tab.x >= box.x - 1 && tab.x + tab.width <= box.x + box.width + 1;
      };
      await expect.poll(() => inSight(ids.at(-1)!)).toBe(true);
      expect(await inSight(ids[0]!)).toBe(false);

      // The menu of all open tickets reaches the one scrolled out of sight.
      const all = page.getByRole('button', { name: en('console.allTabs') });
      expect(await all.isVisible()).toBe(true);
      await all.click();
      expect(await all.getAttribute('aria-expanded')).toBe('true');
      const entries = page.locator('#tabs-all a');
      await expect.poll(() => entries.count()).toBe(9);
      const menuBox = (await page.locator('#tabs-all').boundingBox())!;
      expect(menuBox.x).toBeGreaterThanOrEqual(0);
      expect(menuBox.x + menuBox.width).toBeLessThanOrEqual(width);
      await expectNoHorizontalScroll(page);
      await page.screenshot({ path: screenshotPath(`tabs-${width}`) });
      await entries.first().click();
      await page.waitForURL(new RegExp(`/tickets/${ids[0]}$`));
      await expect.poll(() => page.locator('.head__subject').textContent()).toContain('Printer 1 prints');
      await expect.poll(() => inSight(ids[0]!)).toBe(true);
      expect(await page.locator('#tabs-all').isVisible()).toBe(false);
      await context.close();
    }
  }, 90_000);
});
