import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KbArticleDto } from '@parley/protocol';
import { DomUtils, parseDocument } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corporaDir } from './helpers/corpora.js';
import { createTestApp, describeEachDatabase, type TestApp } from './helpers/create-test-app.js';
import type { HttpClient } from './helpers/http-client.js';

const PUBLIC_URL = 'https://help.parley.test';

/** What a sanitized body must never hold (the email view's checks, trimmed to what an article can carry). */
function unsafeParts(html: string): string[] {
  const problems: string[] = [];
  const document = parseDocument(html, { lowerCaseAttributeNames: true, lowerCaseTags: true });
  for (const el of DomUtils.findAll(() => true, document.children)) {
    if (['script', 'iframe', 'object', 'embed', 'base', 'form', 'meta', 'link', 'svg', 'math', 'input', 'button', 'textarea', 'template'].includes(el.name)) problems.push(`<${el.name}>`);
    for (const [name, value] of Object.entries(el.attribs)) {
      if (/^on/i.test(name)) problems.push(`${name}=`);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers ignore control characters inside a URL scheme, so the check must too
      const v = value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
      if (['href', 'src', 'action', 'formaction', 'background', 'srcset', 'xlink:href'].includes(name) && /^(javascript|vbscript|data:text)/.test(v)) problems.push(`${name}=${value}`);
      if (el.name === 'img' && name === 'src' && /^(https?:)?\/\//.test(v)) problems.push(`remote image ${value}`);
      if (name === 'style' && /expression\(|url\(\s*['"]?\s*(https?:|javascript:|\/\/)/i.test(value)) problems.push(`style=${value}`);
    }
    if (el.name === 'style' && /@import|url\(\s*['"]?\s*(https?:|\/\/)|expression\(/i.test(DomUtils.textContent(el))) problems.push('remote or active CSS');
  }
  if (/<script/i.test(html)) problems.push('<script');
  return problems;
}

/** A few dozen hostile samples from the shared corpora (every fifth), or a handful written here when the corpora are missing. */
function hostileSamples(): string[] {
  const own = [
    '<img src=x onerror=alert(1)>',
    '<a href="javascript:alert(1)">x</a>',
    '<svg><script>alert(1)</script></svg>',
    '<iframe src="https://evil.example"></iframe>',
    '<style>@import url(https://evil.example/x.css);</style>',
    '<p style="background:url(https://evil.example/t.png)">t</p>',
    '<form action="https://evil.example"><input name=a></form>',
    '<img src="https://tracker.example/pixel.gif">',
  ];
  const corpora = corporaDir();
  if (!corpora) return own;
  const h5sc = JSON.parse(readFileSync(join(corpora, 'html5sec', 'items.json'), 'utf8')) as { payload: string }[];
  const owasp = JSON.parse(readFileSync(join(corpora, 'owasp-xss', 'payloads.json'), 'utf8')) as { payload: string }[];
  return [...own, ...h5sc.filter((_, i) => i % 5 === 0).map((v) => v.payload), ...owasp.filter((_, i) => i % 5 === 0).map((v) => v.payload)];
}

describeEachDatabase('knowledge base', (db) => {
  let t: TestApp;
  let agent: HttpClient;
  let visitor: HttpClient;

  beforeAll(async () => {
    t = await createTestApp({ db, env: { PUBLIC_URL } });
    agent = (await t.agent({ name: 'Vera Agent' })).http;
    visitor = t.client();
  });
  afterAll(async () => {
    await t?.close();
  });

  const create = async (body: Record<string, unknown>) => {
    const res = await t.admin.post<KbArticleDto>('/api/v1/kb/articles', body);
    if (res.status !== 201) throw new Error(`create failed ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const page = (path: string, headers: Record<string, string> = {}) => fetch(`${t.baseUrl}${path}`, { headers, redirect: 'manual' });
  const pageOf = (a: { language: string; slug: string }) => `/help/${a.language}/${encodeURIComponent(a.slug)}`;

  describe('visibility', () => {
    let bg: KbArticleDto;
    let uk: KbArticleDto;
    let elDraft: KbArticleDto;
    let internal: KbArticleDto;
    let bgDraft: KbArticleDto;

    beforeAll(async () => {
      bg = await create({ title: 'Как да сменя паролата си', language: 'bg', body: '<h2>Стъпки</h2><p>Отворете <b>Профил</b> и изберете „Парола“.</p>', status: 'published', tags: ['Парола', 'профил'] });
      uk = await create({ title: 'Як змінити пароль', language: 'uk', body: '<p>Відкрийте профіль і виберіть «Пароль».</p>', status: 'published', translationOf: bg.id });
      elDraft = await create({ title: 'Πώς αλλάζω τον κωδικό μου', language: 'el', body: '<p>ΜΥΣΤΙΚΟ ΠΡΟΣΧΕΔΙΟ draftsecret</p>', translationOf: bg.id });
      internal = await create({ title: 'Internal escalation runbook', language: 'en', body: '<p>internalsecret call the on-call engineer</p>', status: 'published', visibility: 'internal' });
      bgDraft = await create({ title: 'Чернова за фактури', language: 'bg', body: '<p>черновасекрет</p>' });
    });

    it('makes slugs from titles that keep their letters', () => {
      expect(bg.slug).toBe('как-да-сменя-паролата-си');
      expect(uk.slug).toBe('як-змінити-пароль');
      expect(elDraft.slug).toBe('πώς-αλλάζω-τον-κωδικό-μου');
      expect(bg.url).toBe(`${PUBLIC_URL}/help/bg/${encodeURIComponent(bg.slug)}`);
      expect(elDraft.url).toBeNull();
      expect(internal.url).toBeNull();
      expect(uk.translationGroupId).toBe(bg.id);
      expect(bg.tags).toEqual(['парола', 'профил']);
    });

    it('serves a published public article as real HTML with lang, canonical and hreflang links', async () => {
      const res = await page(pageOf(bg));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(res.headers.get('content-security-policy')).not.toContain('script-src');
      const html = await res.text();
      expect(html).toMatch(/^<!doctype html><html lang="bg">/);
      expect(html).not.toMatch(/<script/i);
      expect(html).toContain('<h1>Как да сменя паролата си</h1>');
      expect(html).toContain('<h2>Стъпки</h2>');
      const canonical = `${PUBLIC_URL}/help/bg/${encodeURIComponent(bg.slug)}`;
      const ukUrl = `${PUBLIC_URL}/help/uk/${encodeURIComponent(uk.slug)}`;
      expect(html).toContain(`<link rel="canonical" href="${canonical}">`);
      const alternates = [...html.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">/g)].map((m) => [m[1], m[2]]);
      // The draft Greek translation is not linked; x-default goes to the first language (no English one).
      expect(alternates).toEqual([
        ['bg', canonical],
        ['uk', ukUrl],
        ['x-default', canonical],
      ]);
      // The Ukrainian page lists the very same alternates (reciprocal), with its own canonical.
      const ukHtml = await (await page(pageOf(uk))).text();
      expect(ukHtml).toContain(`<html lang="uk">`);
      expect(ukHtml).toContain(`<link rel="canonical" href="${ukUrl}">`);
      expect([...ukHtml.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">/g)].map((m) => [m[1], m[2]])).toEqual(alternates);
      expect(ukHtml).toContain('Ця стаття іншими мовами');
    });

    it('answers a draft and an internal article with exactly the 404 of an unknown address', async () => {
      for (const [hidden, language] of [
        [elDraft, 'el'],
        [internal, 'en'],
        [bgDraft, 'bg'],
      ] as const) {
        const res = await page(pageOf(hidden));
        const unknown = await page(`/help/${language}/${encodeURIComponent('няма-такава-статия')}`);
        expect(res.status).toBe(404);
        expect(unknown.status).toBe(404);
        const body = await res.text();
        expect(body).toBe(await unknown.text());
        expect(res.headers.get('cache-control')).toBe(unknown.headers.get('cache-control'));
        expect(body).not.toContain(hidden.title);
        expect(body).not.toContain(hidden.slug);
      }
      // The same through the widget's JSON endpoint.
      for (const hidden of [elDraft, internal, bgDraft]) {
        const res = await visitor.get(`/api/v1/public/kb/articles/${hidden.language}/${encodeURIComponent(hidden.slug)}`);
        expect(res.status).toBe(404);
        expect(JSON.stringify(res.body)).not.toContain(hidden.title);
      }
      const ok = await visitor.get(`/api/v1/public/kb/articles/bg/${encodeURIComponent(bg.slug)}`);
      expect(ok.status).toBe(200);
      expect(ok.body.translations).toEqual([{ language: 'uk', slug: uk.slug, title: uk.title, url: `${PUBLIC_URL}/help/uk/${encodeURIComponent(uk.slug)}` }]);
      expect(Object.keys(ok.body).sort()).toEqual(['body', 'id', 'language', 'slug', 'tags', 'title', 'translations', 'updatedAt', 'url']);
    });

    it('lists only public articles of the language on the index, and none of the others anywhere public', async () => {
      const redirect = await page('/help', { 'accept-language': 'uk-UA,uk;q=0.9,en;q=0.5' });
      expect(redirect.status).toBe(302);
      expect(redirect.headers.get('location')).toBe('/help/uk');
      const index = await (await page('/help/bg')).text();
      expect(index).toContain('<html lang="bg">');
      expect(index).toContain(`href="/help/bg/${encodeURIComponent(bg.slug)}"`);
      expect(index).toContain('Помощен център');
      expect(index).toContain(`<link rel="canonical" href="${PUBLIC_URL}/help/bg">`);
      expect(index).toContain(`<link rel="alternate" hreflang="uk" href="${PUBLIC_URL}/help/uk">`);
      for (const hidden of [elDraft, internal, bgDraft, uk]) expect(index).not.toContain(hidden.title);
      const elIndex = await (await page('/help/el')).text();
      expect(elIndex).not.toContain(elDraft.title);
      expect(elIndex).toContain('Δεν υπάρχουν ακόμη άρθρα σε αυτή τη γλώσσα.');
      expect((await page('/help/de')).status).toBe(404);

      const sitemap = await page('/help/sitemap.xml');
      expect(sitemap.headers.get('content-type')).toContain('application/xml');
      const xml = await sitemap.text();
      const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
      expect(locs.sort()).toEqual([`${PUBLIC_URL}/help/bg/${encodeURIComponent(bg.slug)}`, `${PUBLIC_URL}/help/uk/${encodeURIComponent(uk.slug)}`].sort());
      for (const hidden of [elDraft, internal, bgDraft]) {
        expect(xml).not.toContain(encodeURIComponent(hidden.slug));
        expect(xml).not.toContain(hidden.title);
      }
      expect(xml).toContain(`<xhtml:link rel="alternate" hreflang="uk" href="${PUBLIC_URL}/help/uk/${encodeURIComponent(uk.slug)}"/>`);
      expect(xml).toContain(`<xhtml:link rel="alternate" hreflang="x-default" href="${PUBLIC_URL}/help/bg/${encodeURIComponent(bg.slug)}"/>`);

      for (const [language, word] of [
        ['el', 'draftsecret'],
        ['en', 'internalsecret'],
        ['bg', 'черновасекрет'],
      ] as const) {
        const html = await (await page(`/help/${language}/search?q=${encodeURIComponent(word)}`)).text();
        expect(html).toContain(language === 'bg' ? 'Няма статии' : language === 'el' ? 'Κανένα άρθρο' : 'No articles match');
        expect(html).not.toContain(word === 'draftsecret' ? elDraft.slug : word === 'internalsecret' ? internal.title : bgDraft.title);
        const json = await visitor.get(`/api/v1/public/kb/search?q=${encodeURIComponent(word)}&language=${language}`);
        expect(json.status).toBe(200);
        expect(json.body).toEqual({ items: [] });
      }
      // Another language's article is not found from this language.
      expect((await visitor.get(`/api/v1/public/kb/search?q=${encodeURIComponent('пароль')}&language=bg`)).body).toEqual({ items: [] });
    });

    it('shows agents internal articles but not drafts; administrators everything', async () => {
      expect((await agent.get(`/api/v1/kb/articles/${internal.id}`)).status).toBe(200);
      expect((await agent.get(`/api/v1/kb/articles/${elDraft.id}`)).status).toBe(404);
      expect((await t.admin.get(`/api/v1/kb/articles/${elDraft.id}`)).status).toBe(200);
      const list = (await agent.get('/api/v1/kb/articles?limit=100')).body.items.map((a: { id: number }) => a.id);
      expect(list).toContain(internal.id);
      expect(list).toContain(bg.id);
      expect(list).not.toContain(elDraft.id);
      expect(list).not.toContain(bgDraft.id);
      const translations = (await agent.get(`/api/v1/kb/articles/${bg.id}`)).body.translations.map((x: { language: string }) => x.language);
      expect(translations).toEqual(['uk']);
      const search = await agent.get(`/api/v1/kb/search?q=internalsecret&language=en`);
      expect(search.body.items.map((h: { id: number }) => h.id)).toEqual([internal.id]);
      expect((await agent.get(`/api/v1/kb/search?q=draftsecret&language=el`)).body.items).toEqual([]);
      expect((await t.admin.get(`/api/v1/kb/search?q=draftsecret&language=el`)).body.items.map((h: { id: number }) => h.id)).toEqual([elDraft.id]);
    });

    it('links a translation once it is published (the cached page follows the save)', async () => {
      expect(await (await page(pageOf(bg))).text()).not.toContain('<link rel="alternate" hreflang="el"');
      const published = await t.admin.patch<KbArticleDto>(`/api/v1/kb/articles/${elDraft.id}`, { status: 'published', body: '<p>Ανοίξτε το προφίλ.</p>' });
      expect(published.status).toBe(200);
      const html = await (await page(pageOf(bg))).text();
      expect(html).toContain(`<link rel="alternate" hreflang="el" href="${PUBLIC_URL}/help/el/${encodeURIComponent(elDraft.slug)}">`);
      const el = await (await page(pageOf(elDraft))).text();
      expect(el).toContain('<html lang="el">');
      expect(el).not.toContain('draftsecret');
      // And back to draft: gone from the page of its original and from the sitemap.
      await t.admin.patch(`/api/v1/kb/articles/${elDraft.id}`, { status: 'draft' });
      expect(await (await page(pageOf(bg))).text()).not.toContain('<link rel="alternate" hreflang="el"');
      expect(await (await page('/help/sitemap.xml')).text()).not.toContain(encodeURIComponent(elDraft.slug));
      expect((await page(pageOf(elDraft))).status).toBe(404);
    });
  });

  it('keeps every save as a revision and restores an old one as a new revision', async () => {
    const a = await create({ title: 'Printer setup', language: 'en', body: '<p>First version.</p>', status: 'published' });
    const second = (await t.admin.patch<KbArticleDto>(`/api/v1/kb/articles/${a.id}`, { title: 'Printer setup guide', body: '<p>Second version.</p>' })).body;
    expect(second.revision).toBe(2);
    // A save that changes nothing keeps no revision.
    expect((await t.admin.patch<KbArticleDto>(`/api/v1/kb/articles/${a.id}`, { title: 'Printer setup guide' })).body.revision).toBe(2);
    const third = (await t.admin.patch<KbArticleDto>(`/api/v1/kb/articles/${a.id}`, { tags: ['printers'], baseRevision: 2 })).body;
    expect(third.revision).toBe(3);
    // An editor working from an old revision is told, and nothing is written.
    const stale = await t.admin.patch(`/api/v1/kb/articles/${a.id}`, { body: '<p>lost</p>', baseRevision: 2 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('resource/conflict');

    const revisions = (await t.admin.get(`/api/v1/kb/articles/${a.id}/revisions`)).body.items;
    expect(revisions.map((r: { revision: number; kind: string; changed: string[]; agentName: string }) => [r.revision, r.kind, r.changed, r.agentName])).toEqual([
      [3, 'edited', ['tags'], 'Ada Admin'],
      [2, 'edited', ['title', 'body'], 'Ada Admin'],
      [1, 'created', ['title', 'slug', 'language', 'body', 'tags', 'status', 'visibility', 'categoryId'], 'Ada Admin'],
    ]);
    expect((await page(pageOf(a))).status).toBe(200);
    expect(await (await page(pageOf(a))).text()).toContain('Second version.');

    const restored = await t.admin.post<KbArticleDto>(`/api/v1/kb/articles/${a.id}/revisions/1/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ revision: 4, title: 'Printer setup', body: '<p>First version.</p>', tags: [] });
    const latest = (await t.admin.get(`/api/v1/kb/articles/${a.id}/revisions`)).body.items[0];
    expect(latest).toMatchObject({ revision: 4, kind: 'restored', restoredFrom: 1, changed: ['title', 'body', 'tags'] });
    const one = await t.admin.get(`/api/v1/kb/articles/${a.id}/revisions/2`);
    expect(one.body).toMatchObject({ revision: 2, title: 'Printer setup guide', body: '<p>Second version.</p>' });
    const html = await (await page(pageOf(a))).text();
    expect(html).toContain('First version.');
    expect(html).not.toContain('Second version.');
    expect((await t.admin.post(`/api/v1/kb/articles/${a.id}/revisions/99/restore`)).status).toBe(404);

    const audit = (await t.admin.get('/api/v1/audit-log?targetType=kb_article&limit=100')).body.items.filter((e: { target: { id: number } }) => e.target.id === a.id);
    expect(audit.map((e: { action: string }) => e.action)).toEqual(['kb_article.restored', 'kb_article.updated', 'kb_article.updated', 'kb_article.created']);
  });

  it('sanitizes bodies on save as email HTML is, keeps the article\'s own pictures and drops remote ones', async () => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' }), 'screen.png');
    const upload = await t.admin.post('/api/v1/attachments', form);
    expect(upload.status).toBe(201);
    const fileId = upload.body.id as string;

    const samples = hostileSamples();
    expect(samples.length).toBeGreaterThan(8);
    const failures: string[] = [];
    for (const [i, payload] of samples.entries()) {
      const saved = await t.admin.post<KbArticleDto>('/api/v1/kb/articles', { title: `Hostile ${i}`, language: 'lv', body: `<p>Sākums</p>${payload}`, status: 'published' });
      if (saved.status !== 201) {
        failures.push(`${i}: ${saved.status}`);
        continue;
      }
      const problems = unsafeParts(saved.body.body);
      if (problems.length > 0) failures.push(`${i}: ${problems.join(', ')} in ${saved.body.body.slice(0, 200)}`);
      // The public page carries the stored body as it is: the same checks on the whole page's article.
      const html = await (await page(pageOf(saved.body))).text();
      const article = /<div class="article">([\s\S]*)<\/div><\/article>/.exec(html)?.[1] ?? '';
      if (unsafeParts(article).length > 0) failures.push(`${i} page: ${unsafeParts(article).join(', ')}`);
    }
    expect(failures).toEqual([]);

    const withPictures = await create({
      title: 'Attēli',
      language: 'lv',
      status: 'published',
      body: `<p>Skat. <a href="/help/lv/cits-raksts">cits</a></p><img src="/help/files/${fileId}" alt="ekrāns"><img src="https://tracker.example/p.gif"><img src="/help/files/00000000-0000-4000-8000-000000000000">`,
    });
    expect(withPictures.body).toContain(`<img src="/help/files/${fileId}" alt="ekrāns" />`);
    expect(withPictures.body).not.toContain('tracker.example');
    expect(withPictures.body).toContain(`<a href="${PUBLIC_URL}/help/lv/cits-raksts" target="_blank" rel="noopener noreferrer">cits</a>`);
    expect(withPictures.body).not.toContain('00000000-0000-4000-8000-000000000000');
    const picture = await page(`/help/files/${fileId}`);
    expect(picture.status).toBe(200);
    expect(picture.headers.get('content-type')).toBe('image/png');
    // A file no public article shows is not served.
    const other = new FormData();
    other.append('file', new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' }), 'private.png');
    const unused = await t.admin.post('/api/v1/attachments', other);
    expect((await page(`/help/files/${unused.body.id}`)).status).toBe(404);
    expect((await page('/help/files/not-a-uuid')).status).toBe(404);
  });

  it('finds articles in Bulgarian, Ukrainian and Greek whatever the case and accents', async () => {
    const bg = await create({ title: 'Принтерът не печата', language: 'bg', body: '<p>Проверете дали хартията е заредена и кабелът е свързан.</p>', status: 'published' });
    const uk = await create({ title: 'Їжачок і принтер', language: 'uk', body: '<p>Перевірте, чи є папір у лотку та чи під’єднано кабель.</p>', status: 'published', translationOf: bg.id });
    const el = await create({ title: 'Ο ΕΚΤΥΠΩΤΉΣ ΔΕΝ ΤΥΠΏΝΕΙ', language: 'el', body: '<p>Ελέγξτε το χαρτί και το καλώδιο σύνδεσης.</p>', status: 'published', translationOf: bg.id });
    const search = async (language: string, q: string) => (await visitor.get(`/api/v1/public/kb/search?language=${language}&q=${encodeURIComponent(q)}`)).body.items as { id: number; snippet: { text: string; match: boolean }[] }[];

    expect((await search('bg', 'ПРИНТЕРЪТ')).map((h) => h.id)).toEqual([bg.id]);
    // The last word is a prefix while it is typed; a word that is not there finds nothing.
    expect((await search('bg', 'хартия')).map((h) => h.id)).toEqual([bg.id]);
    expect((await search('bg', 'хартиен')).map((h) => h.id)).toEqual([]);
    expect((await search('bg', 'хартия ')).map((h) => h.id)).toEqual([]);
    expect((await search('bg', '"кабелът е свързан"')).map((h) => h.id)).toEqual([bg.id]);
    expect((await search('uk', 'іжачок')).map((h) => h.id)).toEqual([uk.id]);
    expect((await search('uk', 'під’єднано')).map((h) => h.id)).toEqual([uk.id]);
    expect((await search('el', 'εκτυπωτης')).map((h) => h.id)).toEqual([el.id]);
    const [hit] = await search('el', 'χαρτι');
    expect(hit?.id).toBe(el.id);
    expect(hit?.snippet.filter((p) => p.match).map((p) => p.text)).toEqual(['χαρτί']);
    // The same search from the page, no script needed.
    const html = await (await page(`/help/el/search?q=${encodeURIComponent('ΕΚΤΥΠΩΤΗΣ')}`)).text();
    expect(html).toContain(`href="/help/el/${encodeURIComponent(el.slug)}"`);
    expect(html).toContain('Άρθρα που βρέθηκαν: 1');
    expect(html).not.toContain(encodeURIComponent(bg.slug));
  });

  it('counts "was this helpful?" answers per article from the no-script form', async () => {
    const a = await create({ title: 'Feedback article', language: 'ru', body: '<p>Текст</p>', status: 'published' });
    const draft = await create({ title: 'Feedback draft', language: 'ru', body: '<p>Текст</p>' });
    const answer = (article: KbArticleDto, value: string) =>
      fetch(`${t.baseUrl}${pageOf(article)}/feedback`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `answer=${value}` });
    const yes = await answer(a, 'yes');
    expect(yes.status).toBe(200);
    expect(await yes.text()).toContain('Спасибо за ваш отзыв.');
    expect((await answer(a, 'yes')).status).toBe(200);
    expect((await answer(a, 'no')).status).toBe(200);
    expect((await answer(a, 'maybe')).status).toBe(400);
    expect((await answer(draft, 'yes')).status).toBe(404);
    expect((await visitor.post(`/api/v1/public/kb/articles/${a.id}/feedback`, { answer: 'no' })).status).toBe(201);
    expect((await visitor.post(`/api/v1/public/kb/articles/${draft.id}/feedback`, { answer: 'no' })).status).toBe(404);
    expect((await visitor.post(`/api/v1/public/kb/articles/${a.id}/feedback`, { answer: 'yes', extra: 1 })).status).toBe(400);
    expect((await t.admin.get(`/api/v1/kb/articles/${a.id}`)).body.feedback).toEqual({ yes: 2, no: 2 });
    expect((await t.admin.get(`/api/v1/kb/articles/${draft.id}`)).body.feedback).toEqual({ yes: 0, no: 0 });
    const page = await (await fetch(`${t.baseUrl}${pageOf(a)}`)).text();
    expect(page).toContain('<form method="post" action="/help/ru/');
    expect(page).toContain('Была ли эта статья полезной?');
  });

  it('refuses bad input with a clear 4xx and writes nothing', async () => {
    const before = (await t.admin.get('/api/v1/kb/articles?limit=100')).body.items.length;
    const bad = async (body: Record<string, unknown>, status: number, code?: string) => {
      const res = await t.admin.post('/api/v1/kb/articles', body);
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      if (code) expect(res.body.error.code).toBe(code);
    };
    await bad({ title: 'X', language: 'de', body: '<p>x</p>' }, 400);
    await bad({ title: '', language: 'en', body: '<p>x</p>' }, 400);
    await bad({ title: 'X', language: 'en', body: 'x'.repeat(200_001) }, 400);
    await bad({ title: 'X', language: 'en', body: 'я'.repeat(600_000) }, 413);
    await bad({ title: 'X', language: 'en', body: '<p>x</p>', categoryId: 999_999 }, 404, 'resource/not_found');
    await bad({ title: 'X', language: 'en', body: '<p>x</p>', translationOf: 999_999 }, 404, 'resource/not_found');
    await bad({ title: 'X', language: 'en', body: '<p>x</p>', slug: 'Not A Slug' }, 400, 'kb/slug_invalid');
    await bad({ title: 'X', language: 'en', body: '<p>x</p>', slug: 'search' }, 400, 'kb/slug_invalid');
    await bad({ title: 'X', language: 'en', body: '<p>x</p>', status: 'archived' }, 400);
    await bad({ title: 'X', language: 'en', body: '<p>x</p>', unknown: true }, 400);
    expect((await t.admin.get('/api/v1/kb/articles?limit=100')).body.items.length).toBe(before);

    const first = await create({ title: 'Duplicate me', language: 'en', body: '<p>1</p>', slug: 'duplicate-me' });
    await bad({ title: 'Other', language: 'en', body: '<p>2</p>', slug: 'duplicate-me' }, 409, 'kb/slug_taken');
    // The same slug in another language is fine; a title-made slug is numbered.
    expect((await create({ title: 'Duplicate me', language: 'lv', body: '<p>1</p>' })).slug).toBe('duplicate-me');
    expect((await create({ title: 'Duplicate me', language: 'en', body: '<p>3</p>' })).slug).toBe('duplicate-me-2');
    // One article per language in a translation group.
    await bad({ title: 'Second English', language: 'en', body: '<p>x</p>', translationOf: first.id }, 409, 'kb/translation_exists');
    const ruTranslation = await create({ title: 'Перевод', language: 'ru', body: '<p>x</p>', translationOf: first.id });
    const clash = await t.admin.patch(`/api/v1/kb/articles/${ruTranslation.id}`, { language: 'en' });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('kb/translation_exists');

    for (const path of ['/api/v1/kb/articles/999999', '/api/v1/kb/articles/999999/revisions']) expect((await t.admin.get(path)).status).toBe(404);
    expect((await t.admin.get('/api/v1/kb/articles/abc')).status).toBe(400);
    expect((await t.admin.get('/api/v1/kb/articles?cursor=xyz')).status).toBe(400);
    expect((await t.admin.patch('/api/v1/kb/articles/999999', { title: 'x' })).status).toBe(404);
    expect((await t.admin.delete('/api/v1/kb/articles/999999')).status).toBe(404);
    expect((await visitor.get('/api/v1/public/kb/search?q=x&language=xx')).status).toBe(400);
    expect((await visitor.get(`/api/v1/public/kb/search?q=${'x'.repeat(501)}&language=en`)).status).toBe(400);
    expect((await page(`/help/en/${'я'.repeat(2000)}`)).status).toBe(404);
  });

  it('lets agents read but not edit, and visitors reach no agent endpoint', async () => {
    const a = await create({ title: 'Authorization article', language: 'en', body: '<p>x</p>', status: 'published' });
    const category = await t.admin.post('/api/v1/kb/categories', { names: { bg: 'Плащания', en: 'Billing' } });
    expect(category.status).toBe(201);
    for (const [method, path, body] of [
      ['POST', '/api/v1/kb/articles', { title: 'Agent', language: 'en', body: '<p>x</p>' }],
      ['PATCH', `/api/v1/kb/articles/${a.id}`, { title: 'Changed' }],
      ['DELETE', `/api/v1/kb/articles/${a.id}`, undefined],
      ['POST', `/api/v1/kb/articles/${a.id}/revisions/1/restore`, undefined],
      ['GET', `/api/v1/kb/articles/${a.id}/revisions`, undefined],
      ['POST', '/api/v1/kb/categories', { names: { en: 'Agent' } }],
      ['PATCH', `/api/v1/kb/categories/${category.body.id}`, { names: { en: 'x' } }],
      ['DELETE', `/api/v1/kb/categories/${category.body.id}`, undefined],
    ] as const) {
      const res = await agent.request(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.code).toBe('auth/forbidden');
      const anonymous = await visitor.request(method, path, body);
      expect(anonymous.status, `anonymous ${method} ${path}`).toBe(401);
    }
    for (const path of ['/api/v1/kb/articles', `/api/v1/kb/articles/${a.id}`, '/api/v1/kb/categories', '/api/v1/kb/search?q=x&language=en']) {
      expect((await visitor.get(path)).status).toBe(401);
      expect((await agent.get(path)).status).toBe(200);
    }
    expect((await t.admin.get(`/api/v1/kb/articles/${a.id}`)).body.title).toBe('Authorization article');

    // Categories show on the index in the page's language; deleting one leaves its articles uncategorised.
    await t.admin.patch(`/api/v1/kb/articles/${a.id}`, { categoryId: category.body.id });
    expect(await (await page('/help/en')).text()).toContain('<h2>Billing</h2>');
    expect((await t.admin.delete(`/api/v1/kb/categories/${category.body.id}`)).status).toBe(200);
    expect((await t.admin.get(`/api/v1/kb/articles/${a.id}`)).body.categoryId).toBeNull();
  });

  it('shows a draft\'s pictures to signed-in agents only', async () => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1])], { type: 'image/png' }), 'draft.png');
    const upload = await t.admin.post('/api/v1/attachments', form);
    const draft = await create({ title: 'Draft with a picture', language: 'en', body: `<img src="/help/files/${upload.body.id}" alt="d">` });
    expect(draft.body).toContain(`/help/files/${upload.body.id}`);
    expect((await page(`/help/files/${upload.body.id}`)).status).toBe(404);
    expect((await agent.get(`/help/files/${upload.body.id}`)).status).toBe(200);
    await t.admin.patch(`/api/v1/kb/articles/${draft.id}`, { status: 'published' });
    expect((await page(`/help/files/${upload.body.id}`)).status).toBe(200);
  });

  // Last: it spends this address's allowance of answers.
  it('limits "was this helpful?" answers per address and counts only those taken', async () => {
    const a = await create({ title: 'Rate limited article', language: 'uk', body: '<p>Текст</p>', status: 'published' });
    let accepted = 0;
    let limited: Response | null = null;
    for (let i = 0; i < 80 && !limited; i++) {
      const res = await fetch(`${t.baseUrl}${pageOf(a)}/feedback`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'answer=yes' });
      if (res.status === 200) accepted++;
      else limited = res;
    }
    expect(limited?.status).toBe(429);
    expect(await limited!.text()).toContain('З вашої адреси надійшло забагато відповідей.');
    expect(accepted).toBeGreaterThan(0);
    expect((await visitor.post(`/api/v1/public/kb/articles/${a.id}/feedback`, { answer: 'no' })).body.error.code).toBe('request/rate_limited');
    expect((await t.admin.get(`/api/v1/kb/articles/${a.id}`)).body.feedback).toEqual({ yes: accepted, no: 0 });
  });
});
