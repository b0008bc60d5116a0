import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/env.js';
import { createTestApp, type TestApp } from './helpers/create-test-app.js';

/** The built chat widget, served by the server: the loader any site embeds, and the chat frame any site may frame. */
describe('serving the chat widget', () => {
  let t: TestApp;
  let restricted: TestApp;
  let dir: string;
  let consoleDir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-widget-'));
    mkdirSync(join(dir, 'frame', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'widget.js'), '(function(){})();');
    writeFileSync(join(dir, 'frame', 'index.html'), '<!doctype html><title>Chat</title><script type="module" src="/widget/assets/index-abc123.js"></script>');
    writeFileSync(join(dir, 'frame', 'assets', 'index-abc123.js'), 'console.log(1)');
    consoleDir = mkdtempSync(join(tmpdir(), 'parley-console-'));
    writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>Parley</title>');
    t = await createTestApp({ env: { PARLEY_CHAT_WIDGET_DIR: dir, PARLEY_AGENT_WEB_DIR: consoleDir } });
    restricted = await createTestApp({
      env: { PARLEY_CHAT_WIDGET_DIR: dir, PARLEY_AGENT_WEB_DIR: consoleDir, WIDGET_FRAME_ANCESTORS: 'https://shop.example, https://*.example.org' },
    });
  });
  afterAll(async () => {
    await t?.close();
    await restricted?.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(consoleDir, { recursive: true, force: true });
  });

  it('serves widget.js as JavaScript any site may load, asked again after five minutes (its name carries no hash)', async () => {
    const res = await fetch(`${t.baseUrl}/widget.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('javascript');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(await res.text()).toBe('(function(){})();');
  });

  it('lets any site frame the chat page, while the console still refuses to be framed', async () => {
    const frame = await fetch(`${t.baseUrl}/widget/frame`);
    expect(frame.status).toBe(200);
    expect(await frame.text()).toContain('/widget/assets/index-abc123.js');
    expect(frame.headers.get('x-frame-options')).toBeNull();
    expect(frame.headers.get('content-security-policy')).toBe('frame-ancestors *');
    expect(frame.headers.get('cache-control')).toBe('no-cache');

    for (const path of ['/', '/tickets/1', '/widget/elsewhere']) {
      const page = await fetch(`${t.baseUrl}${path}`);
      expect(page.headers.get('x-frame-options'), path).toBe('DENY');
      expect(await page.text(), path).toContain('<title>Parley</title>');
    }
  });

  it('limits who may frame it to WIDGET_FRAME_ANCESTORS, and refuses a malformed list', async () => {
    const frame = await fetch(`${restricted.baseUrl}/widget/frame`);
    expect(frame.headers.get('content-security-policy')).toBe('frame-ancestors https://shop.example https://*.example.org');
    expect(() => loadConfig({ WIDGET_FRAME_ANCESTORS: '*' })).not.toThrow();
    for (const bad of ["'self'; script-src *", 'shop.example', 'javascript:x']) {
      expect(() => loadConfig({ WIDGET_FRAME_ANCESTORS: bad }), bad).toThrow(ConfigError);
    }
  });

  it('caches the frame’s hashed files for a year, and answers a missing one with 404', async () => {
    const asset = await fetch(`${t.baseUrl}/widget/assets/index-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const missing = await fetch(`${t.baseUrl}/widget/assets/index-old999.js`);
    expect(missing.status).toBe(404);
  });
});
