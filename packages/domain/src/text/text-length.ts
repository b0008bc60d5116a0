/**
 * Lengths of text count code points, as the request schemas (zod) and PostgreSQL's varchar do: an emoji is
 * one character, not two UTF-16 units, and a limit never falls inside a surrogate pair.
 */
export function textLength(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++, length++) if (text.codePointAt(i)! > 0xffff) i++;
  return length;
}

// One shared segmenter: building one is far dearer than using it.
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * At most `max` code points (what the schemas and PostgreSQL count), cut between user-perceived characters
 * (grapheme clusters): never inside a surrogate pair, a flag, a ZWJ emoji sequence or a letter with its
 * combining marks. A shortened text ends in `ellipsis`, counted within `max`. Every length-limited cut of
 * user text (subjects, names, file names, excerpts) goes through here.
 */
export function truncateText(text: string, max: number, ellipsis = ''): string {
  if (text.length <= max || textLength(text) <= max) return text;
  const budget = Math.max(0, max - textLength(ellipsis));
  let cut = 0; // the code unit after `budget` code points
  for (let points = 0; points < budget; points++) cut += text.codePointAt(cut)! > 0xffff ? 2 : 1;
  // Only the neighbourhood of the cut is segmented, so a 30 MB text costs no more than a short one; a
  // cluster longer than the window (never in real text) is cut at a code point boundary.
  let from = Math.max(0, cut - WINDOW);
  if (from > 0 && isLowSurrogate(text.charCodeAt(from))) from--;
  let end = from;
  for (const { segment, index } of graphemes.segment(text.slice(from, cut + WINDOW))) {
    if (from + index + segment.length > cut) break;
    end = from + index + segment.length;
  }
  return `${text.slice(0, end)}${ellipsis}`;
}

const WINDOW = 256;
const isLowSurrogate = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;
