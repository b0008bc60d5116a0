import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, screenshotPath } from '../helpers/browser.js';
import { consoleMessages } from '../helpers/console-messages.js';
import { createTestApp, type TestApp } from '../helpers/create-test-app.js';

const lv = consoleMessages('lv');

/** A one-pixel PNG: small enough to inline, real enough for the browser to show as a preview. */
const PIXEL_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/**
 * The working details, in Latvian (long words): saved views with live counts, a canned response by its
 * shortcut with placeholders filled, an image attached and previewed, a draft that survives a reload, the
 * own availability and password.
 */
describe.skipIf(!hasChromium)('console: views, canned responses, attachments, drafts, account [chromium]', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let agent: { id: number; email: string };
  let department: number;
  let ticketId: number;

  beforeAll(async () => {
    t = await createTestApp();
    browser = await launchChromium();
    department = await t.department('Klientu apkalpošanas nodaļa');
    agent = await t.agent({ name: 'Jānis Bērziņš', departmentIds: [department] });
    await t.admin.patch(`/api/v1/agents/${agent.id}`, { locale: 'lv' });
    const created = await t.admin.post('/api/v1/tickets', {
      subject: 'Rēķins netika nosūtīts uz grāmatvedības e-pastu',
      message: 'Labdien! Nesaņēmām novembra rēķinu.',
      contact: { email: 'ilze@example.lv', name: 'Ilze Kalniņa' },
      departmentId: department,
    });
    ticketId = created.body.ticket.id;
    await t.admin.post('/api/v1/canned-responses', { title: 'Sveiciens', body: 'Labdien, {{contact.name}}! Paldies par jūsu ziņu.' });
    page = await (await browser.newContext({ locale: 'lv-LV', viewport: { width: 1280, height: 860 } })).newPage();
    await page.goto(`${t.baseUrl}/sign-in`);
    await page.getByLabel(lv('signIn.email')).fill(agent.email);
    await page.getByLabel(lv('signIn.password'), { exact: true }).fill('agent password 123');
    await page.getByRole('button', { name: lv('signIn.submit'), exact: true }).click();
    await page.waitForURL(/\/tickets$/);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('saves the filtered list as a view whose count follows new tickets live', async () => {
    await page.getByRole('checkbox', { name: lv('status.new') }).check();
    await page.waitForURL(/status=new/);
    await page.getByRole('button', { name: lv('tickets.views.saveAs'), exact: true }).click();
    await page.getByRole('dialog').getByLabel(lv('tickets.views.name')).fill('Jaunie pieteikumi');
    await page.getByRole('dialog').getByRole('button', { name: lv('tickets.views.save'), exact: true }).click();
    const view = page.locator('.console__view', { hasText: 'Jaunie pieteikumi' });
    await expect.poll(() => view.locator('.console__count').textContent()).toBe('1');
    await t.admin.post('/api/v1/tickets', { subject: 'Parole', message: 'Aizmirsu paroli.', contact: { email: 'peteris@example.lv' }, departmentId: department });
    await expect.poll(() => view.locator('.console__count').textContent(), { timeout: 10_000 }).toBe('2');
    await expect.poll(() => page.locator('[role="table"]').getAttribute('aria-rowcount')).toBe('3');
    await expect.poll(() => page.locator('[data-ticket]').count()).toBe(2);
    await page.screenshot({ path: screenshotPath('list-lv') });
  });

  it('inserts a canned response by its shortcut with the customer\'s name filled in, and attaches an image', async () => {
    await page.locator(`[data-ticket="${ticketId}"] a`).click();
    const reply = page.getByRole('textbox', { name: lv('tickets.composer.replyBody') });
    await reply.click();
    await page.keyboard.press('Control+.');
    const picker = page.getByRole('dialog');
    await picker.getByRole('combobox').fill('Sveic');
    await expect.poll(() => picker.getByRole('option').count()).toBe(1);
    await page.keyboard.press('Enter');
    await expect.poll(() => reply.inputValue()).toBe('Labdien, Ilze Kalniņa! Paldies par jūsu ziņu.');

    await page.locator('form.composer input[type="file"]').setInputFiles({ name: 'ekrānuzņēmums.png', mimeType: 'image/png', buffer: PIXEL_PNG });
    await expect.poll(() => page.locator('.attach__chip').textContent()).toContain('ekrānuzņēmums.png');
    await page.getByRole('button', { name: lv('tickets.composer.send'), exact: true }).click();
    const sent = page.locator('[data-kind="agent_reply"]');
    await expect.poll(() => sent.count()).toBe(1);
    const preview = sent.locator('img');
    await expect.poll(() => preview.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(1);
    expect(await sent.locator('a[download]').getAttribute('download')).toBe('ekrānuzņēmums.png');
    await page.screenshot({ path: screenshotPath('ticket-lv') });
  });

  it('keeps an unsent internal note across a reload', async () => {
    await page.getByText(lv('tickets.composer.note'), { exact: true }).click();
    await page.getByRole('textbox', { name: lv('tickets.composer.noteBody') }).fill('Jāpārbauda, vai adrese ir pareiza.');
    await page.waitForTimeout(500);
    await page.reload();
    await page.getByText(lv('tickets.composer.note'), { exact: true }).click();
    await expect.poll(() => page.getByRole('textbox', { name: lv('tickets.composer.noteBody') }).inputValue()).toBe('Jāpārbauda, vai adrese ir pareiza.');
  });

  it('sets the own availability, which colleagues see, and changes the password', async () => {
    await page.getByLabel(lv('console.availability.label')).selectOption('away');
    await expect.poll(async () => {
      const presence = (await t.admin.get('/api/v1/agents/presence')).body.items as { agentId: number; availability: string }[];
      return presence.find((p) => p.agentId === agent.id)?.availability;
    }).toBe('away');

    await page.getByRole('link', { name: lv('console.account') }).click();
    await page.getByLabel(lv('account.currentPassword')).fill('agent password 123');
    await page.getByLabel(lv('account.newPassword', { count: 10 })).fill('jauna parole 2026');
    await page.getByLabel(lv('account.repeatPassword')).fill('jauna parole 2026');
    await page.getByRole('button', { name: lv('account.savePassword'), exact: true }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: lv('account.passwordChanged') }).count()).toBe(1);
    expect((await t.client().signIn(agent.email, 'jauna parole 2026')).status).toBe(200);
  });

  it('creates an internal ticket about a customer, who never sees it, with only internal notes to write', async () => {
    await page.getByRole('link', { name: lv('console.newTicket') }).click();
    await page.getByText(lv('newTicket.internalTicket'), { exact: true }).click();
    const form = page.locator('form.new-ticket__form');
    await form.locator('label', { hasText: lv('newTicket.aboutEmail') }).locator('input').fill('ilze@example.lv');
    await form.locator('label', { hasText: new RegExp(`^\\s*${lv('newTicket.subject')}`) }).locator('input').fill('Pārbaudīt klienta līgumu');
    await form.locator('textarea').fill('Lūdzu, pārbaudi, vai līgums ir spēkā.');
    await page.getByRole('button', { name: lv('newTicket.createInternal'), exact: true }).click();
    await page.waitForURL(/\/tickets\/\d+$/);
    const id = Number(new URL(page.url()).pathname.split('/').at(-1));
    await expect.poll(() => page.locator('.head .badge[data-internal]').count()).toBe(1);
    // Nobody to reply to: the composer offers internal notes alone, and the task reads as one.
    expect(await page.locator('form.composer .composer__mode').allTextContents()).toEqual([lv('tickets.composer.note')]);
    expect(await page.locator('[data-kind="internal_note"]').textContent()).toContain('Lūdzu, pārbaudi, vai līgums ir spēkā.');
    const stored = (await t.admin.get(`/api/v1/tickets/${id}`)).body.ticket;
    expect(stored).toMatchObject({ internal: true, channel: 'internal', departmentId: department });
    // The customer it is about cannot reach it, with any of their tickets' links.
    const own = await t.client().post('/api/v1/public/tickets', { email: 'ilze@example.lv', subject: 'Sveiki', message: 'Jautājums' });
    const asCustomer = t.client();
    asCustomer.bearer = own.body.accessToken;
    expect((await asCustomer.get(`/api/v1/public/tickets/${id}`)).status).toBe(404);
  });
});
