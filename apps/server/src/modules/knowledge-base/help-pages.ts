import { pipeline } from 'node:stream/promises';
import {
  DEFAULT_WIDGET_COLOUR, DomainError, ErrorCodes, helpWords, isHelpLogoType, isKbLanguage, isWidgetColour, KB_FEEDBACK_ANSWERS, type KbFeedbackAnswer, type KbLanguage, kbCategoryName,
  kbLanguageFromAcceptLanguage, KB_VISITOR, publicAlternates,
} from '@parley/domain';
import express, { type Request, type Response, Router } from 'express';
import type { AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { SESSION_COOKIE, authenticateSession } from '../agents/auth.service.js';
import { Attachment } from '../attachments/attachment.entity.js';
import { downloadHeaders } from '../attachments/attachment.service.js';
import { Widget } from '../widgets/widget.entity.js';
import { articlePage, type HelpTheme, indexPage, messagePage, notFoundPage, searchPage, sitemapXml } from './help-page-render.js';
import { findPublicArticle, groupMembers, indexOf, PUBLIC_ARTICLE, recordFeedback, sitemapEntries } from './kb-public.js';
import { searchArticles } from './kb-search.js';
import { KbArticle, KbArticleFile, KbCategory } from './knowledge-base.entity.js';

/** Nothing runs: no script at all, styles only inline, pictures only our own (and inline rasters), forms post only here. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
/** Public pages may be kept by browsers and proxies briefly; a change shows within a minute. */
const PUBLIC_CACHE = 'public, max-age=60';
const THEME_TTL_MS = 30_000;

/**
 * The public help center at `/help`, plain HTML for visitors and search engines:
 * `/help` (to the browser's language), `/help/<lang>` (categories and articles), `/help/<lang>/<slug>` (an
 * article, with canonical and hreflang links), `/help/<lang>/search?q=`, the "was this helpful?" form
 * (`POST /help/<lang>/<slug>/feedback`), `/help/sitemap.xml`, `/help/files/<id>` (an article's pictures) and `/help/logo` (the administrator's logo).
 * Only published public articles exist here: a draft or an internal article is the same 404 as an unknown
 * address. Pages are rendered once and kept in memory (help-page-cache.ts): a kept article page is sent
 * without reading the database.
 */
export function helpPagesRouter(app: AppContext): Router {
  const cache = app.helpPages;
  const router = Router();
  let theme: { value: HelpTheme; logoId: string | null; until: number; generation: number } | null = null;

  /**
   * The help center wears the chat widget's colour and logo: the first active widget's (there is no separate
   * setting). Read again after THEME_TTL_MS, or at once when a change on this instance emptied the page cache.
   */
  async function currentLook(em: Em): Promise<{ value: HelpTheme; logoId: string | null }> {
    const now = Date.now();
    if (theme && theme.until > now && theme.generation === cache.generation) return theme;
    const generation = cache.generation;
    const widget = await em.findOne(Widget, { active: true }, { fields: ['colour', 'name', 'logoAttachment'], orderBy: { id: 'asc' } });
    const accent = widget && isWidgetColour(widget.colour) ? widget.colour : DEFAULT_WIDGET_COLOUR;
    const logoId = widget?.logoAttachment ?? null;
    const logo = widget && logoId ? { version: logoId.slice(0, 8), alt: widget.name } : null;
    theme = { value: { accent, logo }, logoId, until: now + THEME_TTL_MS, generation };
    return theme;
  }
  const currentTheme = async (em: Em): Promise<HelpTheme> => (await currentLook(em)).value;

  const fork = () => app.orm.em.fork() as Em;
  const send = (res: Response, status: number, html: string, cacheControl = PUBLIC_CACHE) => {
    res.status(status).set({ 'Content-Security-Policy': CSP, 'Cache-Control': cacheControl, 'Referrer-Policy': 'same-origin' }).type('html').send(html);
  };
  const notFound = async (res: Response, language: KbLanguage, em = fork()) => send(res, 404, notFoundPage(await currentTheme(em), language), 'no-store');
  const languageOf = (req: Request): KbLanguage => kbLanguageFromAcceptLanguage(req.get('accept-language')) ?? 'en';

  router.get('/', (req, res) => {
    res.set('Vary', 'Accept-Language').redirect(302, `/help/${languageOf(req)}`);
  });

  router.get('/sitemap.xml', async (_req, res) => {
    const xml = await cache.remember('sitemap.xml', async () => {
      const { entries } = await sitemapEntries(fork());
      const groups = new Map<number, typeof entries>();
      for (const entry of entries) groups.set(entry.translationGroupId, [...(groups.get(entry.translationGroupId) ?? []), entry]);
      const urls = entries.map((entry) => {
        const alternates = publicAlternates(groups.get(entry.translationGroupId) ?? []);
        return { updatedAt: entry.updatedAt, language: entry.language, slug: entry.slug, alternates: alternates.length > 1 ? alternates : [] };
      });
      return sitemapXml(app.config.publicUrl, urls);
    });
    res.status(200).set({ 'Cache-Control': PUBLIC_CACHE }).type('application/xml').send(xml);
  });

  /** The logo an administrator chose (checked to be a small raster picture when it was set), or 404. */
  router.get('/logo', async (req, res) => {
    const em = fork();
    const { logoId } = await currentLook(em);
    const attachment = logoId ? await em.findOne(Attachment, { id: logoId }) : null;
    if (!attachment || !isHelpLogoType(attachment.contentType)) return notFound(res, languageOf(req), em);
    res.set({
      'Content-Type': attachment.contentType,
      'Content-Length': String(attachment.size),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cross-Origin-Resource-Policy': 'same-origin',
      // The pages name it with ?v=<its id>, so a new logo is a new address; a bare /help/logo is stale for minutes at most.
      'Cache-Control': 'public, max-age=300',
    });
    await pipeline(app.storage.openRead(attachment.storageKey), res);
  });

  router.get('/files/:id', async (req, res) => {
    const id = String(req.params.id).toLowerCase();
    const em = fork();
    if (!/^[0-9a-f-]{36}$/.test(id)) return notFound(res, languageOf(req), em);
    const attachment = await em.findOne(Attachment, { id });
    const links = attachment ? await em.find(KbArticleFile, { attachment: id }, { fields: ['article'] }) : [];
    const publicUse = links.length > 0 && (await em.count(KbArticle, { id: { $in: links.map((l) => l.article) }, ...PUBLIC_ARTICLE })) > 0;
    // Agents see the pictures of drafts and internal articles too (the console shows them while editing).
    const agentUse = links.length > 0 && !publicUse && (await signedInAgent(req, em));
    if (!attachment || !(publicUse || agentUse)) return notFound(res, languageOf(req), em);
    res.set({ ...downloadHeaders(attachment), 'Cache-Control': publicUse ? 'public, max-age=3600' : 'private, no-store' });
    await pipeline(app.storage.openRead(attachment.storageKey), res);
  });

  async function signedInAgent(req: Request, em: Em): Promise<boolean> {
    const cookie = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    return cookie ? (await authenticateSession(app, em, cookie)) !== null : false;
  }

  router.get('/:lang', async (req, res) => {
    const language = String(req.params.lang);
    if (!isKbLanguage(language)) return notFound(res, languageOf(req));
    const html = await cache.remember(`index:${language}`, async () => {
      const em = fork();
      const { categories, articles } = await indexOf(em, language);
      return indexPage(app.config.publicUrl, await currentTheme(em), language, categories.map((c) => ({ id: c.id, names: c.names, description: c.description ?? null })), articles);
    });
    send(res, 200, html);
  });

  router.get('/:lang/search', async (req, res) => {
    const language = String(req.params.lang);
    if (!isKbLanguage(language)) return notFound(res, languageOf(req));
    const em = fork();
    const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 500) : '';
    const words = helpWords(language);
    if (q.trim() !== '') {
      try {
        await app.rateLimits.consumeHelpSearch(req.ip ?? 'unknown');
      } catch (error) {
        if (error instanceof DomainError && error.code === ErrorCodes.requestRateLimited) return send(res, 429, messagePage(await currentTheme(em), language, words.rateLimited, null), 'no-store');
        throw error;
      }
    }
    const hits = q.trim() === '' ? [] : await searchArticles(em, app.config.publicUrl, KB_VISITOR, { q, language, limit: 20 });
    send(res, 200, searchPage(await currentTheme(em), language, q, hits), 'no-store');
  });

  router.get('/:lang/:slug', async (req, res) => {
    const language = String(req.params.lang);
    if (!isKbLanguage(language)) return notFound(res, languageOf(req));
    const slug = String(req.params.slug).normalize('NFC');
    const address = `${language}/${slug}`;
    const kept = cache.fresh(address);
    if (kept !== null) return send(res, 200, kept);
    const em = fork();
    const article = await findPublicArticle(em, language, slug);
    if (!article) return notFound(res, language, em);
    const [members, category, pageTheme] = await Promise.all([
      groupMembers(em, article.translationGroupId),
      article.category ? em.findOne(KbCategory, { id: article.category }, { fields: ['names', 'updatedAt'] }) : null,
      currentTheme(em),
    ]);
    const fingerprint = [
      `${article.id}:${article.revision}`,
      members.map((m) => `${m.id}.${m.revision}.${m.status}.${m.visibility}`).join(','),
      category ? category.updatedAt.getTime() : '-',
      pageTheme.accent,
      pageTheme.logo ? `${pageTheme.logo.version}:${pageTheme.logo.alt}` : '-',
      app.config.publicUrl,
    ].join('|');
    let html = cache.revalidate(address, fingerprint);
    if (html === null) {
      html = articlePage(app.config.publicUrl, pageTheme, {
        language,
        id: article.id,
        slug: article.slug,
        title: article.title,
        body: article.body,
        tags: article.tags,
        updatedAt: article.updatedAt,
        categoryName: category ? kbCategoryName(category.names, language) : null,
        alternates: publicAlternates(members),
        titles: new Map(members.map((m) => [m.language, m.title])),
      });
      cache.set(address, fingerprint, html);
    }
    send(res, 200, html);
  });

  router.post('/:lang/:slug/feedback', express.urlencoded({ extended: false, limit: '2kb', parameterLimit: 5 }), async (req, res) => {
    const language = String(req.params.lang);
    if (!isKbLanguage(language)) return notFound(res, languageOf(req));
    const em = fork();
    const article = await findPublicArticle(em, language, String(req.params.slug));
    if (!article) return notFound(res, language, em);
    const words = helpWords(language);
    const pageTheme = await currentTheme(em);
    const back = { slug: article.slug, title: article.title };
    const answer = (req.body as Record<string, unknown> | undefined)?.answer;
    if (typeof answer !== 'string' || !(KB_FEEDBACK_ANSWERS as readonly string[]).includes(answer)) return send(res, 400, messagePage(pageTheme, language, words.chooseOne, back), 'no-store');
    try {
      await app.rateLimits.consumeHelpFeedback(req.ip ?? 'unknown');
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCodes.requestRateLimited) return send(res, 429, messagePage(pageTheme, language, words.rateLimited, back), 'no-store');
      throw error;
    }
    await recordFeedback(em, article.id, answer as KbFeedbackAnswer);
    send(res, 200, messagePage(pageTheme, language, words.thanks, back), 'no-store');
  });

  router.use(async (req: Request, res: Response) => notFound(res, languageOf(req)));
  return router;
}
