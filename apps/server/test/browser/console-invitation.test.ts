import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, screenshotPath } from '../helpers/browser.js';
import { seriousAccessibilityViolations } from '../helpers/axe.js';
import { consoleMessages } from '../helpers/console-messages.js';
import { ADMIN, createTestApp, type TestApp } from '../helpers/create-test-app.js';

const en = consoleMessages('en');
const uk = consoleMessages('uk');

/** An administrator invites a colleague in the console; the colleague opens the link in their own browser. */
describe.skipIf(!hasChromium)('console: inviting an agent [chromium]', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    t = await createTestApp();
    await t.department('Support');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the one-time link once; the invitee sets a password through it and lands signed in; the link then refuses', async () => {
    const adminContext = await browser.newContext({ locale: 'en-US' });
    await adminContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.baseUrl });
    const admin = await adminContext.newPage();
    await admin.goto(`${t.baseUrl}/sign-in`);
    await admin.getByLabel(en('signIn.email')).fill(ADMIN.email);
    await admin.getByLabel(en('signIn.password'), { exact: true }).fill(ADMIN.password);
    await admin.getByRole('button', { name: en('signIn.submit'), exact: true }).click();
    await admin.waitForURL(/\/tickets$/);
    await admin.goto(`${t.baseUrl}/admin/agents`);

    await admin.getByRole('button', { name: en('admin.agents.add'), exact: true }).click();
    const form = admin.getByRole('dialog', { name: en('admin.agents.form.createTitle') });
    await form.getByLabel(en('admin.agents.form.name')).fill('Oksana Kovalenko');
    await form.getByLabel(en('admin.agents.form.email')).fill('oksana@parley.test');
    await form.getByLabel(en('admin.agents.form.language')).selectOption('uk');
    await form.getByLabel('Support').check();
    expect(await form.locator('input[type="password"]').count()).toBe(0);
    await form.getByRole('button', { name: en('admin.agents.form.create'), exact: true }).click();

    const shown = admin.getByRole('dialog', { name: en('admin.agents.invitation.title', { name: 'Oksana Kovalenko' }) });
    const link = shown.getByLabel(en('admin.agents.invitation.label'));
    await expect.poll(() => link.inputValue()).toMatch(/\/invite\?token=invite_/);
    const url = await link.inputValue();
    // "Shown only this once and works until <date>": the note's words before the date.
    await expect.poll(() => shown.textContent()).toContain(en('admin.agents.invitation.note').split('{date}')[0]!);
    await shown.getByRole('button', { name: en('admin.agents.invitation.copy') }).click();
    await expect.poll(() => shown.getByRole('status').textContent()).toContain(en('admin.agents.invitation.copied'));
    expect(await admin.evaluate('navigator.clipboard.readText()')).toBe(url);
    expect(await seriousAccessibilityViolations(admin)).toEqual([]);
    await admin.screenshot({ path: screenshotPath('invitation-link-en') });
    await shown.getByRole('button', { name: en('admin.agents.invitation.done') }).click();
    const row = admin.getByRole('row', { name: /Oksana Kovalenko/ });
    await expect.poll(() => row.textContent()).toContain(en('admin.agents.pending'));

    // The invitee, in their own browser. The link is made of PUBLIC_URL, which a test server on a free port lacks.
    const { pathname, search } = new URL(url);
    expect(pathname).toBe('/invite');
    const opened = `${t.baseUrl}${pathname}${search}`;
    const inviteeContext = await browser.newContext({ locale: 'uk-UA' });
    const invitee = await inviteeContext.newPage();
    await invitee.goto(opened);
    await expect.poll(() => invitee.locator('h1').textContent()).toBe(uk('invite.title'));
    expect(await seriousAccessibilityViolations(invitee)).toEqual([]);
    await invitee.getByLabel(uk('invite.password')).fill('oksana password 1');
    await invitee.getByLabel(uk('invite.passwordRepeat')).fill('oksana password 2');
    await invitee.getByRole('button', { name: uk('invite.submit') }).click();
    await expect.poll(() => invitee.getByRole('alert').textContent()).toBe(uk('invite.mismatch'));
    await invitee.getByLabel(uk('invite.passwordRepeat')).fill('oksana password 1');
    await invitee.getByRole('button', { name: uk('invite.submit') }).click();
    await invitee.waitForURL(/\/tickets$/);
    await expect.poll(() => invitee.locator('.console__name').textContent()).toBe('Oksana Kovalenko');
    await expect.poll(() => invitee.locator('.tabs__live').textContent()).toBe(uk('console.live'));
    await invitee.screenshot({ path: screenshotPath('invited-home-uk') });

    // The link works once: a second browser is refused, in its language.
    const againContext = await browser.newContext({ locale: 'uk-UA' });
    const again = await againContext.newPage();
    await again.goto(opened);
    await again.getByLabel(uk('invite.password')).fill('someone else 123');
    await again.getByLabel(uk('invite.passwordRepeat')).fill('someone else 123');
    await again.getByRole('button', { name: uk('invite.submit') }).click();
    await expect.poll(() => again.getByRole('alert').textContent()).toBe(uk('errors.auth/invitation_invalid'));
    expect(again.url()).toContain('/invite');

    // The administrator's list no longer shows the invitation as pending.
    await admin.reload();
    await expect.poll(() => admin.getByRole('row', { name: /Oksana Kovalenko/ }).textContent()).toContain(en('admin.agents.active'));
    await Promise.all([adminContext.close(), inviteeContext.close(), againContext.close()]);
  });
});
