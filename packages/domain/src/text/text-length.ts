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
  let used = 0;
  let end = 0;
  for (const { segment, index } of graphemes.segment(text)) {
    const size = textLength(segment);
    if (used + size > budget) break;
    used += size;
    end = index + segment.length;
  }
  return `${text.slice(0, end)}${ellipsis}`;
}
