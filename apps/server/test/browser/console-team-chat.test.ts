import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAccessibilityViolations } from '../helpers/axe.js';
import { hasChromium, launchChromium, screenshotPath } from '../helpers/browser.js';
import { consoleMessages } from '../helpers/console-messages.js';
import { createTestApp, type TestApp } from '../helpers/create-test-app.js';
import { connectAgent, emitWithAck } from '../helpers/sockets.js';

const en = consoleMessages('en');
const PASSWORD = 'agent password 123';

async function signIn(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel(en('signIn.email')).fill(email);
  await page.getByLabel(en('signIn.password'), { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: en('signIn.submit'), exact: true }).click();
  await page.waitForURL(/\/tickets/);
}

/** Two agents of one department talk in its channel, each in their own browser. */
describe.skipIf(!hasChromium)('console: team chat between two agents [chromium]', () => {
  let t: TestApp;
  let browser: Browser;
  let contexts: BrowserContext[] = [];
  let alice: Page;
  let bob: Page;
  let bobAccount: { id: number; email: string; http: TestApp['admin'] };
  let aliceAccount: { id: number; email: string; http: TestApp['admin'] };
  let ticketId: number;

  beforeAll(async () => {
    t = await createTestApp();
    browser = await launchChromium();
    const support = await t.department('Support');
    aliceAccount = await t.agent({ name: 'Alice Lane', departmentIds: [support] });
    bobAccount = await t.agent({ name: 'Bob Stone', departmentIds: [support] });
    ticketId = (await t.admin.post('/api/v1/tickets', { subject: 'Printer on fire', message: 'Help', contact: { email: 'team-chat@example.com' }, departmentId: support })).body.ticket.id;
    contexts = [
      await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } }),
      await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } }),
    ];
    alice = await contexts[0]!.newPage();
    bob = await contexts[1]!.newPage();
    await signIn(alice, t.baseUrl, aliceAccount.email);
    await signIn(bob, t.baseUrl, bobAccount.email);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('delivers a message live with its unread count, a mention, and a link that opens the ticket', async () => {
    const teamLink = (page: Page) => page.getByRole('navigation', { name: en('console.navigation') }).getByRole('link', { name: new RegExp(`^${en('team.nav')}`) });
    await teamLink(alice).click();
    await alice.waitForURL(/\/team$/);
    await alice.getByRole('link', { name: '# Support' }).click();
    await alice.waitForURL(/\/team\/\d+$/);
    const composer = alice.getByLabel(en('team.messageLabel', { name: 'Support' }));
    await composer.fill(`Could you look at #${ticketId}? `);
    await composer.pressSequentially('@Bo');
    await alice.getByRole('listbox', { name: en('team.mentionPicker') }).getByRole('option', { name: 'Bob Stone' }).waitFor();
    await composer.press('Enter');
    await expect.poll(() => composer.inputValue()).toBe(`Could you look at #${ticketId}? @Bob Stone `);
    await composer.press('Shift+Enter');
    await composer.pressSequentially('Thanks!');
    await composer.press('Enter');
    const aliceLog = alice.getByRole('log');
    await expect.poll(() => aliceLog.textContent()).toContain('Thanks!');
    await expect.poll(() => composer.inputValue()).toBe('');

    // Bob, on the ticket list, sees the count in the side navigation at once.
    await expect.poll(() => teamLink(bob).getAttribute('href')).toBe('/team');
    await expect.poll(() => teamLink(bob).locator(`[aria-label="${en('team.unread', {}, 1).replace('{count}', '1')}"]`).count()).toBe(1);
    await teamLink(bob).click();
    const supportLink = bob.getByRole('link', { name: /^# Support/ });
    await expect.poll(() => supportLink.textContent()).toContain('1');
    await supportLink.click();
    const bobLog = bob.getByRole('log');
    await expect.poll(() => bobLog.textContent()).toContain('@Bob Stone');
    await expect.poll(() => bobLog.textContent()).toContain('Thanks!');
    // Read now: the counts are gone.
    await expect.poll(() => teamLink(bob).locator('[aria-label]').count()).toBe(0);

    // The mention was stored for Bob, a member.
    const channelId = Number(/\/team\/(\d+)$/.exec(bob.url())![1]);
    const history = await t.admin.get(`/api/v1/team/conversations/${channelId}/messages`);
    expect(history.body.items[0].mentions).toEqual([bobAccount.id]);

    // Bob answers live; Alice sees it without reloading.
    const bobComposer = bob.getByLabel(en('team.messageLabel', { name: 'Support' }));
    await bobComposer.pressSequentially('On it.');
    // Alice sees Bob typing while he writes.
    await expect.poll(() => alice.locator('.team-pane__typing').textContent()).toBe(en('team.typing', { names: 'Bob Stone' }, 1));
    await bobComposer.press('Enter');
    await expect.poll(() => aliceLog.textContent()).toContain('On it.');

    await bob.screenshot({ path: screenshotPath('team-chat-en') });
    const violations = await seriousAccessibilityViolations(bob);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);

    await bobLog.getByRole('link', { name: `#${ticketId}` }).click();
    await bob.waitForURL(new RegExp(`/tickets/${ticketId}$`));
    await expect.poll(() => bob.getByRole('heading', { name: 'Printer on fire' }).count()).toBeGreaterThan(0);
  });

  it('scrolls up through the history page by page, and sends a file only the two agents can download', async () => {
    // A long direct conversation written from elsewhere (an integration on a socket).
    const direct = (await aliceAccount.http.post('/api/v1/team/direct', { agentId: bobAccount.id })).body;
    const socket = await connectAgent(t.baseUrl, { http: aliceAccount.http });
    try {
      for (let i = 1; i <= 70; i++) {
        const ack = await emitWithAck(socket, 'team:send', { conversationId: direct.id, clientId: `history-${i}-abcdef`, body: `History line ${i}` });
        expect(ack.ok).toBe(true);
      }
    } finally {
      socket.close();
    }
    await bob.goto(`${t.baseUrl}/team/${direct.id}`);
    const log = bob.getByRole('log');
    await expect.poll(() => log.textContent()).toContain('History line 70');
    expect(await log.textContent()).not.toContain('History line 20');
    // Scrolling to the top brings the earlier page in.
    await expect
      .poll(async () => {
        await log.evaluate((el) => el.scrollTo(0, 0));
        await log.dispatchEvent('scroll');
        return log.getByText('History line 1', { exact: true }).count();
      })
      .toBe(1);

    // A file through the attachment field, sent with the message.
    const composer = bob.getByLabel(en('team.messageLabel', { name: 'Alice Lane' }));
    await bob.getByLabel(en('tickets.attachments.add')).setInputFiles({ name: 'plan.txt', mimeType: 'text/plain', buffer: Buffer.from('the plan') });
    await expect.poll(() => bob.getByText('plan.txt').count()).toBeGreaterThan(0);
    await composer.fill('Here is the plan');
    await composer.press('Enter');
    const link = log.getByRole('link', { name: 'plan.txt' });
    await expect.poll(() => link.count()).toBe(1);
    const url = await link.getAttribute('href');
    expect((await aliceAccount.http.get(url!)).body).toBe('the plan');
    const stranger = await t.agent({ name: 'Sam Stranger' });
    expect((await stranger.http.get(url!)).status).toBe(404);
  });

  it('lets one agent create a channel and another join it from the list', async () => {
    await alice.goto(`${t.baseUrl}/team`);
    await alice.getByLabel(en('team.newChannel')).fill('Launch');
    await alice.getByRole('button', { name: en('team.createChannel') }).click();
    await alice.waitForURL(/\/team\/\d+$/);
    await expect.poll(() => alice.getByRole('heading', { name: '# Launch' }).count()).toBe(1);

    await bob.goto(`${t.baseUrl}/team`);
    await bob.getByRole('button', { name: en('team.joinNamed', { name: 'Launch' }) }).click();
    await bob.waitForURL(/\/team\/\d+$/);
    const composer = bob.getByLabel(en('team.messageLabel', { name: 'Launch' }));
    await composer.fill('Joined!');
    await composer.press('Enter');
    await expect.poll(() => alice.getByRole('log').textContent()).toContain('Joined!');
    await bob.screenshot({ path: screenshotPath('team-chat-channel-en') });
    const violations = await seriousAccessibilityViolations(bob);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
  });
});
