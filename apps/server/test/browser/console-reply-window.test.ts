import { simpleParser } from 'mailparser';
import type { Browser, Dialog, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAccessibilityViolations } from '../helpers/axe.js';
import { hasChromium, launchChromium, screenshotPath } from '../helpers/browser.js';
import { consoleMessages } from '../helpers/console-messages.js';
import { ADMIN, createTestApp, type TestApp } from '../helpers/create-test-app.js';
import { freePort, type ReceivedMail, startSmtpReceiver } from '../helpers/smtp-receiver.js';

const uk = consoleMessages('uk');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function mailMatching(mails: readonly ReceivedMail[], match: (raw: string) => boolean, timeoutMs = 10_000): Promise<ReceivedMail> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const found = mails.find((m) => match(m.raw));
    if (found) return found;
    await pause(25);
  }
  throw new Error('timed out waiting for a mail');
}

/** The form control whose label starts with this text. */
function field(scope: Page | Locator, label: string): Locator {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return scope.locator('label', { hasText: new RegExp(`^\\s*${escaped}`) }).locator('select, input, textarea').first();
}

/**
 * The working guide's reply window (LiveAgent's contact-centre guide, in Ukrainian as it was written), in a
 * real Chromium with a real SMTP receiver: a new ticket that writes to the customer, then a reply whose
 * recipient and subject the agent edits, started from the agent's template, and drafts discarded.
 */
describe.skipIf(!hasChromium)('console: the reply window [chromium]', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let browser: Browser;
  let page: Page;
  let ticketId = 0;
  /** What the next confirm() answers; every dialog's message is kept. */
  let confirmAnswer = true;
  const dialogs: string[] = [];

  beforeAll(async () => {
    const port = await freePort();
    smtp = await startSmtpReceiver(port);
    t = await createTestApp({ env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Parley Help <help@parley.example>' } });
    const support = await t.department('Підтримка');
    const me = (await t.admin.get('/api/v1/auth/session')).body.agent;
    await t.admin.patch(`/api/v1/agents/${me.id}`, { departmentIds: [support], locale: 'uk' });
    await t.admin.patch('/api/v1/me', { locale: 'uk' });
    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'uk-UA', viewport: { width: 1440, height: 900 } })).newPage();
    page.on('dialog', (dialog: Dialog) => {
      dialogs.push(dialog.message());
      void (confirmAnswer ? dialog.accept() : dialog.dismiss());
    });
    await page.goto(`${t.baseUrl}/sign-in`);
    await page.getByLabel(uk('signIn.email')).fill(ADMIN.email);
    await page.getByLabel(uk('signIn.password'), { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: uk('signIn.submit'), exact: true }).click();
    await page.waitForURL(/\/tickets/);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await smtp?.close();
  });

  it('sets the agent’s own reply template on the account page', async () => {
    await page.goto(`${t.baseUrl}/account`);
    await field(page, uk('replyTemplate.label')).fill('Добрий день, {{contact.firstName}}!\n{{cursor}}\nЗ повагою,\n{{agent.name}}');
    await page.getByRole('button', { name: uk('replyTemplate.save'), exact: true }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: uk('replyTemplate.saved') }).count()).toBe(1);
    expect((await t.admin.get('/api/v1/me/reply-template')).body.template).toContain('{{cursor}}');
  });

  it('creates a new ticket that writes to the customer: our letter goes out with the ticket subject', async () => {
    await page.getByRole('link', { name: uk('console.newTicket') }).click();
    const form = page.locator('form.new-ticket__form');
    // Writing to the customer is the default.
    expect(await form.getByRole('radio', { name: new RegExp(uk('newTicket.fromAgent')) }).isChecked()).toBe(true);
    await field(form, uk('newTicket.email')).fill('olena@customer.example');
    await field(form, uk('newTicket.name')).fill('Олена Коваль');
    await field(form, uk('newTicket.letterSubject')).fill('Замовлення 4711');
    await field(form, uk('newTicket.priority')).selectOption({ label: uk('tickets.priorities.high') });
    await field(form, uk('newTicket.tags')).fill('замовлення, доставка');
    await field(form, uk('newTicket.messageToCustomer')).fill('FIRST-LETTER Ваше замовлення відправлено.');
    await field(form, uk('newTicket.cc')).fill('not-an-address, ');
    await page.getByRole('button', { name: uk('newTicket.createAndSend'), exact: true }).click();
    await page.getByText(uk('newTicket.invalidCc', { list: 'not-an-address' })).waitFor();
    await field(form, uk('newTicket.cc')).fill('boss@customer.example');
    await page.screenshot({ path: screenshotPath('new-ticket-outgoing-uk') });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: uk('newTicket.createAndSend'), exact: true }).click();
    await page.waitForURL(/\/tickets\/\d+$/);
    ticketId = Number(new URL(page.url()).pathname.split('/').at(-1));

    const stored = (await t.admin.get(`/api/v1/tickets/${ticketId}`)).body;
    expect(stored.ticket).toMatchObject({ status: 'answered', priority: 'high', tags: ['замовлення', 'доставка'], subject: 'Замовлення 4711', cc: ['boss@customer.example'] });
    expect(stored.thread.at(-1)).toMatchObject({ kind: 'agent_reply', body: 'FIRST-LETTER Ваше замовлення відправлено.' });
    const letter = await simpleParser((await mailMatching(smtp.mails, (raw) => raw.includes('FIRST-LETTER'))).raw);
    expect(letter.subject).toBe(`Замовлення 4711 [#${ticketId}]`);
    expect((letter.to as { value: { address: string }[] }).value.map((a) => a.address)).toEqual(['olena@customer.example']);
    expect((letter.cc as { value: { address: string }[] }).value.map((a) => a.address)).toEqual(['boss@customer.example']);
  });

  it('starts a reply from the template, and sends it to the recipient and with the subject the agent edited', async () => {
    const composer = page.locator('form.composer');
    const body = composer.getByRole('textbox', { name: uk('tickets.composer.replyBody') });
    await expect.poll(() => body.inputValue()).toBe('Добрий день, Олена!\n\nЗ повагою,\nAda Admin');
    // The recipient of a plain reply shows, and so does the letter's subject.
    expect(await field(composer, uk('tickets.composer.to')).inputValue()).toBe('olena@customer.example');
    expect(await field(composer, uk('tickets.composer.subject')).inputValue()).toBe('Re: Замовлення 4711');

    // The caret waits between the greeting and the signature.
    await body.focus();
    await page.keyboard.type('EDITED-REPLY Посилка вже в дорозі.');
    expect(await body.inputValue()).toBe('Добрий день, Олена!\nEDITED-REPLY Посилка вже в дорозі.\nЗ повагою,\nAda Admin');
    await field(composer, uk('tickets.composer.to')).fill('accounts@customer.example');
    await field(composer, uk('tickets.composer.subject')).fill('Посилка 4711 відправлена');
    await page.screenshot({ path: screenshotPath('reply-window-uk') });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await composer.getByRole('button', { name: uk('tickets.composer.send'), exact: true }).click();
    await expect.poll(() => page.locator('[data-kind="agent_reply"]').count()).toBe(2);

    const received = await mailMatching(smtp.mails, (raw) => raw.includes('EDITED-REPLY'));
    expect(received.to).toEqual(['accounts@customer.example']);
    const letter = await simpleParser(received.raw);
    expect(letter.subject).toBe(`Посилка 4711 відправлена [#${ticketId}]`);
    expect(letter.text).toContain('Добрий день, Олена!');
    // This letter's subject only: the ticket keeps its own.
    expect((await t.admin.get(`/api/v1/tickets/${ticketId}`)).body.ticket.subject).toBe('Замовлення 4711');
    // The next reply starts over: the template again, the usual recipient and subject.
    await expect.poll(() => body.inputValue()).toBe('Добрий день, Олена!\n\nЗ повагою,\nAda Admin');
    expect(await field(composer, uk('tickets.composer.to')).inputValue()).toBe('olena@customer.example');
    expect(await field(composer, uk('tickets.composer.subject')).inputValue()).toBe('Re: Замовлення 4711');
  });

  it('discards a reply or a note only after asking, and keeps it when the agent says no', async () => {
    const composer = page.locator('form.composer');
    const body = composer.getByRole('textbox', { name: uk('tickets.composer.replyBody') });
    const discard = composer.getByRole('button', { name: uk('tickets.composer.discard'), exact: true });
    await body.fill('DRAFT-TO-DISCARD');
    confirmAnswer = false;
    await discard.click();
    await expect.poll(() => dialogs.at(-1)).toBe(uk('tickets.composer.confirmDiscardReply'));
    expect(await body.inputValue()).toBe('DRAFT-TO-DISCARD');
    confirmAnswer = true;
    await discard.click();
    await expect.poll(() => body.inputValue()).toBe('Добрий день, Олена!\n\nЗ повагою,\nAda Admin');

    // Only the template: nothing of the agent's to lose, so no question.
    const asked = dialogs.length;
    await discard.click();
    await pause(200);
    expect(dialogs.length).toBe(asked);

    await composer.getByText(uk('tickets.composer.note'), { exact: true }).click();
    const note = composer.getByRole('textbox', { name: uk('tickets.composer.noteBody') });
    await note.fill('NOTE-TO-DISCARD');
    await discard.click();
    await expect.poll(() => dialogs.at(-1)).toBe(uk('tickets.composer.confirmDiscardNote'));
    await expect.poll(() => note.inputValue()).toBe('');
    const thread = (await t.admin.get(`/api/v1/tickets/${ticketId}`)).body.thread as { body: string }[];
    expect(thread.some((item) => /DISCARD/.test(item.body))).toBe(false);
  });
});
