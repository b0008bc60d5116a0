/**
 * The agent console's figures: how much JavaScript a browser downloads before the first screen, and how a
 * list of 10,000 tickets behaves while an agent scrolls through all of it in a real Chromium.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { parseDatabaseUrl } from '../config/env.js';
import { note, percentile, report } from './report.js';
import { seedQueue } from './seed.js';
import { startServerProcess } from './server-process.js';

const consoleDist = fileURLToPath(new URL('../../../agent-web/dist', import.meta.url));
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Bytes after gzip (level 9, as a server would send them) of the files index.html loads before any route. */
export function benchConsoleBundle(): void {
  const html = readFileSync(join(consoleDist, 'index.html'), 'utf8');
  const files = new Set<string>();
  for (const match of html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*\brel="(?:modulepreload|stylesheet)"[^>]*\bhref)="([^"]+)"/g)) files.add(match[1]!);
  let js = 0;
  let css = 0;
  for (const file of files) {
    const size = gzipSync(readFileSync(join(consoleDist, file)), { level: 9 }).length;
    if (file.endsWith('.css')) css += size;
    else js += size;
  }
  note(`console: index.html loads ${files.size} files before the first route`);
  report('console_initial_js_gzip', js, 'bytes');
  report('console_initial_css_gzip', css, 'bytes');
}

/**
 * 10,000 tickets on SQLite, the list opened as the administrator (who sees them all), then scrolled from top
 * to bottom frame by frame while pages load: time to the first rows, frame times, and the most rows ever in
 * the page at once (virtual scrolling keeps that small whatever the list's length).
 */
export async function benchConsoleList(tickets = Number(process.env.BENCH_CONSOLE_TICKETS ?? 10_000)): Promise<void> {
  if (!existsSync(chromiumPath)) {
    note(`console list figures skipped: no Chromium at ${chromiumPath}`);
    return;
  }
  const { chromium } = await import('playwright-core');
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-console-'));
  const url = `sqlite:${join(dir, 'parley.sqlite')}`;
  const admin = { email: 'bench@parley.test', password: 'bench password 1234' };
  // The server creates the schema and the administrator; the seed then fills it directly.
  let server = await startServerProcess({ PORT: '0', DATABASE_URL: url, PARLEY_DATA_DIR: dir, PARLEY_ADMIN_EMAIL: admin.email, PARLEY_ADMIN_PASSWORD: admin.password });
  await server.stop();
  await seedQueue(parseDatabaseUrl(url, dir), { tickets, itemsPerTicket: 1, departments: 5, contacts: 2_000 });
  server = await startServerProcess({ PORT: '0', DATABASE_URL: url, PARLEY_DATA_DIR: dir });
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password', { exact: true }).fill(admin.password);
    const started = performance.now();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('[data-ticket]').first().waitFor();
    report('console_list_first_rows_ms', performance.now() - started, 'ms');

    const result = await page.evaluate(async (expected) => {
      // Runs in the page; the server's TypeScript has no DOM types, so the few needed are spelled out.
      type El = { scrollTop: number; clientHeight: number; scrollHeight: number; getAttribute(n: string): string | null; querySelectorAll(s: string): { length: number } };
      const page = globalThis as unknown as { document: { querySelector(s: string): El }; requestAnimationFrame(cb: () => void): void };
      const scroller = page.document.querySelector('.ticket-list__scroller');
      const table = page.document.querySelector('[role="table"]');
      const frames: number[] = [];
      let maxRows = 0;
      let last = performance.now();
      const begin = last;
      while (performance.now() - begin < 120_000) {
        await new Promise<void>((resolve) => page.requestAnimationFrame(resolve));
        const now = performance.now();
        frames.push(now - last);
        last = now;
        maxRows = Math.max(maxRows, scroller.querySelectorAll('[data-ticket]').length);
        scroller.scrollTop += 600;
        const loaded = Number(table.getAttribute('aria-rowcount')) - 1;
        if (loaded >= expected && scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1) break;
      }
      return { frames, maxRows, loaded: Number(table.getAttribute('aria-rowcount')) - 1, seconds: (performance.now() - begin) / 1000 };
    }, tickets);
    if (result.loaded < tickets) throw new Error(`the list loaded ${result.loaded} of ${tickets} tickets`);
    const frames = result.frames.slice(1).sort((a, b) => a - b);
    note(`console: scrolled through ${result.loaded} tickets in ${result.seconds.toFixed(1)} s, ${frames.length} frames`);
    report('console_list_10k_scroll_frame_p50_ms', percentile(frames, 50), 'ms');
    report('console_list_10k_scroll_frame_p95_ms', percentile(frames, 95), 'ms');
    report('console_list_10k_rows_in_dom_max', result.maxRows, 'rows');
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
