import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEmail } from '../../src/modules/email/parse-email.js';
import { seriousAccessibilityViolations } from '../helpers/axe.js';
import { hasChromium, launchChromium, screenshotPath } from '../helpers/browser.js';
import { consoleMessages } from '../helpers/console-messages.js';
import { createTestApp, type TestApp } from '../helpers/create-test-app.js';
import { freePort, startSmtpReceiver } from '../helpers/smtp-receiver.js';

const lv = consoleMessages('lv');

/** An agent who forgot their password asks for a link on the sign-in page, gets the letter, and sets a new one. */
describe.skipIf(!hasChromium)('console: password reset [chromium]', () => {
  let t: TestApp;
  let browser: Browser;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;

  beforeAll(async () => {
    const port = await freePort();
    smtp = await startSmtpReceiver(port);
    t = await createTestApp({ env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Parley <help@parley.test>' } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await smtp?.close();
  });

  it('from "Forgot password?" to a letter, a new password and the console; the old password and the link then fail', async () => {
    const agent = await t.agent({ name: 'Ilze Bērziņa' });
    const context = await browser.newContext({ locale: 'lv-LV' });
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/sign-in`);
    await page.getByRole('link', { name: lv('signIn.forgot') }).click();
    await page.waitForURL(/\/forgot-password$/);
    await expect.poll(() => page.locator('h1').textContent()).toBe(lv('forgot.title'));
    await page.getByLabel(lv('forgot.email')).fill(agent.email);
    await page.getByRole('button', { name: lv('forgot.submit') }).click();
    await expect.poll(() => page.locator('[data-reset-sent]').textContent()).toBe(lv('forgot.sent', { email: agent.email }));
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    const letter = await smtp.waitForMail();
    expect(letter.to).toEqual([agent.email]);
    const text = (await parseEmail(Buffer.from(letter.raw))).text ?? '';
    const link = new URL(/(http\S+\/reset-password\?token=\S+)/.exec(text)![1]!);
    // The link is made of PUBLIC_URL, which a test server on a free port lacks: the same path on this server.
    await page.goto(`${t.baseUrl}${link.pathname}${link.search}`);
    await expect.poll(() => page.locator('h1').textContent()).toBe(lv('reset.title'));
    await page.getByLabel(lv('reset.password')).fill('jauna parole 12345');
    await page.getByLabel(lv('reset.passwordRepeat')).fill('cita parole 12345');
    await page.getByRole('button', { name: lv('reset.submit') }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe(lv('reset.mismatch'));
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByLabel(lv('reset.passwordRepeat')).fill('jauna parole 12345');
    await page.getByRole('button', { name: lv('reset.submit') }).click();
    await page.waitForURL(/\/tickets$/);
    await expect.poll(() => page.locator('.console__name').textContent()).toBe('Ilze Bērziņa');
    await page.screenshot({ path: screenshotPath('password-reset-done-lv') });

    // The agent's earlier session (signed in before the reset) has ended; the new password works, the old does not.
    expect((await agent.http.get('/api/v1/auth/session')).status).toBe(401);
    expect((await t.client().signIn(agent.email, 'agent password 123')).status).toBe(401);
    expect((await t.client().signIn(agent.email, 'jauna parole 12345')).status).toBe(200);

    const again = await browser.newContext({ locale: 'lv-LV' });
    const second = await again.newPage();
    await second.goto(`${t.baseUrl}${link.pathname}${link.search}`);
    await second.getByLabel(lv('reset.password')).fill('vēl cita parole 1');
    await second.getByLabel(lv('reset.passwordRepeat')).fill('vēl cita parole 1');
    await second.getByRole('button', { name: lv('reset.submit') }).click();
    await expect.poll(() => second.getByRole('alert').textContent()).toBe(lv('errors.auth/reset_invalid'));
    await context.close();
    await again.close();
  });
});
