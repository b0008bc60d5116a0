import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAccessibilityViolations } from '../helpers/axe.js';
import { hasChromium, launchChromium, screenshotPath } from '../helpers/browser.js';
import { consoleMessages } from '../helpers/console-messages.js';
import { ADMIN, createTestApp, type TestApp } from '../helpers/create-test-app.js';
import { DOVECOT, dovecotClient, freshFolder, removeFreshFolders } from '../helpers/test-dovecot.js';

const en = consoleMessages('en');

/** An administrator adds a mailbox on the real test Dovecot in the console and watches it connect. */
describe.skipIf(!hasChromium)('the Mailboxes administration [chromium]', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let folder: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { MAIL_CREDENTIALS_KEY: randomBytes(32).toString('base64'), MAIL_POLL_SECONDS: '3600' } });
    await t.department('Billing');
    const imap = await dovecotClient();
    folder = await freshFolder(imap, 'browser');
    await imap.logout();
    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    const imap = await dovecotClient();
    await removeFreshFolders(imap);
    await imap.logout();
  });

  it('creates an IMAP mailbox that connects, never shows its password, and tests the connection', async () => {
    await page.goto(`${t.baseUrl}/sign-in`);
    await page.getByLabel(en('signIn.email')).fill(ADMIN.email);
    await page.getByLabel(en('signIn.password'), { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: en('signIn.submit'), exact: true }).click();
    await page.waitForURL(/\/tickets/);
    await page.goto(`${t.baseUrl}/admin/mailboxes`);
    await page.getByText(en('mailboxes.empty.title')).waitFor();

    await page.getByRole('button', { name: en('mailboxes.add'), exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(en('mailboxes.form.name'), { exact: true }).fill('Billing desk');
    await dialog.getByLabel(en('mailboxes.form.address'), { exact: true }).fill('billing@parley.example');
    await dialog.getByLabel(en('mailboxes.form.department')).selectOption({ label: 'Billing' });
    await dialog.getByLabel(en('mailboxes.form.imapHost'), { exact: true }).fill(DOVECOT.host);
    await dialog.getByLabel(en('mailboxes.form.security')).selectOption('none');
    await dialog.getByLabel(en('mailboxes.form.port'), { exact: true }).fill(String(DOVECOT.port));
    await dialog.getByLabel(en('mailboxes.form.user'), { exact: true }).fill(DOVECOT.user);
    await dialog.getByLabel(en('mailboxes.form.password'), { exact: true }).fill(DOVECOT.password);
    await dialog.getByLabel(en('mailboxes.form.folder'), { exact: true }).fill(folder);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: en('mailboxes.form.create'), exact: true }).click();
    await page.getByRole('status').filter({ hasText: en('mailboxes.notices.created', { name: 'Billing desk' }) }).waitFor();

    // The status is read when the list loads: reload until the connection is up.
    const row = page.locator('tr', { hasText: 'billing@parley.example' });
    await expect
      .poll(async () => {
        await page.reload();
        await row.waitFor();
        return row.locator('.badge').textContent();
      }, { timeout: 15_000 })
      .toContain(en('mailboxes.status.connected'));
    expect(await row.textContent()).toContain('Billing');
    expect(await page.content()).not.toContain(DOVECOT.password);

    await row.getByRole('button', { name: en('mailboxes.test.action'), exact: true }).click();
    await row.getByText(en('mailboxes.test.imapOk')).waitFor();
    await page.screenshot({ path: screenshotPath('console-admin-mailboxes-en') });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await row.getByRole('button', { name: en('admin.actions.edit'), exact: true }).click();
    await page.getByRole('dialog').getByText(en('mailboxes.form.passwordSet')).first().waitFor();
    expect(await page.getByRole('dialog').getByLabel(en('mailboxes.form.password'), { exact: true }).inputValue()).toBe('');
  });
});
