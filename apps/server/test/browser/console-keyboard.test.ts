import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAccessibilityViolations } from '../helpers/axe.js';
import { hasChromium, launchChromium } from '../helpers/browser.js';
import { consoleMessages } from '../helpers/console-messages.js';
import { createTestApp, type TestApp } from '../helpers/create-test-app.js';

const el = consoleMessages('el');

interface Focused {
  tag: string;
  text: string;
  label: string;
  outline: string;
}

/** Presses Tab until the focused element reads `name` (its text, label or aria-label); fails after 60 presses. */
async function tabTo(page: Page, name: string): Promise<Focused> {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate((): Focused => {
      const doc = (globalThis as unknown as { document: { activeElement: any }; getComputedStyle(e: unknown): { outlineStyle: string } }).document;
      const active = doc.activeElement;
      const labels = active?.labels ? [...active.labels].map((l: { textContent: string }) => l.textContent.trim()) : [];
      return {
        tag: active?.tagName ?? '',
        text: (active?.textContent ?? '').trim(),
        label: [active?.getAttribute('aria-label') ?? '', ...labels].join(' ').trim(),
        outline: (globalThis as unknown as { getComputedStyle(e: unknown): { outlineStyle: string } }).getComputedStyle(active).outlineStyle,
      };
    });
    if (focused.text === name || focused.label.startsWith(name)) return focused;
  }
  throw new Error(`"${name}" is not reachable with Tab`);
}

/** The main flow by keyboard alone, in Greek, and the alert an agent gets when a ticket is assigned to them. */
describe.skipIf(!hasChromium)('console: keyboard only, and assignment alerts [chromium]', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let agent: { id: number; email: string };
  let department: number;

  beforeAll(async () => {
    t = await createTestApp();
    browser = await launchChromium();
    department = await t.department('Υποστήριξη');
    agent = await t.agent({ name: 'Νίκος Παπαδόπουλος', departmentIds: [department] });
    // Nikos works in Greek: signing in brings his own language along.
    await t.admin.patch(`/api/v1/agents/${agent.id}`, { locale: 'el' });
    await t.admin.post('/api/v1/tickets', { subject: 'Δεν λειτουργεί το email', message: 'Βοήθεια!', contact: { email: 'maria@example.gr' }, departmentId: department });
    page = await (await browser.newContext({ locale: 'el-GR' })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('signs in, takes the next ticket with "To solve" and replies, by keyboard alone with visible focus', async () => {
    await page.goto(`${t.baseUrl}/sign-in`);
    await tabTo(page, el('signIn.email'));
    await page.keyboard.type(agent.email);
    await tabTo(page, el('signIn.password'));
    await page.keyboard.type('agent password 123');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/tickets$/);

    const toSolve = await tabTo(page, el('console.toSolve'));
    expect(toSolve.outline).not.toBe('none');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/tickets\/\d+$/);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Δεν λειτουργεί το email');

    const composer = await tabTo(page, el('tickets.composer.replyBody'));
    expect(composer.tag).toBe('TEXTAREA');
    await page.keyboard.type('Καλησπέρα, το ελέγχουμε.');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.locator('[data-kind="agent_reply"]').textContent()).toContain('Καλησπέρα, το ελέγχουμε.');
  });

  it('rings and counts in the tab title when someone else assigns a ticket, until it is opened', async () => {
    await page.getByRole('link', { name: el('console.tickets'), exact: true }).click();
    const created = await t.admin.post('/api/v1/tickets', { subject: 'Επιστροφή χρημάτων', message: 'Θέλω επιστροφή.', contact: { email: 'kostas@example.gr' }, departmentId: department });
    await t.admin.post(`/api/v1/tickets/${created.body.ticket.id}/assign`, { agentId: agent.id });
    await expect.poll(() => page.title()).toBe(`(1) ${el('app.name')}`);
    await page.locator(`[data-ticket-tab="${created.body.ticket.id}"] a, [data-ticket="${created.body.ticket.id}"] a`).first().click();
    await expect.poll(() => page.title()).toBe(el('app.name'));
  });

  it('has an accessibility check that can fail', async () => {
    const bare = await browser.newPage();
    await bare.setContent('<html lang="en"><head><title>Bare</title></head><body><main><img src="data:,"><button></button></main></body></html>');
    const found = (await seriousAccessibilityViolations(bare)).map((v) => v.id).sort();
    expect(found).toEqual(['button-name', 'image-alt']);
    await bare.close();
  });
});
