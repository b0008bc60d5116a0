import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/create-test-app.js';
import { hasChromium, launchChromium, screenshotPath } from '../helpers/browser.js';

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
    await expect.poll(() => page.locator('main').textContent()).toContain('Jūs esat pieteicies kā Līga Bērziņa.');

    // The queue is live: a ticket created through the API appears without a reload, and "To solve" takes it.
    await expect.poll(() => page.locator('.queue__live').textContent()).toBe('Tiešsaistē');
    const api = t.client();
    const me = (await api.signIn('liga@parley.test', 'liga password 123')).body.agent;
    const department = (await api.post('/api/v1/departments', { name: 'Atbalsts' })).body;
    await api.patch(`/api/v1/agents/${me.id}`, { departmentIds: [department.id] });
    const created = await api.post('/api/v1/tickets', {
      subject: 'Printeris deg',
      message: 'Palīdziet!',
      contact: { email: 'janis@example.lv', name: 'Jānis Ozols' },
      departmentId: department.id,
    });
    expect(created.status).toBe(201);
    const row = page.locator(`tr[data-ticket="${created.body.ticket.id}"]`);
    await expect.poll(() => row.textContent()).toContain('Printeris deg');
    expect(await row.textContent()).toContain('Jānis Ozols');
    await page.screenshot({ path: screenshotPath('home-lv') });
    await page.getByRole('button', { name: 'Risināt' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe(`Pieteikums Nr. ${created.body.ticket.id} tagad ir jūsu.`);
    // Answered, it leaves the queue live, and nothing else waits.
    await api.post(`/api/v1/tickets/${created.body.ticket.id}/replies`, { body: 'Jau nākam.' });
    await expect.poll(() => row.count()).toBe(0);
    await page.getByRole('button', { name: 'Risināt' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Pašlaik neviens pieteikums jūs negaida.');

    // The link works once only.
    const again = await t.client().post('/api/v1/auth/setup', { token: t.app.setupToken, name: 'Eve', email: 'eve@x.io', password: 'eve password 123' });
    expect(again.status).toBe(403);

    await page.getByRole('button', { name: 'Atteikties' }).click();
    await expect.poll(() => page.url()).toContain('/sign-in');
    await page.getByLabel('E-pasts').fill('liga@parley.test');
    await page.getByLabel('Parole').fill('wrong password');
    await page.getByRole('button', { name: 'Pieteikties' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('E-pasts vai parole ir nepareiza.');
    await page.screenshot({ path: screenshotPath('sign-in-error-lv') });
    await page.getByLabel('Parole').fill('liga password 123');
    await page.getByRole('button', { name: 'Pieteikties' }).click();
    await expect.poll(() => page.locator('main').textContent()).toContain('Līga Bērziņa');
    await context.close();
  });
});
