import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAccessibilityViolations } from '../helpers/axe.js';
import { hasChromium, launchChromium, screenshotPath } from '../helpers/browser.js';
import { consoleMessages } from '../helpers/console-messages.js';
import { ADMIN, createTestApp, type TestApp } from '../helpers/create-test-app.js';

const en = consoleMessages('en');

/** An administrator reads who changed what in Administration → Audit log, filters it and downloads it. */
describe.skipIf(!hasChromium)('the Audit log administration [chromium]', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    t = await createTestApp();
    const created = await t.admin.post('/api/v1/departments', { name: 'Billing' });
    await t.admin.patch(`/api/v1/departments/${created.body.id}`, { name: '=Invoices' });
    await t.admin.post('/api/v1/widgets', { name: 'Website' });
    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 }, acceptDownloads: true })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('lists the changes with their details, filters by kind, and exports the filtered CSV', async () => {
    await page.goto(`${t.baseUrl}/sign-in`);
    await page.getByLabel(en('signIn.email')).fill(ADMIN.email);
    await page.getByLabel(en('signIn.password'), { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: en('signIn.submit'), exact: true }).click();
    await page.waitForURL(/\/tickets/);
    await page.goto(`${t.baseUrl}/admin/agents`);
    await page.getByRole('link', { name: en('auditLog.section'), exact: true }).click();
    await page.waitForURL(/\/admin\/audit-log$/);

    const renamed = page.locator('tbody tr', { hasText: en('auditLog.actions.department.updated') });
    await renamed.waitFor();
    expect(await renamed.textContent()).toContain('Billing → =Invoices');
    expect(await renamed.textContent()).toContain(ADMIN.name);
    await page.locator('tbody tr', { hasText: en('auditLog.system') }).waitFor();
    expect(await page.locator('tbody tr', { hasText: en('auditLog.actions.widget.created') }).textContent()).toContain(en('auditLog.redacted'));
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('console-admin-audit-log-en') });

    await page.getByLabel(en('auditLog.filters.targetType')).selectOption('department');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(2);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: en('auditLog.export'), exact: true }).click()]);
    expect(download.suggestedFilename()).toMatch(/^parley-audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
    const chunks: Buffer[] = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
    const lines = Buffer.concat(chunks).toString('utf8').trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`,department.updated,department,`);
    expect(lines[1]).toContain(`,'=Invoices,`);
  });
});
