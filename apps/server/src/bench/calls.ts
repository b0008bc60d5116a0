/**
 * Voice calls between agents (issue 16), measured in two headless Chromium pages with fake microphones on
 * loopback: from "call" pressed in the caller's direct conversation to the incoming call shown on the callee
 * (call_ring_p50/p95_ms), and from "accept" pressed to the first audio packet arriving at the callee
 * (call_audio_p50/p95_ms). BENCH_CALLS sets how many calls (50).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { note, percentile, report } from './report.js';
import { startServerProcess } from './server-process.js';
import { apiToken, createAgents, type Credentials, freshDatabase, serverEnv } from './targets.js';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The few DOM and WebRTC shapes the pages' code needs (the server's TypeScript has no DOM types). */
interface PeerLike {
  connectionState: string;
  getStats(): Promise<{ forEach(each: (s: { type: string; kind?: string; packetsReceived?: number }) => void): void }>;
}
interface PageGlobals {
  RTCPeerConnection: new (...args: unknown[]) => PeerLike;
  __peers: PeerLike[];
  document: { querySelector(selector: string): { click(): void; disabled?: boolean } | null; body: unknown };
  MutationObserver: new (callback: () => void) => { observe(target: unknown, options: { childList: boolean; subtree: boolean }): void; disconnect(): void };
}

/** Installed in each page before the console runs: keeps its peer connections for getStats(). */
function recordPeerConnections(): void {
  const page = globalThis as unknown as PageGlobals;
  const Original = page.RTCPeerConnection;
  const made: PeerLike[] = [];
  page.__peers = made;
  page.RTCPeerConnection = class extends Original {
    constructor(...args: unknown[]) {
      super(...args);
      made.push(this);
    }
  };
}

export async function benchCalls(count = Number(process.env.BENCH_CALLS ?? 50)): Promise<void> {
  if (!existsSync(chromiumPath)) {
    note(`call figures skipped: no Chromium at ${chromiumPath}`);
    return;
  }
  const { chromium } = await import('playwright-core');
  const target = freshDatabase('sqlite', 'calls');
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-calls-'));
  const server = await startServerProcess(serverEnv(target, dir));
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  });
  try {
    const token = await apiToken(server.url);
    const department = await fetch(`${server.url}/api/v1/departments`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ name: 'Support' }) });
    const { id: departmentId } = (await department.json()) as { id: number };
    const [caller, callee] = (await createAgents(server.url, token, 2, [departmentId])) as [Credentials, Credentials];
    const open = async (who: Credentials) => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-US' });
      await context.addInitScript(recordPeerConnections);
      const page = await context.newPage();
      await page.goto(`${server.url}/sign-in`);
      await page.getByLabel('Email').fill(who.email);
      await page.getByLabel('Password', { exact: true }).fill(who.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/tickets/);
      return page;
    };
    const alice = await open(caller);
    const bob = await open(callee);
    await alice.goto(`${server.url}/team`);
    await alice.getByRole('combobox', { name: 'Message a colleague' }).selectOption({ label: 'Bench Agent 1' });
    await alice.getByRole('button', { name: 'Open conversation' }).click();
    await alice.waitForURL(/\/team\/\d+$/);
    const callButton = alice.locator('.team-pane__header .call-button button');

    const rings: number[] = [];
    const audio: number[] = [];
    for (let i = 0; i < count; i++) {
      await callButton.and(alice.locator(':enabled')).waitFor();
      const ringSeen = bob.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const page = globalThis as unknown as PageGlobals;
            const observer = new page.MutationObserver(() => {
              if (page.document.querySelector('[role="alertdialog"]')) {
                observer.disconnect();
                resolve(Date.now());
              }
            });
            observer.observe(page.document.body, { childList: true, subtree: true });
          }),
      );
      const pressedAt = await alice.evaluate(() => {
        const at = Date.now();
        (globalThis as unknown as PageGlobals).document.querySelector('.team-pane__header .call-button button')!.click();
        return at;
      });
      rings.push((await ringSeen) - pressedAt);
      audio.push(
        await bob.evaluate(async () => {
          const page = globalThis as unknown as PageGlobals;
          const started = performance.now();
          page.document.querySelector('[role="alertdialog"] button.primary')!.click();
          for (;;) {
            for (const pc of page.__peers.filter((p) => p.connectionState !== 'closed')) {
              let packets = 0;
              (await pc.getStats()).forEach((s) => {
                if (s.type === 'inbound-rtp' && s.kind === 'audio') packets += s.packetsReceived ?? 0;
              });
              if (packets > 0) return performance.now() - started;
            }
            await new Promise((resolve) => setTimeout(resolve, 5));
          }
        }),
      );
      await bob.getByRole('button', { name: 'Hang up' }).click();
      await alice.locator('.call-panel').waitFor({ state: 'detached' });
    }
    rings.sort((a, b) => a - b);
    audio.sort((a, b) => a - b);
    note(`calls: ${count} calls between two Chromium pages on loopback (SQLite)`);
    report('call_ring_p50_ms', percentile(rings, 50), 'ms');
    report('call_ring_p95_ms', percentile(rings, 95), 'ms');
    report('call_audio_p50_ms', percentile(audio, 50), 'ms');
    report('call_audio_p95_ms', percentile(audio, 95), 'ms');
  } finally {
    await browser.close();
    await server.stop();
    target.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
