import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAccessibilityViolations } from '../helpers/axe.js';
import { hasChromium, launchChromium, screenshotPath } from '../helpers/browser.js';
import { consoleMessages } from '../helpers/console-messages.js';
import { ADMIN, createTestApp, type TestApp } from '../helpers/create-test-app.js';

const el = consoleMessages('el');

/**
 * Issue 12 in Greek: an administrator sets business hours and two policies in the console; a ticket shows its
 * due time counting down; "To solve" takes the most urgent promise; a trigger made in the console adds its
 * note to the thread.
 */
describe.skipIf(!hasChromium)('console: service levels in Greek [chromium]', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let support: number;
  let acme: number;

  beforeAll(async () => {
    t = await createTestApp();
    support = await t.department('Υποστήριξη');
    acme = (await t.admin.post('/api/v1/companies', { name: 'Ακμή Α.Ε.' })).body.id;
    await t.admin.post('/api/v1/companies', { name: 'Άλφα Ο.Ε.' });
    const me = (await t.admin.get('/api/v1/auth/session')).body.agent;
    await t.admin.patch(`/api/v1/agents/${me.id}`, { departmentIds: [support], locale: 'el' });
    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'el-GR', timezoneId: 'Europe/Athens', viewport: { width: 1440, height: 900 } })).newPage();
    page.setDefaultTimeout(8000);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('sets hours and policies, shows due times, and gives "To solve" the most urgent ticket', async () => {
    await page.goto(`${t.baseUrl}/sign-in`);
    await page.getByLabel(el('signIn.email')).fill(ADMIN.email);
    await page.getByLabel(el('signIn.password'), { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: el('signIn.submit'), exact: true }).click();
    await page.waitForURL(/\/tickets/);

    // Business hours for the support department, in Athens.
    await page.goto(`${t.baseUrl}/admin/calendars`);
    await page.getByRole('button', { name: el('sla.admin.calendars.add') }).click();
    const calendarDialog = page.getByRole('dialog');
    await calendarDialog.getByLabel(el('sla.admin.calendars.form.name')).fill('Αθήνα');
    await calendarDialog.getByLabel(el('sla.admin.calendars.form.timeZone')).fill('Europe/Athens');
    await calendarDialog.getByLabel('Υποστήριξη').check();
    await calendarDialog.getByRole('button', { name: el('admin.actions.save') }).click();
    await page.getByRole('cell', { name: 'Europe/Athens' }).waitFor();
    expect((await t.admin.get('/api/v1/calendars')).body.items).toMatchObject([{ name: 'Αθήνα', timeZone: 'Europe/Athens', departmentIds: [support] }]);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // Two policies: a standard one in business hours, and an urgent one around the clock, put first.
    await page.goto(`${t.baseUrl}/admin/sla-policies`);
    for (const [name, target, minutes, urgent] of [['Βασική', 'resolution', '480', false], ['Επείγουσα', 'first_response', '10', true]] as const) {
      await page.getByRole('button', { name: el('sla.admin.policies.add') }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel(el('sla.admin.policies.form.name')).fill(name);
      await dialog.locator(`input[name="target-${target}"]`).check();
      await dialog.locator(`input[name="minutes-${target}"]`).fill(minutes);
      if (urgent) {
        await dialog.locator(`input[name="business-${target}"]`).uncheck();
        await dialog.getByLabel(el('tickets.priorities.urgent')).check();
        // Companies are found by name (accents and case aside), not listed.
        await dialog.locator('input[name="companies-search"]').fill('ακμη');
        await dialog.getByLabel('Ακμή Α.Ε.').check();
        expect(await dialog.getByLabel('Άλφα Ο.Ε.').count()).toBe(0);
        expect(await seriousAccessibilityViolations(page)).toEqual([]);
        await page.screenshot({ path: screenshotPath('admin-sla-policy-companies-el'), fullPage: true });
      }
      await dialog.getByRole('button', { name: el('admin.actions.save') }).click();
      await page.getByRole('rowheader', { name }).waitFor();
    }
    await page.getByRole('button', { name: el('sla.admin.policies.up', { name: 'Επείγουσα' }) }).click();
    await expect.poll(async () => (await t.admin.get('/api/v1/sla-policies')).body.items.map((p: { name: string }) => p.name)).toEqual(['Επείγουσα', 'Βασική']);
    expect((await t.admin.get('/api/v1/sla-policies')).body.items[0].conditions.companyIds).toEqual([acme]);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('admin-sla-policies-el') });

    // A trigger, made in the console: every new ticket of the company's customers gets an internal note.
    await page.goto(`${t.baseUrl}/admin/triggers`);
    await page.getByRole('button', { name: el('automation.admin.triggers.add') }).click();
    const triggerDialog = page.getByRole('dialog');
    await triggerDialog.getByLabel(el('automation.admin.form.name')).fill('Σημείωση');
    await triggerDialog.getByRole('button', { name: el('automation.admin.form.addCondition') }).click();
    await triggerDialog.locator('select[name="condition-0-field"]').selectOption('company');
    await triggerDialog.getByLabel(el('admin.companyPicker.none')).uncheck();
    await triggerDialog.locator('input[name="condition-0-companies-search"]').fill('Ακμ');
    await triggerDialog.getByLabel('Ακμή Α.Ε.').check();
    await triggerDialog.getByRole('textbox', { name: el('automation.admin.actions.note'), exact: true }).fill('Ελέγξτε την εγγύηση');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await triggerDialog.getByRole('button', { name: el('admin.actions.save') }).click();
    await page.getByRole('rowheader', { name: 'Σημείωση' }).waitFor();
    expect((await t.admin.get('/api/v1/triggers')).body.items).toMatchObject([
      { name: 'Σημείωση', events: ['ticket_created'], conditions: [{ field: 'company', op: 'is', values: [acme] }], actions: [{ type: 'add_note', body: 'Ελέγξτε την εγγύηση' }] },
    ]);
    await page.screenshot({ path: screenshotPath('admin-triggers-el') });

    const calm = await t.admin.post('/api/v1/tickets', { subject: 'Εκτυπωτής', message: 'Δεν τυπώνει', channel: 'email', contact: { email: 'nikos@example.gr', name: 'Νίκος' }, departmentId: support });
    const eleni = await t.admin.post('/api/v1/contacts', { name: 'Ελένη', emails: ['eleni@example.gr'], companyId: acme });
    const urgent = await t.admin.post('/api/v1/tickets', { subject: 'Διακοπή υπηρεσίας', message: 'Τίποτα δεν λειτουργεί', channel: 'email', priority: 'urgent', contact: { id: eleni.body.id }, departmentId: support });
    expect(calm.body.ticket.sla).toMatchObject({ dueAt: { resolution: expect.any(String) } });
    expect(urgent.body.ticket.sla.dueAt.first_response).not.toBeNull();
    // The trigger left the customer of no company alone.
    const calmThread = (await t.admin.get(`/api/v1/tickets/${calm.body.ticket.id}`)).body.thread as { body: string }[];
    expect(calmThread.some((item) => item.body === 'Ελέγξτε την εγγύηση')).toBe(false);

    await page.goto(`${t.baseUrl}/tickets`);
    await page.getByRole('button', { name: el('console.toSolve'), exact: true }).click();
    await page.waitForURL(new RegExp(`/tickets/${urgent.body.ticket.id}$`));
    const clocks = page.getByRole('region', { name: el('sla.panel.title') });
    await clocks.getByText(el('sla.targets.first_response')).waitFor();
    await expect.poll(async () => (await clocks.locator('li[data-target="first_response"]').getAttribute('data-state'))).toBe('running');
    expect(await clocks.locator('li[data-target="first_response"] time').textContent()).toMatch(/λεπτ/);
    // The trigger acted on creation: its note is in the thread.
    await page.getByText('Ελέγξτε την εγγύηση').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('console-sla-ticket-el') });
  });
});
