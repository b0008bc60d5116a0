import type { KbArticleDto, WidgetDto } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, describeEachDatabase, type TestApp } from './helpers/create-test-app.js';
import type { HttpClient } from './helpers/http-client.js';

/** A real (tiny) PNG: the 8-byte signature, then an IHDR chunk's start; the help center checks the signature only. */
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
const SVG = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>';

describeEachDatabase('help center logo', (db) => {
  let t: TestApp;
  let agent: HttpClient;
  let widget: WidgetDto;
  let article: KbArticleDto;

  beforeAll(async () => {
    t = await createTestApp({ db });
    agent = (await t.agent({ name: 'Vera Agent' })).http;
    widget = (await t.admin.post<WidgetDto>('/api/v1/widgets', { name: 'Acme <Support>', colour: '#0a7d3b' })).body;
    article = (await t.admin.post<KbArticleDto>('/api/v1/kb/articles', { title: 'Resetting a password', language: 'en', status: 'published', body: '<p>Use the link.</p>' })).body;
  });
  afterAll(() => t?.close());

  const upload = async (client: HttpClient, content: Uint8Array | string, type: string, name: string) => {
    const form = new FormData();
    form.append('file', new Blob([content], { type }), name);
    const res = await client.post('/api/v1/attachments', form);
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const setLogo = (id: string | null, client = t.admin) => client.patch(`/api/v1/widgets/${widget.id}`, { logoAttachmentId: id });
  const html = async (path: string) => (await fetch(`${t.baseUrl}${path}`)).text();
  const articlePath = () => `/help/en/${encodeURIComponent(article.slug)}`;

  it('shows no logo and serves none before one is chosen', async () => {
    expect(await html('/help/en')).not.toContain('<img');
    expect((await fetch(`${t.baseUrl}/help/logo`)).status).toBe(404);
  });

  it('refuses an SVG, a forged PNG, an oversized picture, someone else\'s or an unknown upload, with 4xx and nothing changed', async () => {
    const svg = await setLogo(await upload(t.admin, SVG, 'image/svg+xml', 'logo.svg'));
    expect(svg.status).toBe(415);
    expect(svg.body.error.code).toBe('attachment/type_not_allowed');

    // An SVG declared as a PNG: the bytes tell.
    const forged = await setLogo(await upload(t.admin, SVG, 'image/png', 'logo.png'));
    expect(forged.status).toBe(415);
    expect(forged.body.error.code).toBe('attachment/type_not_allowed');

    const big = new Uint8Array(512 * 1024 + 1);
    big.set(PNG);
    const oversized = await setLogo(await upload(t.admin, big, 'image/png', 'big.png'));
    expect(oversized.status).toBe(413);
    expect(oversized.body.error.code).toBe('attachment/too_large');

    const theirs = await setLogo(await upload(agent, PNG, 'image/png', 'theirs.png'));
    expect(theirs.status).toBe(404);
    expect(theirs.body.error.code).toBe('attachment/not_found');
    expect((await setLogo('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await setLogo('not-a-uuid')).status).toBe(400);

    const after = (await t.admin.get<{ items: WidgetDto[] }>('/api/v1/widgets')).body.items.find((w) => w.id === widget.id);
    expect(after?.logoAttachmentId).toBeNull();
    expect(await html('/help/en')).not.toContain('<img');
  });

  it('lets only administrators choose the logo', async () => {
    const id = await upload(agent, PNG, 'image/png', 'mine.png');
    const res = await setLogo(id, agent);
    expect(res.status).toBe(403);
  });

  it('shows the chosen logo on every page, serves its bytes safely, and drops it when removed', async () => {
    // Pages made before the change are kept in memory: the change must replace them.
    await html('/help/en');
    await html(articlePath());
    const id = await upload(t.admin, PNG, 'image/png', 'acme.png');
    const set = await setLogo(id);
    expect(set.status).toBe(200);
    expect(set.body.logoAttachmentId).toBe(id);

    const img = `<img src="/help/logo?v=${id.slice(0, 8)}" alt="Acme &lt;Support&gt;">`;
    for (const path of ['/help/en', articlePath(), '/help/en/search?q=password', '/help/en/no-such-article']) expect(await html(path)).toContain(img);

    const logo = await fetch(`${t.baseUrl}/help/logo?v=${id.slice(0, 8)}`);
    expect(logo.status).toBe(200);
    expect(logo.headers.get('content-type')).toBe('image/png');
    expect(logo.headers.get('x-content-type-options')).toBe('nosniff');
    expect(logo.headers.get('content-security-policy')).toContain('sandbox');
    expect(logo.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    expect(new Uint8Array(await logo.arrayBuffer())).toEqual(PNG);
    // Saving the same logo again is allowed (it is already public).
    expect((await setLogo(id)).status).toBe(200);

    const removed = await setLogo(null);
    expect(removed.status).toBe(200);
    expect(removed.body.logoAttachmentId).toBeNull();
    expect(await html('/help/en')).not.toContain('<img');
    expect(await html(articlePath())).not.toContain('/help/logo');
    expect((await fetch(`${t.baseUrl}/help/logo`)).status).toBe(404);
  });

  it('stops showing the logo once its widget is switched off (the help center wears the first active widget)', async () => {
    const id = await upload(t.admin, PNG, 'image/png', 'again.png');
    expect((await setLogo(id)).status).toBe(200);
    expect(await html('/help/en')).toContain('/help/logo');
    expect((await t.admin.patch(`/api/v1/widgets/${widget.id}`, { active: false })).status).toBe(200);
    expect(await html('/help/en')).not.toContain('/help/logo');
    expect((await fetch(`${t.baseUrl}/help/logo`)).status).toBe(404);
  });
});

describe('help center logo request shape', () => {
  it('is documented as a nullable upload id', async () => {
    const { UpdateWidgetRequest } = await import('@parley/protocol');
    expect(UpdateWidgetRequest.safeParse({ logoAttachmentId: null }).success).toBe(true);
    expect(UpdateWidgetRequest.safeParse({ logoAttachmentId: 'x' }).success).toBe(false);
  });
});
