import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestRawMail } from '../../src/modules/email/ingest-mail.js';
import { SatisfactionSurvey } from '../../src/modules/satisfaction/satisfaction.entity.js';
import { seriousAccessibilityViolations } from '../helpers/axe.js';
import { hasChromium, launchChromium, screenshotPath } from '../helpers/browser.js';
import { consoleMessages } from '../helpers/console-messages.js';
import { ADMIN, createTestApp, type TestApp } from '../helpers/create-test-app.js';

const lv = consoleMessages('lv');

/**
 * In Latvian: an administrator sets the satisfaction survey up (a bad rating reopens the ticket and tells its
 * agent), a customer rates a resolved ticket bad through their survey's token, and the administrator, who is
 * the ticket's agent, is told at once, sees the ticket reopened, the rating and comment beside it and the line
 * on its thread.
 */
describe.skipIf(!hasChromium)('customer satisfaction in the console [chromium]', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let ticketId: number;

  beforeAll(async () => {
    t = await createTestApp({});
    const me = (await t.admin.get('/api/v1/auth/session')).body.agent;
    await t.admin.patch(`/api/v1/agents/${me.id}`, { locale: 'lv' });
    const support = await t.department('Atbalsts');
    const letter = Buffer.from(
      ['From: Anna <anna@klients.lv>', 'To: help@parley.example', 'Subject: Rēķins nav pareizs', `Message-ID: <csat-console-${process.pid}@klients.lv>`, 'Content-Type: text/plain; charset=utf-8', '', 'Lūdzu, palīdziet.', ''].join('\r\n'),
    );
    const outcome = await ingestRawMail(t.app.context, letter, { source: 'test', departmentId: support, ownAddresses: [] });
    if (outcome.result !== 'created') throw new Error('expected a ticket');
    ticketId = outcome.ticketId;
    await t.admin.post(`/api/v1/tickets/${ticketId}/transfer`, { agentId: me.id });
    expect((await t.admin.post(`/api/v1/tickets/${ticketId}/replies`, { body: 'Izlabojām.' })).status).toBe(201);
    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'lv-LV', viewport: { width: 1440, height: 1100 } })).newPage();
    await page.goto(`${t.baseUrl}/sign-in`);
    await page.getByLabel(lv('signIn.email')).fill(ADMIN.email);
    await page.getByLabel(lv('signIn.password'), { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: lv('signIn.submit'), exact: true }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('sets the survey up in administration', async () => {
    await page.goto(`${t.baseUrl}/admin/satisfaction`);
    await expect.poll(() => page.getByRole('heading', { name: lv('satisfaction.title') }).isVisible()).toBe(true);
    const enabled = page.getByLabel(lv('satisfaction.enabled'));
    expect(await enabled.isChecked()).toBe(true);
    await page.getByLabel(lv('satisfaction.reopenOnBad')).check();
    await page.getByLabel(lv('satisfaction.locale')).selectOption('lv');
    await page.getByRole('button', { name: lv('admin.actions.save') }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: lv('satisfaction.saved') }).count()).toBe(1);
    expect(await t.admin.get('/api/v1/settings/satisfaction').then((r) => r.body)).toEqual({ enabled: true, locale: 'lv', reopenOnBad: true, notifyOnBad: true });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('console-satisfaction-settings-lv') });
  });

  it('shows a bad rating as it arrives: the notice, the reopened ticket, the rating beside it and on its thread', async () => {
    expect((await t.admin.post(`/api/v1/tickets/${ticketId}/resolve`)).status).toBe(200);
    await page.goto(`${t.baseUrl}/tickets/${ticketId}`);
    const panel = page.getByRole('region', { name: lv('satisfaction.ticket.title') });
    await expect.poll(() => panel.textContent()).toContain(lv('satisfaction.ticket.notSent'));
    // The console's live connection is up (it is told of the rating only while connected).
    await page.locator('.tabs__live[data-live="true"]').waitFor();

    // The customer answers with their survey's token (its letter waits for a mail server; the token is what its link carries).
    const survey = await t.app.orm.em.fork().findOneOrFail(SatisfactionSurvey, { ticket: ticketId });
    const token = t.app.context.ratingLinks.token(survey.id);
    expect((await t.client().post('/api/v1/satisfaction/ratings', { token, rating: 'bad', comment: 'Joprojām nav labi.' })).status).toBe(201);

    const notice = page.locator('[data-bad-rating]');
    await expect.poll(() => notice.textContent()).toContain(lv('satisfaction.notice.itemComment', { subject: 'Rēķins nav pareizs', comment: 'Joprojām nav labi.' }));
    await expect.poll(() => panel.textContent()).toContain(lv('satisfaction.ticket.bad'));
    expect(await panel.textContent()).toContain('Joprojām nav labi.');
    await expect.poll(() => page.getByText(lv('satisfaction.events.ratedBadComment', { comment: 'Joprojām nav labi.' })).count()).toBe(1);
    expect((await t.admin.get(`/api/v1/tickets/${ticketId}`)).body.ticket.status).toBe('open');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('console-satisfaction-ticket-lv') });
  });
});
