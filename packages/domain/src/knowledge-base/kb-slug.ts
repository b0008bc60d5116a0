import { KB_SLUG_MAX_LENGTH } from './knowledge-base.js';

/**
 * An article's address in its language, `/help/<lang>/<slug>`, made from its title: lower-case letters and
 * digits of any script joined by hyphens. A Bulgarian or Greek title keeps its letters ("Как да сменя
 * паролата" → "как-да-сменя-паролата"): browsers show them as typed and percent-encode them on the wire, and a
 * transliterated slug would be a second spelling nobody searches for.
 */
export function slugFromTitle(title: string): string {
  const words = title.normalize('NFC').toLowerCase().match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
  let slug = '';
  for (const word of words) {
    const next = slug === '' ? word : `${slug}-${word}`;
    if ([...next].length > KB_SLUG_MAX_LENGTH) break;
    slug = next;
  }
  // A title of one enormous word, or of nothing a slug can hold (only punctuation or emoji).
  if (slug === '' && words[0]) slug = [...words[0]].slice(0, KB_SLUG_MAX_LENGTH).join('');
  return slug === '' ? 'article' : slug;
}

/** Whether a slug someone typed is one slugFromTitle could have made: lower-case, letters and digits, single hyphens between. */
export function isValidSlug(slug: string): boolean {
  return (
    slug.length > 0 &&
    [...slug].length <= KB_SLUG_MAX_LENGTH &&
    slug === slug.normalize('NFC').toLowerCase() &&
    /^[\p{L}\p{N}\p{M}]+(?:-[\p{L}\p{N}\p{M}]+)*$/u.test(slug) &&
    // Reserved: the search page lives beside the articles.
    slug !== 'search'
  );
}

/**
 * The slug to use when `wanted` is already taken in the language: `wanted-2`, `wanted-3`, … (slugs are unique
 * per language only, so a translation may share its original's slug).
 */
export function uniqueSlug(wanted: string, taken: ReadonlySet<string>): string {
  const base = wanted === 'search' ? 'search-1' : wanted;
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const stem = [...base].slice(0, KB_SLUG_MAX_LENGTH - suffix.length).join('');
    const candidate = `${stem}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}
