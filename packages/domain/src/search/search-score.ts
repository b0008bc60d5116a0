import type { SearchQuery } from './search-query.js';

/** BM25's term-frequency saturation and length normalisation, with its usual constants. */
const K1 = 1.2;
const B = 0.75;
/** A typical document's length in words (a message of a few sentences), against which length is weighed. */
const TYPICAL_WORDS = 24;

/**
 * How well a document (its stored search text: folded words separated by spaces) answers the query: BM25's
 * term-frequency part, so a document that holds more of the words, more often, and is shorter ranks higher;
 * a phrase counts its words and once more where they stand together. The databases only find the matching documents; ranking them is this one rule, so
 * SQLite and PostgreSQL order results alike. Documents' rarity across the whole index (BM25's IDF) is left
 * out on purpose: counting it makes the database read every match of a common word.
 */
export function searchScore(searchText: string, query: SearchQuery): number {
  const words = searchText.length === 0 ? [] : searchText.split(' ');
  const lengthFactor = K1 * (1 - B + (B * words.length) / TYPICAL_WORDS);
  const saturate = (count: number) => (count * (K1 + 1)) / (count + lengthFactor);
  let score = 0;
  for (const term of query.terms) {
    const count = words.filter((word) => (term.prefix ? word.startsWith(term.word) : word === term.word)).length;
    score += saturate(count);
  }
  // A phrase's words count as words, and the phrase standing together once more.
  for (const phrase of query.phrases) {
    for (const word of phrase) score += saturate(words.filter((w) => w === word).length);
    score += saturate(occurrences(words, phrase));
  }
  return score;
}

function occurrences(words: readonly string[], phrase: readonly string[]): number {
  if (phrase.length === 0) return 0;
  let count = 0;
  for (let i = 0; i + phrase.length <= words.length; i++) {
    if (phrase.every((word, j) => words[i + j] === word)) count++;
  }
  return count;
}
