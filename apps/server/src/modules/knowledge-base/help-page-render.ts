import {
  escapeHtml, helpWords, KB_LANGUAGE_NAMES, KB_LANGUAGES, type KbAlternate, type KbLanguage, kbCategoryName, type KbCategoryNames, type SnippetPart,
} from '@parley/domain';

/**
 * The public help pages as plain HTML: readable without JavaScript, indexable, in the page's language. Every
 * value from the database is escaped here except an article's body, which was sanitized when it was saved
 * (kb-article-html.ts). Links are relative to the site so the pages work behind any host name; canonical and
 * hreflang links are absolute (PUBLIC_URL), as search engines require.
 */

export interface HelpTheme {
  /** `#rrggbb` (checked by the widget's own rule before it gets here). */
  readonly accent: string;
  /** The administrator's logo (served at /help/logo, `version` keeps browsers from showing an old one), named by the widget's name. */
  readonly logo: { readonly version: string; readonly alt: string } | null;
}

const path = (language: KbLanguage, slug?: string) => (slug === undefined ? `/help/${language}` : `/help/${language}/${encodeURIComponent(slug)}`);

function style(theme: HelpTheme): string {
  return `:root{--accent:${theme.accent}}body{font:16px/1.6 system-ui,sans-serif;margin:0;background:#f5f6f8;color:#1c1e21}header{background:var(--accent);color:#fff;padding:1rem 1.5rem}header{display:flex;align-items:center;gap:.75rem}header img{display:block;max-height:2.5rem;max-width:12rem;width:auto}header a{color:#fff;text-decoration:none;font-weight:600;font-size:1.2rem}main{max-width:48rem;margin:1.5rem auto;padding:1.5rem 2rem;background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.12)}a{color:var(--accent)}h1{font-size:1.6rem;line-height:1.3;margin-top:0}form.search{display:flex;gap:.5rem;margin:0 0 1.5rem}form.search input{flex:1;font:inherit;padding:.5rem;border:1px solid #8a8f98;border-radius:6px}button{font:inherit;padding:.5rem 1rem;border:0;border-radius:6px;background:var(--accent);color:#fff;cursor:pointer}button.secondary{background:#fff;color:var(--accent);border:1px solid var(--accent)}nav.languages ul,ul.translations{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}.meta{color:#555;font-size:.9rem}.article img{max-width:100%;height:auto}.article pre{overflow:auto;background:#f3f4f6;padding:.75rem;border-radius:6px}.article table{border-collapse:collapse}.article td,.article th{border:1px solid #c9ccd1;padding:.3rem .5rem}fieldset{border:1px solid #c9ccd1;border-radius:6px;margin-top:2rem}mark{background:#fff3a3}footer{max-width:48rem;margin:0 auto 2rem;padding:0 2rem}`;
}

function page(o: { language: KbLanguage; title: string; theme: HelpTheme; head?: string; content: string; robots?: 'noindex' }): string {
  const words = helpWords(o.language);
  return [
    `<!doctype html><html lang="${o.language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`,
    o.robots ? `<meta name="robots" content="${o.robots}">` : '',
    `<title>${escapeHtml(o.title)} · ${escapeHtml(words.helpCenter)}</title>`,
    o.head ?? '',
    `<style>${style(o.theme)}</style></head><body>`,
    `<header>${o.theme.logo ? `<img src="/help/logo?v=${encodeURIComponent(o.theme.logo.version)}" alt="${escapeHtml(o.theme.logo.alt)}">` : ''}<a href="${path(o.language)}">${escapeHtml(words.helpCenter)}</a></header>`,
    `<main>${searchForm(o.language, '')}${o.content}</main>`,
    `<footer>${languageSwitch(o.language)}</footer>`,
    '</body></html>',
  ].join('');
}

function searchForm(language: KbLanguage, query: string): string {
  const words = helpWords(language);
  return `<form class="search" role="search" method="get" action="${path(language)}/search"><label for="q" class="visually-hidden" style="position:absolute;left:-9999px">${escapeHtml(words.searchLabel)}</label><input id="q" type="search" name="q" maxlength="500" value="${escapeHtml(query)}" placeholder="${escapeHtml(words.searchLabel)}"><button type="submit">${escapeHtml(words.searchButton)}</button></form>`;
}

function languageSwitch(current: KbLanguage): string {
  const words = helpWords(current);
  const items = KB_LANGUAGES.map((language) =>
    language === current
      ? `<li><strong lang="${language}" aria-current="page">${escapeHtml(KB_LANGUAGE_NAMES[language])}</strong></li>`
      : `<li><a href="${path(language)}" lang="${language}" hreflang="${language}">${escapeHtml(KB_LANGUAGE_NAMES[language])}</a></li>`,
  );
  return `<nav class="languages" aria-label="${escapeHtml(words.languages)}"><ul>${items.join('')}</ul></nav>`;
}

export interface ArticlePageFacts {
  readonly language: KbLanguage;
  readonly id: number;
  readonly slug: string;
  readonly title: string;
  readonly body: string;
  readonly tags: readonly string[];
  readonly updatedAt: Date;
  readonly categoryName: string | null;
  readonly alternates: readonly KbAlternate[];
  readonly titles: ReadonlyMap<KbLanguage, string>;
}

export function articlePage(publicUrl: string, theme: HelpTheme, a: ArticlePageFacts): string {
  const words = helpWords(a.language);
  const absolute = (language: KbLanguage, slug: string) => `${publicUrl}${path(language, slug)}`;
  const head = [
    `<link rel="canonical" href="${escapeHtml(absolute(a.language, a.slug))}">`,
    ...a.alternates.map((alt) => `<link rel="alternate" hreflang="${alt.hreflang}" href="${escapeHtml(absolute(alt.language, alt.slug))}">`),
  ].join('');
  const others = a.alternates.filter((alt) => alt.hreflang !== 'x-default' && alt.language !== a.language);
  const date = new Intl.DateTimeFormat(a.language, { dateStyle: 'long', timeZone: 'UTC' }).format(a.updatedAt);
  const content = [
    `<nav aria-label="breadcrumb" class="meta"><a href="${path(a.language)}">${escapeHtml(words.allArticles)}</a>${a.categoryName ? ` › ${escapeHtml(a.categoryName)}` : ''}</nav>`,
    `<article><h1>${escapeHtml(a.title)}</h1>`,
    `<p class="meta"><time datetime="${a.updatedAt.toISOString()}">${escapeHtml(words.updated({ date }))}</time></p>`,
    `<div class="article">${a.body}</div>`,
    a.tags.length > 0 ? `<p class="meta">${escapeHtml(words.tags)}: ${a.tags.map((tag) => escapeHtml(tag)).join(', ')}</p>` : '',
    '</article>',
    others.length > 0
      ? `<section aria-labelledby="also"><h2 id="also" style="font-size:1rem">${escapeHtml(words.alsoIn)}</h2><ul class="translations">${others
          .map((alt) => `<li><a href="${path(alt.language, alt.slug)}" lang="${alt.language}" hreflang="${alt.language}">${escapeHtml(KB_LANGUAGE_NAMES[alt.language])}: ${escapeHtml(a.titles.get(alt.language) ?? '')}</a></li>`)
          .join('')}</ul></section>`
      : '',
    feedbackForm(a.language, a.slug),
  ].join('');
  return page({ language: a.language, title: a.title, theme, head, content });
}

function feedbackForm(language: KbLanguage, slug: string): string {
  const words = helpWords(language);
  return `<form method="post" action="${path(language, slug)}/feedback"><fieldset><legend>${escapeHtml(words.helpfulQuestion)}</legend><button type="submit" name="answer" value="yes">${escapeHtml(words.yes)}</button> <button type="submit" name="answer" value="no" class="secondary">${escapeHtml(words.no)}</button></fieldset></form>`;
}

export function indexPage(publicUrl: string, theme: HelpTheme, language: KbLanguage, categories: readonly { id: number; names: KbCategoryNames; description: string | null }[], articles: readonly { slug: string; title: string; categoryId: number | null }[]): string {
  const words = helpWords(language);
  const list = (items: readonly { slug: string; title: string }[]) => `<ul>${items.map((a) => `<li><a href="${path(language, a.slug)}">${escapeHtml(a.title)}</a></li>`).join('')}</ul>`;
  const sections: string[] = [];
  const known = new Set(categories.map((c) => c.id));
  for (const category of categories) {
    const inside = articles.filter((a) => a.categoryId === category.id);
    if (inside.length === 0) continue;
    sections.push(`<section><h2>${escapeHtml(kbCategoryName(category.names, language))}</h2>${category.description ? `<p class="meta">${escapeHtml(category.description)}</p>` : ''}${list(inside)}</section>`);
  }
  const loose = articles.filter((a) => a.categoryId === null || !known.has(a.categoryId));
  if (loose.length > 0) sections.push(`<section><h2>${escapeHtml(sections.length > 0 ? words.otherArticles : words.allArticles)}</h2>${list(loose)}</section>`);
  const content = `<h1>${escapeHtml(words.helpCenter)}</h1>${sections.length > 0 ? sections.join('') : `<p>${escapeHtml(words.noArticles)}</p>`}`;
  return page({ language, title: words.categories, theme, content, head: [`<link rel="canonical" href="${escapeHtml(`${publicUrl}${path(language)}`)}">`, ...KB_LANGUAGES.map((l) => `<link rel="alternate" hreflang="${l}" href="${escapeHtml(`${publicUrl}${path(l)}`)}">`)].join('') });
}

export function searchPage(theme: HelpTheme, language: KbLanguage, query: string, hits: readonly { slug: string; title: string; snippet: readonly SnippetPart[] }[]): string {
  const words = helpWords(language);
  const count = new Intl.NumberFormat(language).format(hits.length);
  const results =
    hits.length === 0
      ? `<p>${escapeHtml(words.noResults)}</p>`
      : `<p class="meta" role="status">${escapeHtml(words.resultCount({ count }))}</p><ol>${hits
          .map((hit) => `<li><a href="${path(language, hit.slug)}">${escapeHtml(hit.title)}</a><br><span class="meta">${hit.snippet.map((part) => (part.match ? `<mark>${escapeHtml(part.text)}</mark>` : escapeHtml(part.text))).join('')}</span></li>`)
          .join('')}</ol>`;
  const content = `<h1>${escapeHtml(words.resultsFor({ query }))}</h1>${searchForm(language, query)}${results}`;
  return page({ language, title: words.resultsFor({ query }), theme, content, robots: 'noindex' });
}

/** The one "not found" page: an unknown address, a draft and an internal article all get exactly this. */
export function notFoundPage(theme: HelpTheme, language: KbLanguage): string {
  const words = helpWords(language);
  return page({ language, title: words.notFoundTitle, theme, content: `<h1>${escapeHtml(words.notFoundTitle)}</h1><p>${escapeHtml(words.notFound)}</p><p><a href="${path(language)}">${escapeHtml(words.allArticles)}</a></p>`, robots: 'noindex' });
}

export function messagePage(theme: HelpTheme, language: KbLanguage, message: string, back: { slug: string; title: string } | null): string {
  const words = helpWords(language);
  const link = back ? `<p><a href="${path(language, back.slug)}">${escapeHtml(back.title)}</a></p>` : `<p><a href="${path(language)}">${escapeHtml(words.allArticles)}</a></p>`;
  return page({ language, title: words.helpCenter, theme, content: `<p role="status">${escapeHtml(message)}</p>${link}`, robots: 'noindex' });
}

/** The sitemap with every public article and, per address, its translations (xhtml:link alternates). */
export function sitemapXml(publicUrl: string, groups: readonly { updatedAt: Date; language: KbLanguage; slug: string; alternates: readonly KbAlternate[] }[]): string {
  const absolute = (language: KbLanguage, slug: string) => escapeHtml(`${publicUrl}${path(language, slug)}`);
  const urls = groups.map(
    (entry) =>
      `<url><loc>${absolute(entry.language, entry.slug)}</loc><lastmod>${entry.updatedAt.toISOString()}</lastmod>${entry.alternates
        .map((alt) => `<xhtml:link rel="alternate" hreflang="${alt.hreflang}" href="${absolute(alt.language, alt.slug)}"/>`)
        .join('')}</url>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n${urls.join('\n')}\n</urlset>\n`;
}
