/**
 * CSS from a letter, made unable to load anything or run anything. The iframe's Content-Security-Policy
 * already refuses remote loads; this is the second wall, so a blocked image stays blocked even if the
 * policy were lost (a screenshot tool, a printed page, an old browser).
 */

/** Constructs that execute code (old IE), bind behaviours, or smuggle a URL past a plain `url(` search. */
const NEVER = /expression\s*\(|behavior\s*:|-moz-binding|javascript:|vbscript:|@import|@font-face|image-set\s*\(|\\|<\/?\s*(style|script)|<!--|-->/i;

/** `url(...)` with any quoting. */
const URL_FUNCTION = /url\s*\(\s*(['"]?)(.*?)\1\s*\)/gi;

/** Returns the URL to keep (possibly rewritten, e.g. `cid:` to an attachment link) or null to drop it. */
export type CssUrlPolicy = (url: string) => string | null;

/** Null when the CSS must go as a whole; otherwise the CSS with every `url()` passed through `allowUrl`. */
export function cleanCss(css: string, allowUrl: CssUrlPolicy): string | null {
  if (NEVER.test(css)) return null;
  return css.replace(URL_FUNCTION, (_match, _quote: string, url: string) => {
    const kept = allowUrl(url.trim());
    // Quoted with ' (attributes are written with ") and stripped of anything that could close the string or the function.
    return kept === null || /["'()\s\\]/.test(kept) ? 'none' : `url('${kept}')`;
  });
}
