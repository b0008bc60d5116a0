import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAccessibilityViolations } from '../helpers/axe.js';
import { hasChromium, launchChromium, screenshotPath } from '../helpers/browser.js';
import { consoleMessages } from '../helpers/console-messages.js';
import { ADMIN, createTestApp, type TestApp } from '../helpers/create-test-app.js';

const lv = consoleMessages('lv');

/** An administrator working in Latvian finds a customer in Contacts, merges a duplicate card and exports the person's data. */
describe.skipIf(!hasChromium)('console: the Contacts and Companies screens [chromium]', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let survivor: number;

  beforeAll(async () => {
    t = await createTestApp();
    const support = await t.department('Atbalsts');
    const me = (await t.admin.get('/api/v1/auth/session')).body.agent;
    await t.admin.patch(`/api/v1/agents/${me.id}`, { departmentIds: [support], locale: 'lv' });
    const home = await t.admin.post('/api/v1/tickets', { subject: 'Rēķins', message: 'Rēķins ir nepareizs', channel: 'email', contact: { email: 'janis@majas.lv', name: 'Jānis Bērziņš' }, departmentId: support });
    await t.admin.post('/api/v1/tickets', { subject: 'Piegāde', message: 'Kur ir paka?', channel: 'email', contact: { email: 'janis@darbs.lv', name: 'J. Bērziņš' }, departmentId: support });
    survivor = home.body.ticket.contact.id;
    await t.admin.post('/api/v1/companies', { name: 'Bērziņa SIA' });
    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'lv-LV', viewport: { width: 1440, height: 900 }, acceptDownloads: true })).newPage();
    page.on('dialog', (dialog) => void dialog.accept());
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('searches, opens a contact, merges its duplicate, exports, and lists companies', async () => {
    await page.goto(`${t.baseUrl}/sign-in`);
    await page.getByLabel(lv('signIn.email')).fill(ADMIN.email);
    await page.getByLabel(lv('signIn.password'), { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: lv('signIn.submit'), exact: true }).click();
    await page.waitForURL(/\/tickets/);

    await page.getByRole('link', { name: lv('console.contacts'), exact: true }).click();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(2);
    await page.getByRole('searchbox', { name: lv('contacts.search') }).fill('majas.lv');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    await page.getByRole('link', { name: 'Jānis Bērziņš' }).click();
    await page.waitForURL(new RegExp(`/contacts/${survivor}$`));

    await page.getByRole('searchbox', { name: lv('contacts.search') }).fill('darbs.lv');
    await page.getByRole('button', { name: lv('contacts.find'), exact: true }).click();
    await page.getByRole('button', { name: lv('contacts.mergeHere') }).click();
    await expect.poll(async () => (await t.admin.get(`/api/v1/contacts/${survivor}`)).body.emails).toEqual(['janis@majas.lv', 'janis@darbs.lv']);
    await page.getByRole('link', { name: /Piegāde/ }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('console-contact-lv') });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: lv('contacts.export'), exact: true }).click()]);
    expect(download.suggestedFilename()).toBe(`parley-contact-${survivor}.json`);
    const chunks: Buffer[] = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
    const exported = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    expect(exported.tickets.map((ticket: { subject: string }) => ticket.subject).sort()).toEqual(['Piegāde', 'Rēķins']);

    await page.getByRole('link', { name: lv('console.companies'), exact: true }).click();
    await page.getByRole('link', { name: 'Bērziņa SIA' }).click();
    await page.getByRole('heading', { name: 'Bērziņa SIA' }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });
});
