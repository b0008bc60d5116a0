import { simpleParser } from 'mailparser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestRawMail } from '../../src/modules/email/ingest-mail.js';
import { OutboxMail } from '../../src/modules/mail/outbox-mail.entity.js';
import { hasChromium, launchChromium, screenshotPath } from '../helpers/browser.js';
import { consoleMessages } from '../helpers/console-messages.js';
import { ADMIN, createTestApp, type TestApp } from '../helpers/create-test-app.js';
import { freePort, startSmtpReceiver } from '../helpers/smtp-receiver.js';

const ru = consoleMessages('ru');

/**
 * A reply whose letter the mail server never took: the console shows it failed, in Russian, and "send
 * again" delivers the same letter once the server is back; the state follows live.
 */
describe.skipIf(!hasChromium)('console: a failed emailed reply and its retry [chromium]', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let port: number;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>> | null = null;

  beforeAll(async () => {
    port = await freePort();
    // One attempt and the outbox gives up: production retries for hours.
    t = await createTestApp({ env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'help@parley.example' }, mailRetryPolicy: () => null });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await smtp?.close();
  });

  it('shows the failure with a Retry button that delivers the letter once the receiver is up', async () => {
    const department = await t.department('Поддержка');
    const agent = await t.agent({ name: 'Мария Иванова', departmentIds: [department] });
    await t.admin.patch(`/api/v1/agents/${agent.id}`, { locale: 'ru' });
    const raw = Buffer.from(
      ['From: Пётр <petr@example.ru>', 'To: help@parley.example', 'Subject: Не приходит счёт', `Message-ID: <browser-${Date.now()}@example.ru>`, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', 'Счёт за ноябрь не пришёл.', ''].join('\r\n'),
    );
    const filed = await ingestRawMail(t.app.context, raw, { source: 'test', departmentId: department, ownAddresses: ['help@parley.example'] });
    if (filed.result !== 'created') throw new Error('expected a new ticket');
    const reply = await agent.http.post(`/api/v1/tickets/${filed.ticketId}/replies`, { body: 'BROWSER-RETRY Счёт отправлен повторно.' });
    expect(reply.status).toBe(201);
    const em = t.app.orm.em.fork();
    await expect.poll(async () => (await em.fork().findOneOrFail(OutboxMail, { threadItemId: reply.body.id })).attempts, { timeout: 10_000 }).toBe(1);

    page = await (await browser.newContext({ locale: 'ru-RU', viewport: { width: 1280, height: 860 } })).newPage();
    await page.goto(`${t.baseUrl}/sign-in`);
    await page.getByLabel(ru('signIn.email')).fill(agent.email);
    await page.getByLabel(ru('signIn.password'), { exact: true }).fill('agent password 123');
    await page.getByRole('button', { name: ru('signIn.submit'), exact: true }).click();
    await page.waitForURL(/\/tickets$/);
    await page.goto(`${t.baseUrl}/tickets/${filed.ticketId}`);

    const entry = page.locator(`[data-item="${reply.body.id}"]`);
    await expect.poll(() => entry.locator('.delivery').getAttribute('data-delivery'), { timeout: 10_000 }).toBe('failed');
    expect(await entry.locator('.delivery__state').textContent()).toBe(ru('delivery.state.failed'));
    await page.screenshot({ path: screenshotPath('email-delivery-failed-ru') });

    smtp = await startSmtpReceiver(port);
    await entry.getByRole('button', { name: ru('delivery.retry'), exact: true }).click();
    const mail = await smtp.waitForMail();
    expect((await simpleParser(mail.raw)).text).toContain('BROWSER-RETRY Счёт отправлен повторно.');
    await expect.poll(() => entry.locator('.delivery').getAttribute('data-delivery'), { timeout: 10_000 }).toBe('sent');
    expect(await entry.locator('.delivery__state').textContent()).toBe(ru('delivery.state.sent'));
    expect(await entry.getByRole('button', { name: ru('delivery.retry') }).count()).toBe(0);
    expect(smtp.mails).toHaveLength(1);
  });
});

const uk = consoleMessages('uk');

/**
 * No mail server at all: the administrator is told outgoing email is not set up, a reply says it waits for
 * one (not "Reply sent."), and once a mailbox that sends is saved the letter goes and the reply says sent, live.
 */
describe.skipIf(!hasChromium)('console: a reply waiting for a mail server [chromium]', () => {
  let t: TestApp;
  let browser: Browser;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>> | null = null;

  beforeAll(async () => {
    t = await createTestApp();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await smtp?.close();
  });

  it('tells the administrator, marks the reply as waiting, and sends it once a mailbox can', async () => {
    const department = await t.department('Підтримка');
    await t.admin.patch(`/api/v1/agents/${(await t.admin.get('/api/v1/auth/session')).body.agent.id}`, { locale: 'uk', departmentIds: [department] });
    const raw = Buffer.from(
      ['From: Олена <olena@example.ua>', 'To: help@parley.example', 'Subject: Рахунок', `Message-ID: <waiting-${Date.now()}@example.ua>`, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', 'Де мій рахунок?', ''].join('\r\n'),
    );
    const filed = await ingestRawMail(t.app.context, raw, { source: 'test', departmentId: department, ownAddresses: ['help@parley.example'] });
    if (filed.result !== 'created') throw new Error('expected a new ticket');

    const page = await (await browser.newContext({ locale: 'uk-UA', viewport: { width: 1280, height: 860 } })).newPage();
    await page.goto(`${t.baseUrl}/sign-in`);
    await page.getByLabel(uk('signIn.email')).fill(ADMIN.email);
    await page.getByLabel(uk('signIn.password'), { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: uk('signIn.submit'), exact: true }).click();
    await page.waitForURL(/\/tickets$/);
    const notice = page.locator('[data-notice="outgoing-email"]');
    await expect.poll(() => notice.textContent(), { timeout: 10_000 }).toContain(uk('delivery.notConfigured'));

    await page.goto(`${t.baseUrl}/tickets/${filed.ticketId}`);
    await page.getByRole('textbox', { name: uk('tickets.composer.replyBody') }).fill('WAITING-REPLY Рахунок надіслано.');
    await page.getByRole('button', { name: uk('tickets.composer.send'), exact: true }).click();
    const entry = page.locator('[data-item]', { hasText: 'WAITING-REPLY' });
    await expect.poll(() => entry.locator('.delivery').getAttribute('data-delivery'), { timeout: 10_000 }).toBe('awaiting_server');
    expect(await entry.locator('.delivery__state').textContent()).toBe(uk('delivery.state.awaiting_server'));
    await expect.poll(() => page.getByRole('status').filter({ hasText: uk('delivery.replyWaiting') }).count()).toBe(1);
    expect(await page.getByRole('status').filter({ hasText: uk('tickets.composer.replySent') }).count()).toBe(0);
    await page.screenshot({ path: screenshotPath('email-delivery-awaiting-server-uk') });

    const port = await freePort();
    smtp = await startSmtpReceiver(port);
    const mailbox = await t.admin.post('/api/v1/mailboxes', { name: 'Підтримка', address: 'help@parley.example', departmentId: department, smtp: { host: '127.0.0.1', port, secure: false, user: null } });
    expect(mailbox.status).toBe(201);
    const mail = await smtp.waitForMail();
    expect((await simpleParser(mail.raw)).text).toContain('WAITING-REPLY Рахунок надіслано.');
    await expect.poll(() => entry.locator('.delivery').getAttribute('data-delivery'), { timeout: 10_000 }).toBe('sent');
    expect(await entry.locator('.delivery__state').textContent()).toBe(uk('delivery.state.sent'));
  });
});
