import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAccessibilityViolations } from '../helpers/axe.js';
import { hasChromium, launchChromium, screenshotPath } from '../helpers/browser.js';
import { consoleMessages } from '../helpers/console-messages.js';
import { ADMIN, createTestApp, type TestApp } from '../helpers/create-test-app.js';

const uk = consoleMessages('uk');

/**
 * An agent working in Ukrainian merges a customer's second request into the first from the ticket's side
 * panel, sees the second one's message join the thread, undoes it, and splits a later message off.
 */
describe.skipIf(!hasChromium)('console: merging, undoing and splitting tickets [chromium]', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let first: number;
  let second: number;

  beforeAll(async () => {
    t = await createTestApp();
    const support = await t.department('Підтримка');
    const me = (await t.admin.get('/api/v1/auth/session')).body.agent;
    await t.admin.patch(`/api/v1/agents/${me.id}`, { departmentIds: [support], locale: 'uk' });
    const contact = { email: 'olena@example.ua', name: 'Олена' };
    first = (await t.admin.post('/api/v1/tickets', { subject: 'Принтер не друкує', message: 'Принтер не друкує з ранку', channel: 'email', contact, departmentId: support })).body.ticket.id;
    second = (await t.admin.post('/api/v1/tickets', { subject: 'Знову принтер', message: 'І сканер теж не працює', channel: 'email', contact, departmentId: support })).body.ticket.id;
    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'uk-UA', viewport: { width: 1440, height: 900 } })).newPage();
    page.on('dialog', (dialog) => void dialog.accept());
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('merges from the side panel, shows the joined thread, undoes, and splits', async () => {
    await page.goto(`${t.baseUrl}/sign-in`);
    await page.getByLabel(uk('signIn.email')).fill(ADMIN.email);
    await page.getByLabel(uk('signIn.password'), { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: uk('signIn.submit'), exact: true }).click();
    await page.waitForURL(/\/tickets/);
    await page.goto(`${t.baseUrl}/tickets/${first}`);
    const view = page.locator(`[data-ticket-view="${first}"]`);
    await view.waitFor();

    await view.getByLabel(uk('tickets.relations.mergeLabel')).fill(`#${second}`);
    await view.getByRole('button', { name: uk('tickets.relations.merge'), exact: true }).click();
    await view.locator('.entry', { hasText: 'І сканер теж не працює' }).waitFor();
    await view.getByText(uk('tickets.events.mergedFromBy', { who: ADMIN.name, tickets: `#${second}` })).waitFor();
    const undo = view.getByRole('button', { name: uk('tickets.relations.undo', { ticket: `#${second}` }) });
    await undo.waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('console-merge-uk') });
    expect((await t.admin.get(`/api/v1/tickets/${second}`)).body.ticket.mergedIntoId).toBe(first);

    await undo.click();
    await expect.poll(() => view.locator('.entry', { hasText: 'І сканер теж не працює' }).count()).toBe(0);
    expect((await t.admin.get(`/api/v1/tickets/${second}`)).body.ticket.mergedIntoId).toBeNull();

    // A later message is split off into its own ticket, which opens.
    await t.admin.post(`/api/v1/tickets/${first}/customer-messages`, { body: 'А ще рахунок неправильний' });
    const later = view.locator('.entry', { hasText: 'А ще рахунок неправильний' });
    await later.waitFor();
    await later.getByRole('button', { name: uk('tickets.relations.splitHere') }).click();
    await page.waitForURL((url) => !url.pathname.endsWith(`/tickets/${first}`) && /\/tickets\/\d+$/.test(url.pathname));
    const created = Number(page.url().split('/').pop());
    await page.locator(`[data-ticket-view="${created}"] .entry`, { hasText: 'А ще рахунок неправильний' }).waitFor();
    await page.getByText(uk('tickets.events.splitFromBy', { who: ADMIN.name, ticket: `#${first}` })).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });
});
