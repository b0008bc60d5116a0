import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAccessibilityViolations } from '../helpers/axe.js';
import { hasChromium, launchChromium, screenshotPath } from '../helpers/browser.js';
import { consoleMessages } from '../helpers/console-messages.js';
import { ADMIN, createTestApp, type TestApp } from '../helpers/create-test-app.js';

const bg = consoleMessages('bg');
const en = consoleMessages('en');

async function signIn(page: Page, m: typeof bg, email: string, password: string): Promise<void> {
  await page.getByLabel(m('signIn.email')).fill(email);
  await page.getByLabel(m('signIn.password'), { exact: true }).fill(password);
  await page.getByRole('button', { name: m('signIn.submit'), exact: true }).click();
  await page.waitForURL(/\/tickets/);
}

/** The form control whose label starts with this text (a select's label also reads its chosen option). */
function field(scope: Page | Locator, label: string): Locator {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return scope.locator('label', { hasText: new RegExp(`^\\s*${escaped}`) }).locator('select, input, textarea').first();
}

async function expectAccessible(page: Page, screen: string): Promise<void> {
  const violations = await seriousAccessibilityViolations(page);
  expect(violations, `${screen}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

/**
 * A working day in the console, in two real browsers on a fresh database: an administrator who works in
 * Bulgarian and a colleague in English, seeing each other's work live.
 */
describe.skipIf(!hasChromium)('console: tickets worked by two agents [chromium]', () => {
  let t: TestApp;
  let browser: Browser;
  let adminContext: BrowserContext;
  let colleagueContext: BrowserContext;
  let admin: Page;
  let colleague: Page;
  let support: number;
  let billing: number;
  let colleagueAccount: { id: number; email: string };
  let ticketId = 0;

  beforeAll(async () => {
    t = await createTestApp();
    browser = await launchChromium();
    support = await t.department('Поддръжка');
    billing = await t.department('Billing');
    const me = (await t.admin.get('/api/v1/auth/session')).body.agent;
    await t.admin.patch(`/api/v1/agents/${me.id}`, { departmentIds: [support, billing] });
    colleagueAccount = await t.agent({ name: 'Nora Colleague', departmentIds: [support] });
    // The administrator's browser speaks English; they pick Bulgarian on the sign-in page.
    adminContext = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
    colleagueContext = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
    admin = await adminContext.newPage();
    colleague = await colleagueContext.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('signs in in Bulgarian and creates a ticket for a customer', async () => {
    await admin.goto(`${t.baseUrl}/sign-in`);
    await expect.poll(() => admin.locator('h1').textContent()).toBe(en('signIn.title'));
    await admin.getByLabel(en('language.label')).selectOption('bg');
    await expect.poll(() => admin.locator('h1').textContent()).toBe(bg('signIn.title'));
    await signIn(admin, bg, ADMIN.email, ADMIN.password);
    await expect.poll(() => admin.locator('.tabs__live').textContent()).toBe(bg('console.live'));
    // The language picked on the sign-in page is now the administrator's own.
    await expect.poll(async () => (await t.admin.get('/api/v1/auth/session')).body.agent.locale).toBe('bg');

    await admin.getByRole('link', { name: bg('console.newTicket') }).click();
    await field(admin, bg('newTicket.email')).fill('ivan.petrov@example.bg');
    await field(admin, bg('newTicket.name')).fill('Иван Петров');
    await field(admin, bg('newTicket.department')).selectOption({ label: 'Поддръжка' });
    await field(admin, bg('newTicket.subject')).fill('Принтерът не печата');
    // A phone call: the message is the customer's request, recorded (writing to the customer is the default).
    await admin.getByText(bg('newTicket.fromCustomer'), { exact: true }).click();
    await field(admin, bg('newTicket.customerMessage')).fill('Здравейте, от вчера принтерът в офиса не печата.');
    await admin.screenshot({ path: screenshotPath('new-ticket-bg') });
    await expectAccessible(admin, 'new ticket');
    await admin.getByRole('button', { name: bg('newTicket.create'), exact: true }).click();
    await admin.waitForURL(/\/tickets\/\d+$/);
    ticketId = Number(new URL(admin.url()).pathname.split('/').at(-1));
    await expect.poll(() => admin.locator('h1').textContent()).toBe('Принтерът не печата');
    const stored = (await t.admin.get(`/api/v1/tickets/${ticketId}`)).body;
    expect(stored.ticket).toMatchObject({ status: 'new', departmentId: support, contact: { email: 'ivan.petrov@example.bg', name: 'Иван Петров' } });
  });

  it('replies and adds an internal note, which reads as agents-only and has no way to edit or delete it', async () => {
    const composer = admin.locator('form.composer');
    await composer.getByRole('textbox', { name: bg('tickets.composer.replyBody') }).fill('Здравейте, Иван! Проверяваме.');
    await composer.getByRole('button', { name: bg('tickets.composer.send'), exact: true }).click();
    await expect.poll(() => admin.locator('[data-kind="agent_reply"]').count()).toBe(1);
    await expect.poll(async () => (await t.admin.get(`/api/v1/tickets/${ticketId}`)).body.ticket.status).toBe('answered');

    await composer.getByText(bg('tickets.composer.note'), { exact: true }).click();
    await composer.getByRole('textbox', { name: bg('tickets.composer.noteBody') }).fill('Клиентът е VIP, да се обърне внимание.');
    await composer.getByRole('button', { name: bg('tickets.composer.addNote'), exact: true }).click();
    const note = admin.locator('[data-kind="internal_note"]');
    await expect.poll(() => note.count()).toBe(1);
    expect(await note.textContent()).toContain(bg('tickets.thread.internalNote'));
    // No edit, no delete: an internal note offers no control at all.
    expect(await note.locator('button, [contenteditable], input, textarea').count()).toBe(0);
    await admin.screenshot({ path: screenshotPath('ticket-bg') });
    await expectAccessible(admin, 'ticket');
  });

  it('shows the change live to a second agent, who sees who is viewing and transfers the ticket with a note', async () => {
    await colleague.goto(`${t.baseUrl}/sign-in`);
    await signIn(colleague, en, colleagueAccount.email, 'agent password 123');
    const row = colleague.locator(`[data-ticket="${ticketId}"]`);
    await expect.poll(() => row.count()).toBe(1);
    await colleague.screenshot({ path: screenshotPath('list-en') });
    await expectAccessible(colleague, 'ticket list');
    await row.getByRole('link').click();
    await colleague.waitForURL(new RegExp(`/tickets/${ticketId}$`));
    await expect.poll(() => colleague.locator('[data-kind="internal_note"]').count()).toBe(1);

    // Each sees the other viewing.
    await expect.poll(() => admin.locator('.viewers').textContent()).toContain('Nora Colleague');
    await expect.poll(() => colleague.locator('.viewers').textContent()).toContain(ADMIN.name);

    // A note written by the administrator appears for the colleague without a reload.
    const composer = admin.locator('form.composer');
    await composer.getByRole('textbox', { name: bg('tickets.composer.noteBody') }).fill('Гаранцията е валидна до 2027.');
    await composer.getByRole('button', { name: bg('tickets.composer.addNote'), exact: true }).click();
    await expect.poll(() => colleague.locator('[data-kind="internal_note"]').count()).toBe(2);

    // Typing shows as "writing a reply" to the other viewer.
    await colleague.locator('form.composer textarea').pressSequentially('Hello Ivan');
    await expect.poll(() => admin.locator('.viewers').textContent()).toContain(bg('tickets.collision.typing', { names: 'Nora Colleague' }, 1));

    await colleague.getByRole('button', { name: en('tickets.actions.transfer'), exact: true }).click();
    const dialog = colleague.getByRole('dialog');
    await field(dialog, en('tickets.transfer.department')).selectOption({ label: 'Billing' });
    await field(dialog, en('tickets.transfer.note')).fill('Please check the invoice first.');
    await dialog.getByRole('button', { name: en('tickets.transfer.submit'), exact: true }).click();
    // The administrator, still viewing, sees the transfer and its note arrive.
    await expect.poll(() => admin.locator('[data-kind="system_event"]').allTextContents()).toContainEqual(expect.stringContaining('Billing'));
    await expect.poll(() => admin.locator('[data-kind="internal_note"]').allTextContents()).toContainEqual(expect.stringContaining('Please check the invoice first.'));
    expect((await t.admin.get(`/api/v1/tickets/${ticketId}`)).body.ticket.departmentId).toBe(billing);
    // The colleague (Support only) lost sight of it.
    await expect.poll(() => colleague.locator('.empty-state').textContent()).toContain(en('tickets.view.movedTitle'));
    expect(await colleague.locator('[data-kind]').count()).toBe(0);
  });

  it('"To solve" takes the longest-waiting ticket; postpone, resolve, and a customer message reopens', async () => {
    const older = await t.admin.post('/api/v1/tickets', { subject: 'Фактура за октомври', message: 'Къде е фактурата?', contact: { email: 'maria@example.bg' }, departmentId: support });
    const newer = await t.admin.post('/api/v1/tickets', { subject: 'Нова парола', message: 'Забравих паролата си.', contact: { email: 'georgi@example.bg' }, departmentId: support });
    expect(newer.status).toBe(201);
    await admin.getByRole('button', { name: bg('console.toSolve'), exact: true }).click();
    await admin.waitForURL(new RegExp(`/tickets/${older.body.ticket.id}$`));
    await expect.poll(() => admin.locator('h1').textContent()).toBe('Фактура за октомври');

    await admin.getByRole('button', { name: bg('tickets.actions.postpone'), exact: true }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByRole('button', { name: bg('tickets.postpone.inOneHour'), exact: true }).click();
    await dialog.getByRole('button', { name: bg('tickets.postpone.submit'), exact: true }).click();
    await expect.poll(() => admin.locator('.head .badge[data-status]').first().textContent()).toBe(bg('status.postponed'));

    await admin.locator(`[data-ticket-tab="${ticketId}"] a`).click();
    await admin.getByRole('button', { name: bg('tickets.actions.resolve'), exact: true }).click();
    await expect.poll(() => admin.locator('.head .badge[data-status]').first().textContent()).toBe(bg('status.resolved'));
    const message = await t.admin.post(`/api/v1/tickets/${ticketId}/customer-messages`, { body: 'Пак не работи.' });
    expect(message.status).toBe(201);
    await expect.poll(() => admin.locator('.head .badge[data-status]').first().textContent()).toBe(bg('status.open'));
    await expect.poll(() => admin.locator('[data-kind="customer_message"]').count()).toBe(2);
  });

  it('edits the customer, links a company, and keeps editable notes about both', async () => {
    const panel = admin.locator('section.contact');
    await panel.getByRole('button', { name: bg('tickets.contact.edit'), exact: true }).click();
    await field(panel, bg('tickets.contact.phones')).fill('+359 88 123 4567');
    await field(panel, bg('tickets.contact.company')).fill('Печатница ЕООД');
    await panel.getByRole('button', { name: bg('common.save'), exact: true }).click();
    await expect.poll(() => panel.locator('dl').textContent()).toContain('Печатница ЕООД');
    expect(await panel.locator('dl').textContent()).toContain('+359 88 123 4567');

    const addNote = panel.getByRole('button', { name: bg('notes.add'), exact: true });
    await addNote.first().click();
    await panel.locator('textarea').fill('Предпочита телефон.');
    await panel.getByRole('button', { name: bg('common.save'), exact: true }).click();
    await expect.poll(() => panel.locator('.note__body').allTextContents()).toEqual(['Предпочита телефон.']);
    // Contact notes, unlike internal notes, are edited in place.
    await panel.getByRole('button', { name: bg('notes.edit'), exact: true }).click();
    await panel.locator('textarea').fill('Предпочита телефон след 10 ч.');
    await panel.getByRole('button', { name: bg('common.save'), exact: true }).click();
    await expect.poll(() => panel.locator('.note__body').allTextContents()).toEqual(['Предпочита телефон след 10 ч.']);
    // The company's notes sit under their own heading, with their own "add".
    expect(await panel.locator('h3').allTextContents()).toContain(bg('tickets.contact.companyNotes', { company: 'Печатница ЕООД' }));
    await addNote.last().click();
    await panel.locator('textarea').fill('Договор за поддръжка до 2027.');
    await panel.getByRole('button', { name: bg('common.save'), exact: true }).click();
    await expect.poll(() => panel.locator('.note__body').allTextContents()).toEqual(['Предпочита телефон след 10 ч.', 'Договор за поддръжка до 2027.']);
    const contactId = (await t.admin.get(`/api/v1/tickets/${ticketId}`)).body.ticket.contact.id;
    const contact = (await t.admin.get(`/api/v1/contacts/${contactId}`)).body;
    expect(contact.phones).toEqual(['+359 88 123 4567']);
    expect((await t.admin.get(`/api/v1/companies/${contact.companyId}`)).body.name).toBe('Печатница ЕООД');
    expect((await t.admin.get(`/api/v1/companies/${contact.companyId}/notes`)).body.items.map((n: { body: string }) => n.body)).toEqual(['Договор за поддръжка до 2027.']);
    expect((await t.admin.get(`/api/v1/contacts/${contactId}/notes`)).body.items.map((n: { body: string }) => n.body)).toEqual(['Предпочита телефон след 10 ч.']);
  });

  it('shows the departments and the administration, in Bulgarian and in English', async () => {
    for (const [locale, m] of [['bg', bg], ['en', en]] as const) {
      if (locale === 'en') {
        await admin.getByLabel(bg('language.label')).selectOption('en');
        await expect.poll(() => admin.locator('html').getAttribute('lang')).toBe('en');
      }
      await admin.getByRole('link', { name: m('console.tickets'), exact: true }).click();
      await expect.poll(() => admin.locator('[data-ticket]').count()).toBeGreaterThan(1);
      await admin.screenshot({ path: screenshotPath(`list-${locale}`) });
      await admin.locator(`[data-ticket-tab="${ticketId}"] a`).click();
      await expect.poll(() => admin.locator('[data-kind="internal_note"]').count()).toBeGreaterThan(1);
      await admin.screenshot({ path: screenshotPath(`ticket-${locale}`) });
      await admin.getByRole('link', { name: m('console.newTicket') }).click();
      await admin.screenshot({ path: screenshotPath(`new-ticket-${locale}`) });
      await admin.getByRole('link', { name: m('console.departments') }).click();
      await expect.poll(() => admin.locator('[data-department]').count()).toBe(2);
      await admin.screenshot({ path: screenshotPath(`departments-${locale}`) });
      await expectAccessible(admin, `departments (${locale})`);
      await admin.getByRole('link', { name: m('console.administration') }).click();
      await expect.poll(() => admin.locator('main').textContent()).toContain('Nora Colleague');
      await admin.screenshot({ path: screenshotPath(`administration-${locale}`) });
      await expectAccessible(admin, `administration (${locale})`);
    }
  });
});
