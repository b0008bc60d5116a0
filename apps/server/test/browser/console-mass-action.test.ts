import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAccessibilityViolations } from '../helpers/axe.js';
import { hasChromium, launchChromium, screenshotPath } from '../helpers/browser.js';
import { consoleMessages } from '../helpers/console-messages.js';
import { ADMIN, createTestApp, type TestApp } from '../helpers/create-test-app.js';

const en = consoleMessages('en');
const TICKETS = 210;

/** An agent selects every matching ticket of a big list (more than one page) and resolves them all, watching the progress. */
describe.skipIf(!hasChromium)('console: a mass action over 210 tickets [chromium]', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let support: number;

  beforeAll(async () => {
    t = await createTestApp();
    support = await t.department('Support');
    for (let i = 0; i < TICKETS; i++) {
      await t.admin.post('/api/v1/tickets', { subject: `Outage report ${i}`, message: 'The site is down', channel: 'email', contact: { email: `c${i}@example.com` }, departmentId: support });
    }
    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } })).newPage();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('selects all matching, resolves them in chunks with a progress bar, and says what changed', async () => {
    await page.goto(`${t.baseUrl}/sign-in`);
    await page.getByLabel(en('signIn.email')).fill(ADMIN.email);
    await page.getByLabel(en('signIn.password'), { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: en('signIn.submit'), exact: true }).click();
    await page.waitForURL(/\/tickets/);
    await page.goto(`${t.baseUrl}/tickets?department=${support}`);
    await page.locator('[data-ticket]').first().waitFor();

    await page.getByRole('checkbox', { name: en('tickets.mass.selectLoaded') }).check();
    await page.getByRole('button', { name: en('tickets.mass.selectAllMatching') }).click();
    await page.getByText(en('tickets.mass.selected', { count: String(TICKETS) }, TICKETS)).waitFor();
    await page.getByLabel(en('tickets.mass.action'), { exact: true }).selectOption('resolve');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: en('tickets.mass.apply', { count: String(TICKETS) }, TICKETS) }).click();
    await page.locator('progress').waitFor();
    await page.getByText(en('tickets.mass.changed', { changed: String(TICKETS), total: String(TICKETS) })).waitFor({ timeout: 60_000 });
    await page.screenshot({ path: screenshotPath('console-mass-action-en') });
    expect((await t.admin.get(`/api/v1/tickets/count?departmentId=${support}&status=resolved`)).body.count).toBe(TICKETS);
  }, 90_000);
});
