/**
 * How text is made searchable, once for both databases: the index stores folded text and the query is folded
 * the same way, so "Принтер" finds "принтер", "καλημέρα" finds "ΚΑΛΗΜΕΡΑ" and "kalimera" does not, and
 * "Rīga" finds "riga". Folding is deliberately lossy (ё and е, й and и, ї and і meet too), as every
 * search engine's diacritic folding is: a search that misses a word for an accent is worse than one extra hit.
 */
export function foldForSearch(text: string): string {
  return (
    text
      // The numero sign is a compatibility form of "No": "№42" must stay findable as 42.
      .replace(/№/g, ' ')
      .normalize('NFKD')
      // Combining marks: accents, tonos, dialytika, Latvian macrons and cedillas, the breve of й.
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      // Greek final sigma is the same letter as σ; lower-casing keeps it apart.
      .replace(/ς/g, 'σ')
      // A German ß folds to ss in every engine; keep words that differ only in it together.
      .replace(/ß/g, 'ss')
  );
}

/** The longest word worth indexing; longer runs (hashes, base64) are cut, not dropped, so a prefix still finds them. */
export const SEARCH_WORD_MAX_LENGTH = 64;

/**
 * The words of a text as the index sees them: folded, split at everything that is not a letter or a digit.
 * Email addresses and phone numbers become their parts ("anna@example.bg" → anna, example, bg), which a
 * phrase finds in order.
 */
export function searchWords(text: string): string[] {
  const words = foldForSearch(text).match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.map((word) => (word.length > SEARCH_WORD_MAX_LENGTH ? word.slice(0, SEARCH_WORD_MAX_LENGTH) : word));
}

/** The text stored in the index: the folded words joined by spaces, so both databases tokenize it alike. */
export function searchDocument(parts: readonly (string | null | undefined)[]): string {
  return parts
    .filter((part): part is string => typeof part === 'string' && part.length > 0)
    .map((part) => searchWords(part).join(' '))
    .filter((part) => part.length > 0)
    .join(' ');
}
