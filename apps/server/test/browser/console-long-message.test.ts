import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestRawMail } from '../../src/modules/email/ingest-mail.js';
import { hasChromium, launchChromium } from '../helpers/browser.js';
import { consoleMessages } from '../helpers/console-messages.js';
import { ADMIN, createTestApp, type TestApp } from '../helpers/create-test-app.js';

const en = consoleMessages('en');

/** A letter longer than a thread carries: the console shows its beginning and, on request, all of it. */
describe.skipIf(!hasChromium)('console: a very long letter [chromium]', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    t = await createTestApp();
    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(`${t.baseUrl}/sign-in`);
    await page.getByLabel(en('signIn.email')).fill(ADMIN.email);
    await page.getByLabel(en('signIn.password'), { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: en('signIn.submit'), exact: true }).click();
    await page.waitForURL(/\/tickets$/);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the beginning, says so, and "Show the whole message" brings the rest', async () => {
    const lines = Array.from({ length: 40_000 }, (_, i) => `Line ${i + 1} of the server log.`);
    const raw = Buffer.from(
      `From: ivan@customer.example\r\nTo: help@parley.example\r\nSubject: The whole log\r\nMessage-ID: <long-log@customer.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${lines.join('\r\n')}\r\n`,
    );
    const outcome = await ingestRawMail(t.app.context, raw, { source: 'test', departmentId: await t.department('Support'), ownAddresses: ['help@parley.example'] });
    if (outcome.result !== 'created') throw new Error(`not filed: ${JSON.stringify(outcome)}`);
    await page.goto(`${t.baseUrl}/tickets/${outcome.ticketId}`);
    const entry = page.locator(`[data-item="${outcome.itemId}"]`);
    await entry.locator('[data-truncated]').getByText(en('tickets.thread.truncated')).waitFor();
    expect(await entry.textContent()).toContain('Line 1 of the server log.');
    expect(await entry.textContent()).not.toContain('Line 40000 of the server log.');
    await entry.getByRole('button', { name: en('tickets.thread.showWhole') }).click();
    await expect.poll(async () => (await entry.textContent())?.includes('Line 40000 of the server log.')).toBe(true);
    expect(await entry.locator('[data-truncated]').count()).toBe(0);
  });
});
