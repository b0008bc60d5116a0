import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium (installed by scripts/ensure-services.sh); browser suites skip where it is absent. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(chromiumPath);

export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    // Without the networking flags Chromium floods the closed network with background requests.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', ...extraArgs],
  });
}

/** Screenshots land in the repository's artifacts/screenshots, a folder CI keeps. */
export function screenshotPath(name: string): string {
  const dir = resolve(import.meta.dirname, '../../../../artifacts/screenshots');
  mkdirSync(dir, { recursive: true });
  return join(dir, `${name}.png`);
}
