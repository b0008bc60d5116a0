import { portalWords } from '@parley/domain';
import type { TicketDetailDto } from '@parley/protocol';
import { simpleParser } from 'mailparser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestRawMail } from '../../src/modules/email/ingest-mail.js';
import { seriousAccessibilityViolations } from '../helpers/axe.js';
import { hasChromium, launchChromium, screenshotPath } from '../helpers/browser.js';
import { createTestApp, type TestApp } from '../helpers/create-test-app.js';
import { freePort, startSmtpReceiver } from '../helpers/smtp-receiver.js';
import { type AgentClientSocket, connectAgent, recordEvents } from '../helpers/sockets.js';

const CUSTOMER = 'laura@customer.example';
const lv = portalWords('lv');
const el = portalWords('el');

/**
 * The customer portal in Chromium at phone width: a customer whose email an agent answered (and resolved) asks
 * for a sign-in link on /portal in Latvian (her browser's language), takes it from the letter the real SMTP
 * receiver got, reads the agent's reply and answers it with a file; the agents hear the reply and the ticket is
 * open again. The same pages in Greek, switched on the page.
 */
describe.skipIf(!hasChromium)('customer portal in the browser [chromium]', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let browser: Browser;
  let page: Page;
  let agentSocket: AgentClientSocket;
  let agentEvents: ReturnType<typeof recordEvents>;
  let ticketId: number;

  /** The link of the newest sign-in letter to the customer, once the outbox has sent it to the receiver. */
  async function signInLink(count: number): Promise<string> {
    const letters = () => smtp.mails.filter((mail) => mail.to.includes(CUSTOMER) && /portal\/sign-in\//.test(mail.raw));
    for (let waited = 0; letters().length < count; waited += 50) {
      if (waited > 10_000) throw new Error('no sign-in letter');
      await t.app.context.outbox.deliverDue();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const text = (await simpleParser(letters()[count - 1]!.raw)).text ?? '';
    const link = /https?:\/\/\S+\/portal\/sign-in\/\S+/.exec(text)?.[0];
    if (!link) throw new Error(`no link in the letter: ${text}`);
    const url = new URL(link);
    return `${t.baseUrl}${url.pathname}${url.search}`;
  }

  async function expectAccessible(what: string): Promise<void> {
    const violations = await seriousAccessibilityViolations(page);
    expect(violations, `${what}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
  }

  /** The page is no wider than the phone: nothing to scroll sideways. */
  async function expectFitsPhone(): Promise<void> {
    expect(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  }

  beforeAll(async () => {
    const port = await freePort();
    smtp = await startSmtpReceiver(port);
    t = await createTestApp({ env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Parley <help@parley.test>' } });
    const support = await t.department('Support');
    const letter = ['From: Laura Ozola <laura@customer.example>', 'To: help@parley.example', 'Subject: Rēķins nav pienācis', `Message-ID: <portal-browser-${process.pid}@customer.example>`, 'Content-Type: text/plain; charset=utf-8', '', 'Labdien! Rēķins par novembri nav pienācis.', ''].join('\r\n');
    const ingested = await ingestRawMail(t.app.context, Buffer.from(letter), { source: 'test', departmentId: support, ownAddresses: [] });
    if (ingested.result !== 'created') throw new Error('expected a new ticket');
    ticketId = ingested.ticketId;
    expect((await t.admin.post(`/api/v1/tickets/${ticketId}/replies`, { body: 'Rēķins ir nosūtīts vēlreiz uz jūsu adresi.' })).status).toBe(201);
    expect((await t.admin.post(`/api/v1/tickets/${ticketId}/resolve`)).status).toBe(200);
    agentSocket = await connectAgent(t.baseUrl, { http: t.admin });
    agentEvents = recordEvents(agentSocket);
    browser = await launchChromium();
    // bypassCSP: the portal's policy (no script at all) would refuse axe's script tag.
    page = await (await browser.newContext({ locale: 'lv-LV', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, bypassCSP: true })).newPage();
  });
  afterAll(async () => {
    agentSocket?.close();
    await browser?.close();
    await t?.close();
    await smtp?.close();
  });

  it('signs in from the emailed link, reads the agent\'s reply and answers it with a file, which reopens the ticket', async () => {
    await page.goto(`${t.baseUrl}/portal`);
    expect(await page.locator('html').getAttribute('lang')).toBe('lv');
    await page.getByLabel(lv.emailLabel).fill(CUSTOMER);
    await expectAccessible('sign-in page');
    await page.getByRole('button', { name: lv.sendLink }).click();
    await page.getByText(lv.linkSent).waitFor();

    // The link from the letter opens a page with one button (a mail scanner's visit does not use it up).
    await page.goto(await signInLink(1));
    await page.getByRole('button', { name: lv.signInTitle }).click();
    await page.waitForURL(/\/portal\/tickets/);
    await page.getByRole('link', { name: /Rēķins nav pienācis/ }).click();
    await page.waitForURL(new RegExp(`/portal/tickets/${ticketId}$`));
    await page.getByText('Rēķins ir nosūtīts vēlreiz uz jūsu adresi.').waitFor();
    expect(await page.getByText(lv.status.resolved).count()).toBeGreaterThan(0);
    await expectFitsPhone();
    await expectAccessible('ticket page');

    await page.getByLabel(lv.messageLabel).fill('Paldies, bet rēķins joprojām nav atnācis. Pielieku ekrānuzņēmumu.');
    await page.locator('input[type="file"]').setInputFiles({ name: 'pasts.txt', mimeType: 'text/plain', buffer: Buffer.from('Iesūtne: nekā nav') });
    await page.screenshot({ path: screenshotPath('portal-ticket-lv'), fullPage: true });
    await page.getByRole('button', { name: lv.sendReply }).click();
    await page.waitForURL(/\?sent=1$/);
    await page.getByText(lv.replySent).waitFor();
    await expectAccessible('ticket page after the reply');

    // The agents hear the reply at once, with its file, and the resolved ticket is open again.
    const item = await agentEvents.waitFor('thread:item_created', (p) => p.ticketId === ticketId && p.kind === 'customer_message', 10_000);
    expect(item.body).toContain('rēķins joprojām nav atnācis');
    expect(item.attachments.map((a: { filename: string }) => a.filename)).toEqual(['pasts.txt']);
    await agentEvents.waitFor('ticket:updated', (p) => p.id === ticketId && p.status === 'open', 10_000);
    const detail = (await t.admin.get<TicketDetailDto>(`/api/v1/tickets/${ticketId}`)).body;
    expect(detail.ticket.status).toBe('open');
    const file = item.attachments[0] as { id: string };
    const download = await t.admin.get(`/api/v1/attachments/${file.id}`);
    expect(download.status).toBe(200);
  }, 60_000);

  it('switches to Greek on the page, and stays readable and accessible at phone width', async () => {
    await page.goto(`${t.baseUrl}/portal/tickets/${ticketId}?lang=el`);
    expect(await page.locator('html').getAttribute('lang')).toBe('el');
    await page.getByRole('button', { name: el.sendReply }).waitFor();
    await page.getByText('pasts.txt').waitFor();
    await expectFitsPhone();
    await expectAccessible('ticket page in Greek');
    await page.screenshot({ path: screenshotPath('portal-ticket-el'), fullPage: true });
    // The choice is remembered: the list of requests is Greek too.
    await page.getByRole('link', { name: el.allRequests }).click();
    await page.getByRole('heading', { name: el.myRequests }).waitFor();
    await expectAccessible('requests in Greek');
    await page.screenshot({ path: screenshotPath('portal-requests-el'), fullPage: true });
  }, 60_000);
});
