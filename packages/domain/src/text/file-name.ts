import { truncateText } from './text-length.js';

export const FILE_NAME_MAX_LENGTH = 255;

/**
 * Characters a file name never keeps: C0/C1 controls, and the invisible format characters that change how
 * the name is shown rather than what it says. The bidi overrides, embeddings and isolates (U+202A–U+202E,
 * U+2066–U+2069) and the direction marks (U+200E, U+200F, U+061C) make "gnp.exe" read as "exe.png"; the
 * zero-width and invisible operators (U+200B, U+2060–U+2064, U+FEFF, U+180E) and the deprecated format and
 * annotation characters (U+206A–U+206F, U+FFF9–U+FFFB) hide characters. ZWJ and ZWNJ (U+200C, U+200D) are
 * kept: Persian, Indic scripts and emoji sequences need them and they cannot reorder text.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/g;

/**
 * The one rule for a file name that is stored, shown or sent in a header: only its last path segment,
 * without hidden or direction-changing characters, trimmed, at most 255 code points; `fallback` when
 * nothing is left.
 */
export function cleanFileName(name: string | null | undefined, fallback = 'file'): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = truncateText(base.replace(HIDDEN, '').trim(), FILE_NAME_MAX_LENGTH);
  return clean.length > 0 ? clean : fallback;
}
