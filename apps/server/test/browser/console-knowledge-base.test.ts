import type { KbArticleDto } from '@parley/protocol';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAccessibilityViolations } from '../helpers/axe.js';
import { hasChromium, launchChromium, screenshotPath } from '../helpers/browser.js';
import { consoleMessages } from '../helpers/console-messages.js';
import { ADMIN, createTestApp, describeEachDatabase, type TestApp } from '../helpers/create-test-app.js';

const bg = consoleMessages('bg');
const uk = consoleMessages('uk');
const PUBLIC_URL = 'https://help.parley.test';
const AGENT_PASSWORD = 'agent password 123';
/** A 1×1 PNG: a real picture the editor shows once uploaded. */
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const BG_TITLE = 'Как да настроя принтера';
const UK_TITLE = 'Як налаштувати принтер';

async function signIn(page: Page, baseUrl: string, m: typeof bg, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel(m('signIn.email')).fill(email);
  await page.getByLabel(m('signIn.password'), { exact: true }).fill(password);
  await page.getByRole('button', { name: m('signIn.submit'), exact: true }).click();
  await page.waitForURL(/\/tickets/);
}

/** The article form (the console's side bar has a language picker of its own). */
const editorForm = (page: Page) => page.locator('form.kb-edit__form');
/** A picture's width once loaded (0 while loading or broken): whether it is really shown. */
const shownWidth = (picture: Locator) =>
  picture.evaluate((element) => {
    const img = element as unknown as { complete: boolean; naturalWidth: number };
    return img.complete ? img.naturalWidth : 0;
  });
const toolbarButton = (page: Page, name: string) => page.getByRole('toolbar').getByRole('button', { name, exact: true });

/**
 * An administrator whose console speaks Bulgarian writes an article in the editor (a heading, a list, a link,
 * an uploaded picture), publishes it and writes its Ukrainian translation; a reader without JavaScript finds
 * it at /help and follows the translation link; an agent whose console speaks Ukrainian searches the
 * knowledge base while replying to a ticket and sends the article's link.
 */
describe.skipIf(!hasChromium)('console: the knowledge base [chromium]', () => {
  // On each database: the articles' search differs (FTS5 on SQLite, the lexeme index on PostgreSQL).
  describeEachDatabase('knowledge base', (db) => {
    let t: TestApp;
    let browser: Browser;
    const contexts: BrowserContext[] = [];
    let admin: Page;
    let agentAccount: { id: number; email: string };
    let ticketId: number;
    let bgArticle: KbArticleDto;
    let ukArticle: KbArticleDto;
    let internalId: number;

    beforeAll(async () => {
      t = await createTestApp({ db, env: { PUBLIC_URL } });
      const me = (await t.admin.get('/api/v1/auth/session')).body.agent;
      expect((await t.admin.patch(`/api/v1/agents/${me.id}`, { locale: 'bg' })).status).toBe(200);
      const support = await t.department('Поддръжка');
      agentAccount = await t.agent({ name: 'Оксана Коваль', departmentIds: [support] });
      expect((await t.admin.patch(`/api/v1/agents/${agentAccount.id}`, { locale: 'uk' })).status).toBe(200);
      const created = await t.admin.post('/api/v1/tickets', { subject: 'Принтерът не печата', message: 'Помогнете, моля.', contact: { email: 'klient@example.bg' }, departmentId: support, agentId: agentAccount.id });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      ticketId = created.body.ticket.id;
      // An internal article with the same words: the agent sees it marked, with its text only.
      const internal = await t.admin.post('/api/v1/kb/articles', { title: 'Вътрешно: принтерът на склада', language: 'bg', body: '<p>Принтерът на склада се рестартира от сървърната стая.</p>', status: 'published', visibility: 'internal' });
      expect(internal.status).toBe(201);
      internalId = internal.body.id;
      browser = await launchChromium();
      const context = await browser.newContext({ locale: 'bg-BG', viewport: { width: 1440, height: 1000 } });
      contexts.push(context);
      admin = await context.newPage();
      admin.setDefaultTimeout(10_000);
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await t?.close();
    });

    it('lets an administrator write an article in Bulgarian and its Ukrainian translation', async () => {
      await signIn(admin, t.baseUrl, bg, ADMIN.email, ADMIN.password);
      await admin.getByRole('navigation', { name: bg('console.navigation') }).getByRole('link', { name: bg('knowledgeBase.nav'), exact: true }).click();
      await admin.waitForURL(/\/knowledge-base$/);
      await admin.getByRole('heading', { level: 1, name: bg('knowledgeBase.title') }).waitFor();
      // A category first, named in Bulgarian and Ukrainian.
      await admin.getByRole('link', { name: bg('knowledgeBase.manageCategories'), exact: true }).click();
      await admin.getByRole('button', { name: bg('knowledgeBase.categories.add'), exact: true }).click();
      const categoryDialog = admin.getByRole('dialog', { name: bg('knowledgeBase.categories.add') });
      await categoryDialog.getByRole('button', { name: bg('knowledgeBase.categories.save') }).click();
      await expect.poll(() => categoryDialog.getByRole('alert').textContent()).toBe(bg('knowledgeBase.categories.nameRequired'));
      await categoryDialog.getByLabel(bg('knowledgeBase.categories.name', { language: 'български' })).fill('Принтери');
      await categoryDialog.getByLabel(bg('knowledgeBase.categories.name', { language: 'украински' })).fill('Принтери й сканери');
      await categoryDialog.getByRole('button', { name: bg('knowledgeBase.categories.save') }).click();
      await categoryDialog.waitFor({ state: 'hidden' });
      await admin.locator('.kb__item strong', { hasText: 'Принтери' }).waitFor();
      const [category] = (await t.admin.get('/api/v1/kb/categories')).body.items;
      expect(category.names).toEqual({ bg: 'Принтери', uk: 'Принтери й сканери' });
      await admin.getByRole('link', { name: bg('knowledgeBase.article.back') }).click();
      await admin.getByRole('link', { name: bg('knowledgeBase.newArticle'), exact: true }).click();
      await admin.waitForURL(/\/knowledge-base\/articles\/new/);

      await editorForm(admin).getByLabel(bg('knowledgeBase.editor.titleField'), { exact: true }).fill(BG_TITLE);
      await editorForm(admin).getByLabel(bg('knowledgeBase.editor.language'), { exact: true }).selectOption('bg');
      await editorForm(admin).getByLabel(bg('knowledgeBase.editor.tags'), { exact: true }).fill('Принтер, печат');
      await editorForm(admin).getByLabel(bg('knowledgeBase.editor.category'), { exact: true }).selectOption({ label: 'Принтери' });
      const body = admin.getByRole('textbox', { name: bg('knowledgeBase.editor.body'), exact: true });
      await body.click();
      await toolbarButton(admin, bg('knowledgeBase.toolbar.heading', { level: '2' })).click();
      await expect.poll(() => toolbarButton(admin, bg('knowledgeBase.toolbar.heading', { level: '2' })).getAttribute('aria-pressed')).toBe('true');
      await admin.keyboard.type('Стъпки');
      await admin.keyboard.press('Enter');
      await admin.keyboard.type('Проверете хартията и кабела.');
      await admin.keyboard.press('Enter');
      await toolbarButton(admin, bg('knowledgeBase.toolbar.bulletList')).click();
      await expect.poll(() => toolbarButton(admin, bg('knowledgeBase.toolbar.bulletList')).getAttribute('aria-pressed')).toBe('true');
      await admin.keyboard.type('Изключете принтера');
      await admin.keyboard.press('Enter');
      await admin.keyboard.type('Включете го отново');
      await admin.keyboard.press('Enter');
      await admin.keyboard.press('Enter');
      await admin.keyboard.type('Още помощ: ');
      await toolbarButton(admin, bg('knowledgeBase.toolbar.link')).click();
      const linkDialog = admin.getByRole('dialog', { name: bg('knowledgeBase.link.title') });
      await linkDialog.getByLabel(bg('knowledgeBase.link.url')).fill('javascript:alert(1)');
      await linkDialog.getByRole('button', { name: bg('knowledgeBase.link.apply') }).click();
      await expect.poll(() => linkDialog.getByRole('alert').textContent()).toBe(bg('knowledgeBase.link.invalid'));
      await linkDialog.getByLabel(bg('knowledgeBase.link.url')).fill('https://example.com/printer');
      await linkDialog.getByRole('button', { name: bg('knowledgeBase.link.apply') }).click();
      await linkDialog.waitFor({ state: 'hidden' });
      await body.press('End');
      await admin.keyboard.press('Enter');
      await admin.locator('[data-picture-input]').setInputFiles({ name: 'printer-panel.png', mimeType: 'image/png', buffer: PIXEL });
      const picture = body.locator('img[alt="printer panel"]');
      await picture.waitFor();
      // The uploaded picture shows while writing (its uploader may read it before any article owns it).
      await expect.poll(() => shownWidth(picture)).toBe(1);
      await editorForm(admin).getByLabel(bg('knowledgeBase.editor.status'), { exact: true }).selectOption('published');

      expect(await seriousAccessibilityViolations(admin)).toEqual([]);
      await admin.screenshot({ path: screenshotPath('console-knowledge-base-editor-bg'), fullPage: true });
      await admin.getByRole('button', { name: bg('knowledgeBase.editor.save'), exact: true }).click();
      await admin.waitForURL(/\/knowledge-base\/articles\/\d+$/);
      await admin.getByRole('heading', { level: 1, name: BG_TITLE }).waitFor();
      const bgId = Number(/articles\/(\d+)$/.exec(admin.url())![1]);
      bgArticle = (await t.admin.get(`/api/v1/kb/articles/${bgId}`)).body;
      expect(bgArticle).toMatchObject({ language: 'bg', status: 'published', visibility: 'public', tags: ['принтер', 'печат'], revision: 1, categoryId: category.id });
      expect(bgArticle.body).toContain('<h2>Стъпки</h2>');
      expect(bgArticle.body).toMatch(/<ul><li><p>Изключете принтера<\/p><\/li><li><p>Включете го отново<\/p><\/li><\/ul>/);
      expect(bgArticle.body).toMatch(/<p>Още помощ: <a [^>]*href="https:\/\/example\.com\/printer"[^>]*>https:\/\/example\.com\/printer<\/a><\/p>/);
      expect(bgArticle.body).toMatch(/<img src="\/help\/files\/[0-9a-f-]{36}" alt="printer panel" \/>/);
      expect(bgArticle.body).not.toContain('/api/v1/attachments/');
      // The article as an agent reads it: the same text, the picture from the help center.
      const read = admin.getByRole('article', { name: bg('knowledgeBase.article.body') });
      await expect.poll(() => read.locator('h2').textContent()).toBe('Стъпки');
      await expect.poll(() => shownWidth(read.locator('img'))).toBe(1);
      await admin.screenshot({ path: screenshotPath('console-knowledge-base-article-bg'), fullPage: true });

      // The Ukrainian translation, started from the article.
      await admin.locator('.kb-translations li[data-language="uk"]').getByRole('link').click();
      await admin.waitForURL(/\/knowledge-base\/articles\/new\?/);
      expect(await editorForm(admin).getByLabel(bg('knowledgeBase.editor.language'), { exact: true }).inputValue()).toBe('uk');
      expect(await editorForm(admin).getByLabel(bg('knowledgeBase.editor.tags'), { exact: true }).inputValue()).toBe('принтер, печат');
      await editorForm(admin).getByLabel(bg('knowledgeBase.editor.titleField'), { exact: true }).fill(UK_TITLE);
      await admin.getByRole('textbox', { name: bg('knowledgeBase.editor.body'), exact: true }).click();
      await admin.keyboard.type('Перевірте папір і кабель принтера.');
      await editorForm(admin).getByLabel(bg('knowledgeBase.editor.status'), { exact: true }).selectOption('published');
      await admin.getByRole('button', { name: bg('knowledgeBase.editor.save'), exact: true }).click();
      await admin.getByRole('heading', { level: 1, name: UK_TITLE }).waitFor();
      const ukId = Number(/articles\/(\d+)$/.exec(admin.url())![1]);
      ukArticle = (await t.admin.get(`/api/v1/kb/articles/${ukId}`)).body;
      expect(ukArticle).toMatchObject({ language: 'uk', status: 'published', translationGroupId: bgArticle.translationGroupId, categoryId: category.id });
      expect(ukArticle.translations.map((x) => x.language)).toEqual(['bg']);
      await admin.locator('.kb-translations li[data-language="bg"]').getByRole('link').click();
      await admin.getByRole('heading', { level: 1, name: BG_TITLE }).waitFor();

      // The list, searched: the Bulgarian article found in the agent's own language first.
      await admin.getByRole('link', { name: bg('knowledgeBase.article.back') }).click();
      const filters = admin.getByRole('search', { name: bg('knowledgeBase.filters.legend') });
      await filters.getByLabel(bg('knowledgeBase.filters.search')).fill('хартията');
      await admin.waitForURL(/q=/);
      const list = admin.getByRole('list', { name: bg('knowledgeBase.list.label') });
      await expect.poll(() => list.getByRole('listitem').allTextContents()).toHaveLength(1);
      expect(await list.getByRole('link').textContent()).toBe(BG_TITLE);
      expect(await list.locator('mark').first().textContent()).toBe('хартията');
      await filters.getByLabel(bg('knowledgeBase.filters.search')).fill('');
      await filters.getByLabel(bg('knowledgeBase.filters.language')).selectOption('uk');
      await expect.poll(() => list.getByRole('link').allTextContents()).toEqual([UK_TITLE]);
      await filters.getByLabel(bg('knowledgeBase.filters.language')).selectOption('');
      await filters.getByLabel(bg('knowledgeBase.filters.visibility')).selectOption('internal');
      await expect.poll(() => list.getByRole('link').allTextContents()).toEqual(['Вътрешно: принтерът на склада']);
      await filters.getByLabel(bg('knowledgeBase.filters.visibility')).selectOption('');
      await expect.poll(() => list.getByRole('link').count()).toBe(3);
      expect(await seriousAccessibilityViolations(admin)).toEqual([]);
      await admin.screenshot({ path: screenshotPath('console-knowledge-base-list-bg'), fullPage: true });

      // An edit, then its history: who changed which field, and the first revision brought back.
      await list.getByRole('link', { name: BG_TITLE }).click();
      await admin.getByRole('link', { name: bg('knowledgeBase.article.edit'), exact: true }).click();
      await admin.waitForURL(/\/edit$/);
      await editorForm(admin).getByLabel(bg('knowledgeBase.editor.titleField'), { exact: true }).fill('Принтерът: настройка');
      await admin.getByRole('button', { name: bg('knowledgeBase.editor.save'), exact: true }).click();
      await admin.getByRole('heading', { level: 1, name: 'Принтерът: настройка' }).waitFor();
      await admin.getByRole('link', { name: bg('knowledgeBase.article.history'), exact: true }).click();
      const revisions = admin.getByRole('list', { name: bg('knowledgeBase.history.label') });
      await expect.poll(() => revisions.getByRole('listitem').count()).toBe(2);
      const second = await revisions.locator('[data-revision="2"]').textContent();
      expect(second).toContain(bg('knowledgeBase.history.changed', { fields: bg('knowledgeBase.history.fields.title') }));
      expect(second).toContain(ADMIN.name);
      const first = revisions.locator('[data-revision="1"]');
      await first.getByRole('button', { name: bg('knowledgeBase.history.show') }).click();
      await expect.poll(() => admin.locator('.kb-history__preview h3').textContent()).toBe(BG_TITLE);
      expect(await seriousAccessibilityViolations(admin)).toEqual([]);
      await first.getByRole('button', { name: bg('knowledgeBase.history.restore') }).click();
      const confirm = admin.getByRole('dialog', { name: bg('knowledgeBase.history.restore') });
      await confirm.getByRole('button', { name: bg('knowledgeBase.history.restore') }).click();
      await expect.poll(() => revisions.getByRole('listitem').count()).toBe(3);
      expect(await revisions.locator('[data-revision="3"]').textContent()).toContain(bg('knowledgeBase.history.restored', { revision: '1' }));
      expect((await t.admin.get(`/api/v1/kb/articles/${bgId}`)).body).toMatchObject({ title: BG_TITLE, revision: 3 });
    });

    it('shows the article at /help without JavaScript, found by search, with a link to its translation', async () => {
      const context = await browser.newContext({ javaScriptEnabled: false, locale: 'bg-BG' });
      contexts.push(context);
      const reader = await context.newPage();
      reader.setDefaultTimeout(10_000);
      await reader.goto(`${t.baseUrl}/help`);
      expect(new URL(reader.url()).pathname).toBe('/help/bg');
      expect(await reader.locator('html').getAttribute('lang')).toBe('bg');
      await reader.locator('form.search input[name="q"]').fill('принтера');
      await reader.locator('form.search button').click();
      await reader.waitForURL(/\/help\/bg\/search\?q=/);
      await reader.getByRole('link', { name: BG_TITLE }).click();
      expect(decodeURIComponent(new URL(reader.url()).pathname)).toBe(`/help/bg/${bgArticle.slug}`);
      expect(await reader.locator('h1').textContent()).toBe(BG_TITLE);
      expect(await reader.locator('.article h2').textContent()).toBe('Стъпки');
      expect(await reader.locator('.article li').allTextContents()).toEqual(['Изключете принтера', 'Включете го отново']);
      await expect.poll(() => shownWidth(reader.locator('.article img'))).toBe(1);
      expect(await reader.locator('link[rel="alternate"][hreflang="uk"]').getAttribute('href')).toBe(ukArticle.url);
      await reader.locator('ul.translations a[hreflang="uk"]').click();
      expect(decodeURIComponent(new URL(reader.url()).pathname)).toBe(`/help/uk/${ukArticle.slug}`);
      expect(await reader.locator('html').getAttribute('lang')).toBe('uk');
      expect(await reader.locator('h1').textContent()).toBe(UK_TITLE);
      expect(await reader.locator('.article').textContent()).toContain('Перевірте папір і кабель принтера.');
    });

    it('lets an agent search the knowledge base while replying and send the article\'s link', async () => {
      const context = await browser.newContext({ locale: 'uk-UA', viewport: { width: 1440, height: 1000 } });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      await signIn(page, t.baseUrl, uk, agentAccount.email, AGENT_PASSWORD);
      await page.goto(`${t.baseUrl}/tickets/${ticketId}`);
      await page.getByRole('button', { name: uk('knowledgeBase.picker.open'), exact: true }).click();
      const dialog = page.getByRole('dialog', { name: uk('knowledgeBase.picker.title') });
      await dialog.waitFor();
      await dialog.getByLabel(uk('knowledgeBase.picker.language')).selectOption('bg');
      await dialog.getByLabel(uk('knowledgeBase.picker.search')).fill('принтер');
      const results = dialog.getByRole('list', { name: uk('knowledgeBase.picker.results') });
      const publicHit = results.locator(`[data-article="${bgArticle.id}"]`);
      const internalHit = results.locator('[data-visibility="internal"]');
      await publicHit.waitFor();
      await internalHit.waitFor();
      // The internal article is marked, and offers its text only: a customer could not open its link.
      expect(await internalHit.textContent()).toContain(uk('knowledgeBase.picker.internalNote'));
      expect(await internalHit.getByRole('button', { name: uk('knowledgeBase.picker.insertLink') }).count()).toBe(0);
      expect(await internalHit.getByRole('button', { name: uk('knowledgeBase.picker.insertText') }).count()).toBe(1);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await page.screenshot({ path: screenshotPath('console-knowledge-base-reply-uk') });

      await publicHit.getByRole('button', { name: uk('knowledgeBase.picker.insertLink') }).click();
      await dialog.waitFor({ state: 'hidden' });
      const reply = page.getByLabel(uk('tickets.composer.replyBody'));
      expect(bgArticle.url).toBe(`${PUBLIC_URL}/help/bg/${encodeURIComponent(bgArticle.slug)}`);
      await expect.poll(() => reply.inputValue()).toContain(`${BG_TITLE}: ${bgArticle.url}`);
      await page.getByRole('button', { name: uk('tickets.composer.send'), exact: true }).click();
      await expect.poll(() => reply.inputValue()).toBe('');
      await expect
        .poll(async () => ((await t.admin.get(`/api/v1/tickets/${ticketId}`)).body.thread as { kind: string; body: string }[]).filter((i) => i.kind !== 'customer_message' && i.body.includes(bgArticle.url!)).length)
        .toBe(1);

      // Its text instead, into a new reply: the article's words as plain text.
      await page.getByRole('button', { name: uk('knowledgeBase.picker.open'), exact: true }).click();
      await dialog.getByLabel(uk('knowledgeBase.picker.language')).selectOption('bg');
      await dialog.getByLabel(uk('knowledgeBase.picker.search')).fill('хартията');
      await publicHit.getByRole('button', { name: uk('knowledgeBase.picker.insertText') }).click();
      await dialog.waitFor({ state: 'hidden' });
      await expect.poll(() => reply.inputValue()).toContain('Стъпки\n\nПроверете хартията и кабела.\n\n- Изключете принтера\n- Включете го отново');

      // Agents read every article, internal ones too, but edit none: no editing links, and the editor's address leads away.
      await page.getByRole('navigation', { name: uk('console.navigation') }).getByRole('link', { name: uk('knowledgeBase.nav'), exact: true }).click();
      await page.getByRole('heading', { level: 1, name: uk('knowledgeBase.title') }).waitFor();
      expect(await page.getByRole('link', { name: uk('knowledgeBase.newArticle') }).count()).toBe(0);
      await page.getByRole('link', { name: 'Вътрешно: принтерът на склада' }).click();
      await page.getByRole('heading', { level: 1, name: 'Вътрешно: принтерът на склада' }).waitFor();
      await expect.poll(() => page.getByRole('article', { name: uk('knowledgeBase.article.body') }).textContent()).toContain('Принтерът на склада се рестартира');
      expect(await page.getByRole('link', { name: uk('knowledgeBase.article.edit') }).count()).toBe(0);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await page.screenshot({ path: screenshotPath('console-knowledge-base-article-uk') });
      expect(new URL(page.url()).pathname).toBe(`/knowledge-base/articles/${internalId}`);
      await page.goto(`${t.baseUrl}/knowledge-base/articles/${internalId}/edit`);
      await page.waitForURL(/\/tickets$/);
    });
  });
});
