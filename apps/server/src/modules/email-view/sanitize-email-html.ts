import sanitizeHtml from 'sanitize-html';
import { cleanCss } from './email-css.js';

export type RemoteImages = 'blocked' | 'allowed';

export interface SanitizeOptions {
  readonly images: RemoteImages;
  /** The download URL of the letter's attachment with this Content-ID (no angle brackets), or null. */
  readonly cidUrl: (contentId: string) => string | null;
}

export interface SanitizedHtml {
  readonly html: string;
  /** Remote images replaced by a placeholder (the console offers "show remote images" when this is > 0). */
  readonly blockedImages: number;
}

/** Marks an image whose remote source was withheld; the console styles it as a placeholder box. */
export const BLOCKED_IMAGE_ATTRIBUTE = 'data-parley-blocked';

/** Structure and formatting only: nothing that runs, embeds, submits or navigates the frame. */
const ALLOWED_TAGS = [
  'a', 'abbr', 'address', 'article', 'aside', 'b', 'bdi', 'bdo', 'big', 'blockquote', 'br', 'caption', 'center', 'cite', 'code',
  'col', 'colgroup', 'dd', 'del', 'dfn', 'div', 'dl', 'dt', 'em', 'figcaption', 'figure', 'font', 'footer', 'h1', 'h2', 'h3', 'h4',
  'h5', 'h6', 'header', 'hr', 'i', 'img', 'ins', 'kbd', 'li', 'main', 'mark', 'nav', 'ol', 'p', 'pre', 'q', 's', 'samp', 'section',
  'small', 'span', 'strike', 'strong', 'style', 'sub', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'time', 'tr', 'tt',
  'u', 'ul', 'var', 'wbr',
];

const GLOBAL_ATTRIBUTES = ['style', 'class', 'id', 'title', 'dir', 'lang', 'align', 'valign', 'width', 'height', 'bgcolor', 'color'];

const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  '*': GLOBAL_ATTRIBUTES,
  a: ['href', 'target', 'rel'],
  img: ['src', 'alt', BLOCKED_IMAGE_ATTRIBUTE],
  blockquote: ['type', 'cite'],
  font: ['face', 'size'],
  ol: ['start', 'type', 'reversed'],
  ul: ['type'],
  table: ['border', 'cellpadding', 'cellspacing', 'summary'],
  td: ['colspan', 'rowspan', 'nowrap'],
  th: ['colspan', 'rowspan', 'nowrap', 'scope'],
  col: ['span'],
  colgroup: ['span'],
  time: ['datetime'],
  // <style media="…"> is harmless; `type` is kept so text/css is explicit.
  style: ['media', 'type'],
};

/** Raster formats a browser decodes without running anything (no SVG: it can carry script in other contexts). */
const DATA_IMAGE = /^data:image\/(png|jpeg|jpg|gif|webp|bmp);base64,[a-z0-9+/=\s]+$/i;

/**
 * A letter's HTML made safe to show in the console's sandboxed frame. An allowlist (sanitize-html on
 * htmlparser2): no scripts, event handlers, forms, frames, objects, base/meta/link; links only to http(s),
 * mailto and tel, opening outside the console; `cid:` images pointing at the letter's attachments; remote
 * images and remote CSS backgrounds withheld unless `images` is `allowed` (and then https only).
 */
export function sanitizeEmailHtml(html: string, options: SanitizeOptions): SanitizedHtml {
  let blockedImages = 0;
  const imageUrl = (raw: string): string | null => {
    const url = raw.trim();
    if (/^cid:/i.test(url)) return options.cidUrl(decodeURIComponent(url.slice(4)).replace(/^<|>$/g, ''));
    if (DATA_IMAGE.test(url)) return url.replace(/\s+/g, '');
    if (/^https?:\/\//i.test(url)) {
      if (options.images === 'allowed' && /^https:\/\//i.test(url)) return url;
      blockedImages++;
      return null;
    }
    return null;
  };
  const css = (text: string): string | null => cleanCss(text, imageUrl);

  const output = sanitizeHtml(html, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: ALLOWED_ATTRIBUTES,
    allowVulnerableTags: true, // <style> only: its text is cleaned below, and the frame's CSP backs it up.
    disallowedTagsMode: 'discard',
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowedSchemesByTag: { img: ['http', 'https', 'data'] },
    allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
    allowProtocolRelative: false,
    parseStyleAttributes: false,
    nonTextTags: ['script', 'textarea', 'option', 'noscript', 'title', 'head', 'iframe', 'object', 'embed', 'template', 'xmp', 'noembed', 'noframes', 'plaintext', 'svg', 'math'],
    exclusiveFilter: (frame) => frame.tag === 'style' && cleanCss(frame.text, () => null) === null,
    transformTags: {
      '*': (tagName, attribs) => {
        const next = { ...attribs };
        if (next.style !== undefined) {
          const cleaned = css(next.style);
          if (cleaned === null) delete next.style;
          else next.style = cleaned;
        }
        return { tagName, attribs: next };
      },
      a: (tagName, attribs) => {
        const href = attribs.href?.trim() ?? '';
        const next: Record<string, string> = { ...attribs, target: '_blank', rel: 'noopener noreferrer' };
        // Relative links would resolve against the console itself.
        if (!/^(https?:|mailto:|tel:)/i.test(href)) delete next.href;
        return { tagName, attribs: next };
      },
      img: (tagName, attribs) => {
        const next: Record<string, string> = { ...attribs };
        delete next[BLOCKED_IMAGE_ATTRIBUTE];
        const src = attribs.src === undefined ? null : imageUrl(attribs.src);
        if (src === null) {
          delete next.src;
          if (attribs.src !== undefined && /^https?:/i.test(attribs.src.trim())) next[BLOCKED_IMAGE_ATTRIBUTE] = '';
        } else {
          next.src = src;
        }
        return { tagName, attribs: next };
      },
    },
  });
  return { html: cleanStyleElements(output, css), blockedImages };
}

/**
 * sanitize-html passes a `<style>` element's text through untouched (and `exclusiveFilter` above only drops
 * the dangerous ones): rewrite each remaining block's `url()`s the same way as style attributes.
 */
function cleanStyleElements(html: string, css: (text: string) => string | null): string {
  return html.replace(/(<style\b[^>]*>)([\s\S]*?)(<\/style>)/gi, (_m, open: string, text: string, close: string) => {
    const cleaned = css(text);
    return cleaned === null ? '' : `${open}${cleaned}${close}`;
  });
}
