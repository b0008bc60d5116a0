import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/create-test-app.js';

/** The built console, served by the server itself: hashed files cached for good, the page never. */
describe('serving the agent console', () => {
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-console-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Parley</title><script type="module" src="/assets/index-abc123.js"></script>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    t = await createTestApp({ env: { PARLEY_AGENT_WEB_DIR: dir } });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers every console address with the page, asked again each time', async () => {
    for (const path of ['/', '/tickets/42', '/admin/agents']) {
      const res = await fetch(`${t.baseUrl}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control'), path).toBe('no-cache');
      expect(await res.text()).toContain('/assets/index-abc123.js');
    }
  });

  it('caches hashed files for a year, and answers a missing one with 404, not the page', async () => {
    const asset = await fetch(`${t.baseUrl}/assets/index-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const missing = await fetch(`${t.baseUrl}/assets/index-old999.js`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).not.toContain('<title>Parley</title>');
  });

  it('leaves the API to the API', async () => {
    const res = await fetch(`${t.baseUrl}/api/v1/nothing-here`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/json');
  });
});
