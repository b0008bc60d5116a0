import { convert as htmlToText } from 'html-to-text';
import { sanitizeEmailHtml } from '../email-view/sanitize-email-html.js';

/** Where an article's pictures are served from: `/help/files/<attachment id>` (help-pages.ts). */
export const HELP_FILE_PATH = '/help/files/';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FILE_SRC = /^(?:\/help\/files\/|attachment:|cid:)([0-9a-f-]{36})$/i;

export interface SanitizedArticle {
  readonly html: string;
  /** The uploaded files the body shows, which the article now owns (kb_article_file). */
  readonly fileIds: string[];
}

/**
 * An article's body made safe exactly as a letter's HTML is shown (sanitize-email-html.ts: no scripts,
 * handlers, forms, frames, remote styles; links only http(s), mailto, tel). Pictures are allowed only as
 * files uploaded through the attachments module: the editor writes `<img src="/help/files/<id>">` (or
 * `attachment:<id>`), which goes through the sanitizer as a `cid:` reference and comes back as the public
 * file URL when `isUsableFile` says the upload may be used; any other image source (remote, unknown id) is
 * dropped. Inline raster `data:` images pass as in email. Links open in a new tab, as in email.
 */
export function sanitizeArticleHtml(html: string, isUsableFile: (id: string) => boolean, publicUrl: string): SanitizedArticle {
  const fileIds = new Set<string>();
  // Point our own picture URLs at cid: so the email sanitizer hands them to cidUrl instead of dropping them.
  const prepared = html.replace(/(<img\b[^>]*?\bsrc\s*=\s*)(["']?)([^"'\s>]+)\2/gi, (whole, start: string, quote: string, src: string) => {
    const id = FILE_SRC.exec(src.trim())?.[1];
    return id ? `${start}${quote || '"'}cid:${id.toLowerCase()}${quote || '"'}` : whole;
  });
  // Links to other help pages as the editor writes them (`/help/bg/…`) are made absolute, as the email
  // sanitizer keeps only absolute links (a relative one would resolve against wherever the body is shown).
  const linked = prepared.replace(/(<a\b[^>]*?\bhref\s*=\s*)(["']?)(\/help\/[^"'\s>]*)\2/gi, (_whole, start: string, quote: string, href: string) => `${start}${quote || '"'}${publicUrl}${href}${quote || '"'}`);
  const { html: clean } = sanitizeEmailHtml(linked, {
    images: 'blocked',
    cidUrl: (contentId) => {
      const id = contentId.toLowerCase();
      if (!UUID.test(id) || !isUsableFile(id)) return null;
      fileIds.add(id);
      return `${HELP_FILE_PATH}${id}`;
    },
  });
  return { html: clean, fileIds: [...fileIds] };
}

/** The ids of uploaded files an unsanitized body refers to, to look them up before sanitizing. */
export function referencedFileIds(html: string): string[] {
  const ids = new Set<string>();
  for (const match of html.matchAll(/(?:\/help\/files\/|attachment:|cid:)([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/gi)) ids.add(match[1]!.toLowerCase());
  return [...ids].slice(0, 200);
}

/** The article's text (for search words, snippets and the widget's previews): what a reader reads, no markup. */
export function articleText(html: string): string {
  return htmlToText(html, {
    wordwrap: false,
    limits: { maxInputLength: 1_000_000 },
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'style', format: 'skip' },
      { selector: 'h1', options: { uppercase: false } },
      { selector: 'h2', options: { uppercase: false } },
      { selector: 'h3', options: { uppercase: false } },
      { selector: 'h4', options: { uppercase: false } },
      { selector: 'h5', options: { uppercase: false } },
      { selector: 'h6', options: { uppercase: false } },
      { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
    ],
  }).trim();
}
