import { Secret, TOTP } from 'otpauth';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAccessibilityViolations } from '../helpers/axe.js';
import { hasChromium, launchChromium, screenshotPath } from '../helpers/browser.js';
import { consoleMessages } from '../helpers/console-messages.js';
import { createTestApp, type TestApp } from '../helpers/create-test-app.js';

const en = consoleMessages('en');
const PASSWORD = 'agent password 123';
const codeFor = (secret: string, at = Date.now()) => new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate({ timestamp: at });

async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel(en('signIn.email')).fill(email);
  await page.getByLabel(en('signIn.password'), { exact: true }).fill(password);
  await page.getByRole('button', { name: en('signIn.submit'), exact: true }).click();
}

/** An agent turns on two-factor sign-in in the console, then signs in with a code; an administrator requires it of everyone. */
describe.skipIf(!hasChromium)('console: two-factor sign-in [chromium]', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    t = await createTestApp();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('enrols with a QR code and a code, shows the recovery codes once, then asks for a code after the password', async () => {
    const agent = await t.agent({ name: 'Tomas Two' });
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await signIn(page, t.baseUrl, agent.email, PASSWORD);
    await page.waitForURL(/\/tickets$/);
    await page.goto(`${t.baseUrl}/account/security`);
    await page.getByRole('button', { name: en('security.twoFactor.enable') }).click();
    const qr = page.getByRole('img', { name: en('security.twoFactor.qrAlt') });
    await expect.poll(() => qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    const secret = (await page.locator('[data-totp-secret]').textContent())!.trim();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByLabel(en('security.twoFactor.code')).fill(codeFor(secret));
    await page.getByRole('button', { name: en('security.twoFactor.confirm'), exact: true }).click();
    await expect.poll(() => page.locator('[data-recovery-codes] li').count()).toBe(10);
    await page.screenshot({ path: screenshotPath('two-factor-recovery-codes-en') });
    await page.getByRole('button', { name: en('security.twoFactor.recoveryDone') }).click();
    await expect.poll(() => page.locator('[data-two-factor]').textContent()).toContain(en('security.twoFactor.on', { n: 10 }, 10));

    const other = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await signIn(other, t.baseUrl, agent.email, PASSWORD);
    await expect.poll(() => other.locator('h1').textContent()).toBe(en('signIn.twoFactor.title'));
    expect(await seriousAccessibilityViolations(other)).toEqual([]);
    await other.getByLabel(en('signIn.twoFactor.code'), { exact: true }).fill('000000' === codeFor(secret) ? '111111' : '000000');
    await other.getByRole('button', { name: en('signIn.twoFactor.submit') }).click();
    await expect.poll(() => other.getByRole('alert').first().textContent()).toBe(en('errors.auth/two_factor_invalid'));
    // The code the enrolment used is spent: the next 30-second step's code signs in.
    await other.getByLabel(en('signIn.twoFactor.code'), { exact: true }).fill(codeFor(secret, Date.now() + 30_000));
    await other.getByRole('button', { name: en('signIn.twoFactor.submit') }).click();
    await other.waitForURL(/\/tickets$/);
    await expect.poll(() => other.locator('.console__name').textContent()).toBe('Tomas Two');
    await context.close();
  });

  it('when an administrator requires it, an agent without it is sent to set it up after signing in', async () => {
    expect((await t.admin.put('/api/v1/settings/security', { requireTwoFactor: true })).status).toBe(200);
    const agent = await t.agent({ name: 'Rūta Required' });
    const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await signIn(page, t.baseUrl, agent.email, PASSWORD);
    await page.waitForURL(/\/account\/security$/);
    await expect.poll(() => page.locator('[data-two-factor-required]').textContent()).toBe(en('security.twoFactor.requiredNotice'));
    await page.goto(`${t.baseUrl}/tickets`);
    await page.waitForURL(/\/account\/security$/);
    await t.admin.put('/api/v1/settings/security', { requireTwoFactor: false });
  });
});
