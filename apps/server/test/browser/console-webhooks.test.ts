import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '@parley/sdk';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAccessibilityViolations } from '../helpers/axe.js';
import { hasChromium, launchChromium, screenshotPath } from '../helpers/browser.js';
import { consoleMessages } from '../helpers/console-messages.js';
import { ADMIN, createTestApp, type TestApp } from '../helpers/create-test-app.js';

const lv = consoleMessages('lv');

/** In Latvian: an administrator subscribes a receiver on this machine, keeps the secret, and reads the delivery log. */
describe.skipIf(!hasChromium)('the Webhooks administration [chromium]', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let receiver: Server;
  const received: { signature: string; body: string }[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    const me = (await t.admin.get('/api/v1/auth/session')).body.agent;
    await t.admin.patch(`/api/v1/agents/${me.id}`, { locale: 'lv' });
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        received.push({ signature: String(req.headers['parley-signature']), body });
        res.end('paldies');
      });
    });
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'lv-LV', timezoneId: 'Europe/Riga', viewport: { width: 1440, height: 900 } })).newPage();
    page.setDefaultTimeout(8000);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it('subscribes, shows the secret once, and lists what was delivered', async () => {
    await page.goto(`${t.baseUrl}/sign-in`);
    await page.getByLabel(lv('signIn.email')).fill(ADMIN.email);
    await page.getByLabel(lv('signIn.password'), { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: lv('signIn.submit'), exact: true }).click();
    await page.waitForURL(/\/tickets/);

    await page.goto(`${t.baseUrl}/admin/webhooks`);
    await page.getByRole('button', { name: lv('webhooks.add') }).click();
    const dialog = page.getByRole('dialog');
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/parley`;
    await dialog.getByLabel(lv('webhooks.form.url')).fill(url);
    await dialog.getByLabel(lv('webhooks.form.description')).fill('Rēķinu sistēma');
    await dialog.getByLabel(lv('webhooks.form.allowPrivateNetwork')).check();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: lv('admin.actions.save') }).click();
    const secret = await page.locator('[data-webhook-secret]').textContent();
    expect(secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    await page.screenshot({ path: screenshotPath('admin-webhook-secret-lv') });
    await page.getByRole('button', { name: lv('webhooks.secret.done') }).click();
    await page.getByRole('rowheader', { name: /Rēķinu sistēma/ }).waitFor();

    await t.admin.post('/api/v1/tickets', { subject: 'Rēķins nav apmaksāts', message: 'Lūdzu, pārbaudiet.', channel: 'email', contact: { email: 'janis@example.lv' } });
    await expect.poll(() => received.length).toBe(2);
    for (const delivery of received) {
      const payload = await verifyWebhook({ secret: secret!, signatureHeader: delivery.signature, rawBody: delivery.body });
      expect(payload.data.ticket).toMatchObject({ subject: 'Rēķins nav apmaksāts' });
    }

    await page.getByRole('button', { name: lv('webhooks.deliveries.open') }).click();
    const log = page.getByRole('dialog');
    await expect.poll(async () => log.locator('.badge[data-delivery-state="delivered"]').count()).toBe(2);
    expect(await log.textContent()).toContain('paldies');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('admin-webhook-deliveries-lv') });
  });
});
