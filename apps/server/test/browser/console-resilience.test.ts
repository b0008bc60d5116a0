import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium } from '../helpers/browser.js';
import { consoleMessages } from '../helpers/console-messages.js';
import { ADMIN, createTestApp, type TestApp } from '../helpers/create-test-app.js';

const en = consoleMessages('en');

/**
 * Failure as an agent meets it: the server goes away mid-reply and comes back. Nothing typed is lost, the
 * reply is sent once, and live updates resume by themselves. Unknown tickets and invalid input read clearly.
 */
describe.skipIf(!hasChromium)('console: an unreachable server, a restart, and refusals [chromium]', () => {
  let first: TestApp;
  let restarted: TestApp | null = null;
  let browser: Browser;
  let page: Page;
  let ticketId: number;

  beforeAll(async () => {
    first = await createTestApp();
    browser = await launchChromium();
    const department = await first.department('Support');
    const me = (await first.admin.get('/api/v1/auth/session')).body.agent;
    await first.admin.patch(`/api/v1/agents/${me.id}`, { departmentIds: [department] });
    const created = await first.admin.post('/api/v1/tickets', { subject: 'Router keeps rebooting', message: 'Every ten minutes.', contact: { email: 'olga@example.com' }, departmentId: department });
    ticketId = created.body.ticket.id;
    page = await (await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 860 } })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await restarted?.app.close();
    await first?.close().catch(() => undefined);
  });

  it('keeps the draft while the server is away, sends it once when it is back, and live updates resume', async () => {
    await page.goto(`${first.baseUrl}/sign-in`);
    await page.getByLabel(en('signIn.email')).fill(ADMIN.email);
    await page.getByLabel(en('signIn.password'), { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: en('signIn.submit'), exact: true }).click();
    await page.locator(`[data-ticket="${ticketId}"] a`).click();
    const reply = page.getByRole('textbox', { name: en('tickets.composer.replyBody') });
    await reply.waitFor();
    await expect.poll(() => page.locator('.tabs__live').textContent()).toBe(en('console.live'));

    await first.app.close();
    await expect.poll(() => page.locator('.tabs__live').textContent(), { timeout: 15_000 }).toBe(en('console.reconnecting'));
    await reply.fill('We are replacing the router today.');
    await page.getByRole('button', { name: en('tickets.composer.send'), exact: true }).click();
    await expect.poll(() => page.locator('form.composer [role="alert"]').textContent()).toContain(en('errors.network/unreachable'));
    expect(await reply.inputValue()).toBe('We are replacing the router today.');
    // The draft is in the browser's storage too: a reload or a crash would not lose it.
    const storedDraft = () =>
      page.evaluate(() => {
        const storage = (globalThis as unknown as { localStorage: { length: number; key(i: number): string | null; getItem(k: string): string | null } }).localStorage;
        for (let i = 0; i < storage.length; i++) if (storage.key(i)?.includes('.draft.')) return storage.getItem(storage.key(i)!);
        return null;
      });
    await expect.poll(storedDraft).toContain('We are replacing the router today.');

    // The same installation starts again on the same address.
    restarted = await createTestApp({ sameDatabaseAs: first, env: { PORT: new URL(first.baseUrl).port } });
    await expect.poll(() => page.locator('.tabs__live').textContent(), { timeout: 20_000 }).toBe(en('console.live'));
    await page.getByRole('button', { name: en('tickets.composer.send'), exact: true }).click();
    await expect.poll(() => page.locator('[data-kind="agent_reply"]').count()).toBe(1);
    expect(await reply.inputValue()).toBe('');

    // Live again: a note written elsewhere appears without a reload.
    await restarted.admin.post(`/api/v1/tickets/${ticketId}/internal-notes`, { body: 'Router ordered from the supplier.' });
    await expect.poll(() => page.locator('[data-kind="internal_note"]').allTextContents()).toContainEqual(expect.stringContaining('Router ordered'));
    const thread = (await restarted.admin.get(`/api/v1/tickets/${ticketId}`)).body.thread as { kind: string }[];
    expect(thread.filter((item) => item.kind === 'agent_reply')).toHaveLength(1);
  }, 90_000);

  it('says so when a ticket does not exist, and names a form problem before asking the server', async () => {
    await page.goto(`${restarted!.baseUrl}/tickets/999999`);
    await expect.poll(() => page.locator('.empty-state').textContent()).toContain(en('tickets.view.notFoundTitle'));

    await page.goto(`${restarted!.baseUrl}/tickets/${ticketId}`);
    await page.getByText(en('tickets.composer.replyAll'), { exact: true }).click();
    await page.getByLabel(en('tickets.composer.cc'), { exact: true }).fill('not-an-address');
    await page.getByRole('textbox', { name: en('tickets.composer.replyBody') }).fill('Copying the office.');
    await page.getByRole('button', { name: en('tickets.composer.send'), exact: true }).click();
    await expect.poll(() => page.locator('form.composer [role="alert"]').textContent()).toContain(en('tickets.composer.badAddress', { list: 'not-an-address' }));
  });

  it('sends a deactivated agent to the sign-in page at once', async () => {
    const agent = await restarted!.agent({ name: 'Temp Agent' });
    const other = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await other.goto(`${restarted!.baseUrl}/sign-in`);
    await other.getByLabel(en('signIn.email')).fill(agent.email);
    await other.getByLabel(en('signIn.password'), { exact: true }).fill('agent password 123');
    await other.getByRole('button', { name: en('signIn.submit'), exact: true }).click();
    await expect.poll(() => other.locator('.tabs__live').textContent()).toBe(en('console.live'));
    await restarted!.admin.patch(`/api/v1/agents/${agent.id}`, { active: false });
    await other.waitForURL(/\/sign-in/, { timeout: 15_000 });
  });
});
