import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestRawMail, type MailSource } from '../../src/modules/email/ingest-mail.js';
import { seriousAccessibilityViolations } from '../helpers/axe.js';
import { hasChromium, launchChromium, screenshotPath } from '../helpers/browser.js';
import { consoleMessages } from '../helpers/console-messages.js';
import { corporaDir } from '../helpers/corpora.js';
import { ADMIN, createTestApp, type TestApp } from '../helpers/create-test-app.js';
import { htmlLetter, RED_DOT_PNG } from '../helpers/html-letter.js';

const en = consoleMessages('en');

/** The little of the DOM these checks read (the server's tests are compiled without the DOM library). */
interface FrameNode {
  readonly naturalWidth?: number;
  readonly offsetHeight?: number;
  hasAttribute(name: string): boolean;
  getAttribute(name: string): string | null;
}
interface FrameDocument {
  readonly readyState: string;
  readonly body: { readonly childElementCount: number } | null;
  readonly documentElement: { readonly scrollHeight: number };
  querySelector(selector: string): FrameNode | null;
}
type FrameElement = { readonly contentDocument: FrameDocument | null };
const corpora = corporaDir();

/**
 * Hostile letters in the console, in a real Chromium: every vector of the DOMPurify, H5SC and OWASP corpora
 * arrives as email and is shown; nothing may run (no dialog, no `window.pwned`), and nothing may reach a
 * canary server on this machine while remote images are blocked. Then an ordinary letter: its headers,
 * inline image, remote images on request, its quoted history folded, its original.
 */
describe.skipIf(!hasChromium || !corpora)('console: email letters, hostile and ordinary [chromium]', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let canary: Server;
  let canaryUrl: string;
  const canaryHits: string[] = [];
  const dialogs: string[] = [];
  let source: MailSource;

  beforeAll(async () => {
    canary = createServer((req, res) => {
      canaryHits.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' }).end(RED_DOT_PNG);
    });
    await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve));
    canaryUrl = `http://127.0.0.1:${(canary.address() as AddressInfo).port}`;
    t = await createTestApp();
    browser = await launchChromium();
    source = { source: 'test', departmentId: await t.department('Support'), ownAddresses: ['help@parley.example'] };
    page = await (await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } })).newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await page.goto(`${t.baseUrl}/sign-in`);
    await page.getByLabel(en('signIn.email')).fill(ADMIN.email);
    await page.getByLabel(en('signIn.password'), { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: en('signIn.submit'), exact: true }).click();
    await page.waitForURL(/\/tickets$/);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await new Promise((resolve) => canary?.close(resolve));
  });

  async function ingest(raw: Buffer): Promise<{ ticketId: number; itemId: number }> {
    const outcome = await ingestRawMail(t.app.context, raw, source);
    if (outcome.result !== 'created' && outcome.result !== 'appended') throw new Error(`not filed: ${JSON.stringify(outcome)}`);
    return { ticketId: outcome.ticketId, itemId: outcome.itemId };
  }

  /** Opens the ticket and waits until its letter's frame has loaded and been fitted. */
  async function openLetter(ticketId: number, itemId: number): Promise<void> {
    await page.goto(`${t.baseUrl}/tickets/${ticketId}`);
    const frame = page.locator(`[data-email-item="${itemId}"] iframe`);
    await frame.waitFor();
    await expect.poll(() => frame.evaluate((el) => (el as unknown as FrameElement).contentDocument?.readyState)).toBe('complete');
    await expect.poll(() => frame.evaluate((el) => (el as unknown as FrameElement).contentDocument?.body?.childElementCount ?? 0)).toBeGreaterThan(0);
    // Give event handlers, timers and meta refreshes in the vectors a moment to (not) fire.
    await page.waitForTimeout(1000);
  }

  /** Vectors that would run, load or navigate if anything slipped through: they mark `pwned` or hit the canary. */
  function canaryVectors(): string {
    return [
      '<script>window.pwned = "script"; parent.pwned = "script"</script>',
      '<img src="x" onerror="parent.pwned = \'onerror\'">',
      '<svg onload="parent.pwned = \'svg\'"></svg>',
      '<iframe src="javascript:parent.pwned = \'iframe\'"></iframe>',
      '<object data="javascript:parent.pwned = \'object\'"></object>',
      '<body onload="parent.pwned = \'body\'">',
      '<meta http-equiv="refresh" content="0;url=javascript:parent.pwned=\'meta\'">',
      `<img src="${canaryUrl}/img.png" alt="tracker">`,
      `<img srcset="${canaryUrl}/srcset.png 1x">`,
      `<div style="background-image:url(${canaryUrl}/inline-css.png)">styled</div>`,
      `<style>@import url(${canaryUrl}/import.css); .x { background: url('${canaryUrl}/style-block.png') }</style><p class="x">x</p>`,
      `<link rel="stylesheet" href="${canaryUrl}/link.css">`,
      `<table background="${canaryUrl}/table.png"><tr><td>t</td></tr></table>`,
      `<video poster="${canaryUrl}/poster.png"></video>`,
      `<input type="image" src="${canaryUrl}/input.png">`,
      `<form action="${canaryUrl}/form"><button>Send</button></form>`,
    ].join('\n');
  }

  function corpus(name: 'dompurify' | 'html5sec' | 'owasp'): string[] {
    const path = { dompurify: ['dompurify', 'expect.json'], html5sec: ['html5sec', 'items.json'], owasp: ['owasp-xss', 'payloads.json'] }[name];
    return (JSON.parse(readFileSync(join(corpora as string, ...path), 'utf8')) as { payload: string }[]).map((v) => v.payload);
  }

  it.each(['dompurify', 'html5sec', 'owasp'] as const)('shows the %s vectors as email without running or loading anything', async (name) => {
    const vectors = corpus(name);
    // Each vector in its own block, so one that swallows the rest (an unclosed <textarea>, <title>) hides only itself.
    const html = `<html><body><p>Hostile letter: ${name}</p>${vectors.map((v) => `<div>${v}</div>`).join('\n')}${canaryVectors()}</body></html>`;
    const { ticketId, itemId } = await ingest(htmlLetter({ html, subject: `Hostile ${name}` }));
    await openLetter(ticketId, itemId);
    expect(await page.evaluate(() => (globalThis as unknown as { pwned?: unknown }).pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(canaryHits).toEqual([]);
    // The console itself is still the console.
    expect(new URL(page.url()).pathname).toBe(`/tickets/${ticketId}`);
  });

  it('shows an ordinary letter: From, To, Cc, changed subject, inline image in place, remote images on request, quote folded, original', async () => {
    const first = await ingest(htmlLetter({ html: '<p>Our printer is on fire.</p>', subject: 'Printer on fire' }));
    const detail = (await t.admin.get(`/api/v1/tickets/${first.ticketId}`)).body;
    const tag = `[#${first.ticketId}]`;
    const html = [
      '<div dir="ltr"><p>Hello,</p><p>the printer is <b>still</b> smoking. Photo of the panel: <img src="cid:panel@customer.example" alt="Control panel" width="48" height="48"></p>',
      '<p>Our logo, from our website: <img src="https://images.customer.example/logo.png" alt="Customer logo" width="120" height="40"></p>',
      '<p>Anna</p></div>',
      '<div class="gmail_quote"><div class="gmail_attr">On Mon, 30 Nov 2026 at 09:12, Support &lt;help@parley.example&gt; wrote:<br></div>',
      '<blockquote class="gmail_quote" style="margin:0 0 0 .8ex;border-left:1px solid #ccc;padding-left:1ex">Have you tried switching it off and on again?</blockquote></div>',
    ].join('');
    const raw = htmlLetter({
      html,
      text: 'Hello, the printer is still smoking.',
      subject: `Re: Printer on fire — now smoking ${tag}`,
      cc: 'Boss <boss@customer.example>',
      inline: [{ cid: 'panel@customer.example', name: 'panel.png', data: RED_DOT_PNG }],
    });
    // A reply in the same ticket (threaded by its tag).
    const outcome = await ingestRawMail(t.app.context, raw, source);
    expect(outcome).toMatchObject({ result: 'appended', ticketId: first.ticketId });
    if (outcome.result !== 'appended') return;
    expect(detail.ticket.subject).toBe('Printer on fire');

    await openLetter(first.ticketId, outcome.itemId);
    const entry = page.locator(`[data-item="${outcome.itemId}"]`);
    expect(await entry.locator('[data-field="from"]').textContent()).toBe('Anna Customer <anna@customer.example>');
    expect(await entry.locator('[data-field="to"]').textContent()).toBe('help@parley.example');
    expect(await entry.locator('[data-field="cc"]').textContent()).toBe('boss@customer.example');
    expect(await entry.locator('[data-field="subject"]').textContent()).toBe(`Re: Printer on fire — now smoking ${tag}`);
    // The first letter's subject is the ticket's: no subject line there.
    expect(await page.locator(`[data-item="${first.itemId}"] [data-field="subject"]`).count()).toBe(0);

    const frame = entry.locator('iframe');
    expect(await frame.getAttribute('sandbox')).toBe('allow-same-origin allow-popups allow-popups-to-escape-sandbox');
    const inFrame = <T>(fn: (doc: FrameDocument) => T) => frame.evaluate((el, body) => new Function('doc', `return (${body})(doc)`)((el as unknown as FrameElement).contentDocument), fn.toString()) as Promise<T>;
    // The inline image is shown in place (loaded from our attachment URL) and not listed again below.
    await expect.poll(() => inFrame((doc) => doc.querySelector('img[alt="Control panel"]')?.naturalWidth ?? 0)).toBe(1);
    expect(await entry.locator('.attachments').count()).toBe(0);
    // The remote image is a placeholder; the quote is folded; the frame fits its content.
    expect(await inFrame((doc) => doc.querySelector('img[alt="Customer logo"]')?.hasAttribute('data-parley-blocked'))).toBe(true);
    expect(await inFrame((doc) => doc.querySelector('[data-parley-quote]')?.offsetHeight)).toBe(0);
    const height = async () => Number.parseInt((await frame.getAttribute('style'))?.match(/height:\s*(\d+)px/)?.[1] ?? '0', 10);
    const folded = await height();
    expect(folded).toBeGreaterThan(60);
    expect(await inFrame((doc) => doc.documentElement.scrollHeight)).toBeLessThanOrEqual(folded + 1);
    expect(await entry.getByText(en('email.remoteImagesHidden')).count()).toBe(1);

    await entry.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('email-ticket-en') });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await entry.getByRole('button', { name: en('email.showQuoted'), exact: true }).click();
    await expect.poll(() => inFrame((doc) => doc.querySelector('[data-parley-quote]')?.offsetHeight ?? 0)).toBeGreaterThan(0);
    await expect.poll(height).toBeGreaterThan(folded);
    expect(await entry.getByRole('button', { name: en('email.hideQuoted'), exact: true }).getAttribute('aria-pressed')).toBe('true');

    await entry.getByRole('button', { name: en('email.showRemoteImages'), exact: true }).click();
    await expect.poll(() => inFrame((doc) => doc.querySelector('img[alt="Customer logo"]')?.getAttribute('src') ?? null)).toBe('https://images.customer.example/logo.png');
    expect(await inFrame((doc) => doc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content'))).toContain('img-src http://127.0.0.1');
    expect(await inFrame((doc) => doc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content'))).toContain(' https:;');
    expect(await entry.getByRole('button', { name: en('email.showRemoteImages'), exact: true }).count()).toBe(0);

    const original = entry.getByRole('link', { name: en('email.showOriginal'), exact: true });
    const href = await original.getAttribute('href');
    const response = await page.request.get(`${t.baseUrl}${href}`);
    expect(response.status()).toBe(200);
    expect(await response.text()).toBe(raw.toString('utf8'));
    expect(dialogs).toEqual([]);
    expect(canaryHits).toEqual([]);
  });
});
