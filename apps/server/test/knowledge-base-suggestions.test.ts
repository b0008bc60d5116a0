import type { KbArticleDto, KbSearchHitDto } from '@parley/protocol';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, describeEachDatabase, type TestApp } from './helpers/create-test-app.js';
import type { HttpClient } from './helpers/http-client.js';

/**
 * Article suggestions as a visitor writes their first message (`match=any` on the public search): a sentence
 * finds the articles that hold some of its words, those holding more first, among published public articles of
 * its language only; the default search still wants every word.
 */
describeEachDatabase('knowledge base suggestions', (db) => {
  let t: TestApp;
  let visitor: HttpClient;
  let password: KbArticleDto;
  let printer: KbArticleDto;
  let invoice: KbArticleDto;
  let draft: KbArticleDto;
  let internal: KbArticleDto;

  const create = async (body: Record<string, unknown>) => {
    const res = await t.admin.post<KbArticleDto>('/api/v1/kb/articles', body);
    if (res.status !== 201) throw new Error(`create failed ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const suggest = async (q: string, language = 'bg', extra = '&match=any') => {
    const res = await visitor.get<{ items: KbSearchHitDto[] }>(`/api/v1/public/kb/search?language=${language}&q=${encodeURIComponent(q)}&limit=3${extra}`);
    expect(res.status).toBe(200);
    return res.body.items.map((hit) => hit.id);
  };

  beforeAll(async () => {
    t = await createTestApp({ db });
    visitor = t.client();
    password = await create({ title: 'Как да сменя паролата си', language: 'bg', body: '<p>Отворете настройките на профила и изберете „Смяна на паролата“.</p>', status: 'published' });
    printer = await create({ title: 'Принтерът не печата', language: 'bg', body: '<p>Проверете хартията и профила на принтера.</p>', status: 'published' });
    invoice = await create({ title: 'Фактура за поръчка', language: 'bg', body: '<p>Фактурата идва по имейл след плащането.</p>', status: 'published' });
    draft = await create({ title: 'Паролата в чернова', language: 'bg', body: '<p>Паролата и профила.</p>' });
    internal = await create({ title: 'Паролата за агенти', language: 'bg', body: '<p>Паролата и профила.</p>', status: 'published', visibility: 'internal' });
    await create({ title: 'Passwort', language: 'en', body: '<p>паролата профила</p>', status: 'published' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('finds the articles holding any word of a sentence, those holding more first', async () => {
    // "паролата" is in one article, "профила" in two: the article with both comes first.
    expect(await suggest('Не мога да сменя паролата в профила')).toEqual([password.id, printer.id]);
    // Every word required (the default): no article holds them all.
    expect(await suggest('Не мога да сменя паролата в профила', 'bg', '')).toEqual([]);
    expect(await suggest('Не мога да сменя паролата в профила', 'bg', '&match=all')).toEqual([]);
  });

  it('leaves out little words when longer ones are there, and reads the last word as typed so far', async () => {
    // "да" and "на" are in most texts; alone they would suggest everything.
    expect(await suggest('да на фактур')).toEqual([invoice.id]);
    // A message of little words only is still searched.
    expect(await suggest('как')).toEqual([password.id]);
  });

  it('suggests only published public articles of the language asked, at most as many as asked', async () => {
    const found = await suggest('паролата профила хартията фактурата');
    expect(found).toHaveLength(3);
    expect(found).not.toContain(draft.id);
    expect(found).not.toContain(internal.id);
    expect(await suggest('паролата профила', 'en')).toHaveLength(1);
    expect(await suggest('паролата профила', 'uk')).toEqual([]);
  });

  it('refuses a mode it does not know', async () => {
    const res = await visitor.get('/api/v1/public/kb/search?language=bg&q=x&match=some');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('request/invalid');
  });
});
