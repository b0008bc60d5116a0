import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/create-test-app.js';
import { hasChromium, launchChromium, screenshotPath } from '../helpers/browser.js';
import { consoleMessages } from '../helpers/console-messages.js';

const lv = consoleMessages('lv');

/** The first start of a newcomer, in a real browser: the printed setup link, then signing out and in. */
describe.skipIf(!hasChromium)('console: first administrator through the setup link [chromium]', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    t = await createTestApp({ withAdmin: false });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('creates the administrator from the one-time link and signs in and out', async () => {
    const context = await browser.newContext({ locale: 'lv-LV' });
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/setup?token=${t.app.setupToken}`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Izveidojiet pirmo administratoru');
    await page.screenshot({ path: screenshotPath('setup-lv') });

    await page.getByLabel('Jūsu vārds').fill('Līga Bērziņa');
    await page.getByLabel('E-pasts').fill('liga@parley.test');
    await page.getByLabel('Parole (vismaz 10 rakstzīmes)').fill('liga password 123');
    await page.getByLabel('Atkārtojiet paroli').fill('liga password 12');
    await page.getByRole('button', { name: 'Izveidot administratoru' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Abas paroles nesakrīt.');

    await page.getByLabel('Atkārtojiet paroli').fill('liga password 123');
    await page.getByRole('button', { name: 'Izveidot administratoru' }).click();
    // Signed in, the console opens on the ticket list, live, with the new administrator's name.
    await page.waitForURL(/\/tickets$/);
    await expect.poll(() => page.locator('.console__name').textContent()).toBe('Līga Bērziņa');
    await expect.poll(() => page.locator('.tabs__live').textContent()).toBe(lv('console.live'));
    await page.screenshot({ path: screenshotPath('home-lv') });

    // The link works once only.
    const again = await t.client().post('/api/v1/auth/setup', { token: t.app.setupToken, name: 'Eve', email: 'eve@x.io', password: 'eve password 123' });
    expect(again.status).toBe(403);

    await page.getByRole('button', { name: lv('console.signOut') }).click();
    await expect.poll(() => page.url()).toContain('/sign-in');
    await page.getByLabel('E-pasts').fill('liga@parley.test');
    await page.getByLabel('Parole').fill('wrong password');
    await page.getByRole('button', { name: 'Pieteikties' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('E-pasts vai parole ir nepareiza.');
    await page.screenshot({ path: screenshotPath('sign-in-error-lv') });
    await page.getByLabel('Parole').fill('liga password 123');
    await page.getByRole('button', { name: 'Pieteikties' }).click();
    await page.waitForURL(/\/tickets$/);
    await expect.poll(() => page.locator('.console__name').textContent()).toBe('Līga Bērziņa');
    await context.close();
  });
});
