import { DatabaseSync } from 'node:sqlite';
import { parseSearchQuery, searchDocument } from '@parley/domain';
import { describe, expect, it } from 'vitest';
import { fts5Match, tsQuery, wordsInText } from '../src/modules/search/search-match.js';

// The MATCH text against a real FTS5 table over folded text, as the index will hold it.
const docs = ['Принтер не печатает', 'Charged twice for one order', 'Καλημέρα σας', 'Rēķins nav samaksāts', 'order NEAR "x" AND (y)'];
const db = new DatabaseSync(':memory:');
db.exec("CREATE VIRTUAL TABLE f USING fts5(body, tokenize='unicode61')");
const insert = db.prepare('INSERT INTO f(rowid, body) VALUES (?, ?)');
for (const [i, text] of docs.entries()) insert.run(i + 1, searchDocument([text]));

function found(q: string): number[] {
  const match = fts5Match(parseSearchQuery(q));
  if (match === null) return [];
  return db
    .prepare('SELECT rowid FROM f WHERE f MATCH ? ORDER BY rowid')
    .all(match)
    .map((r) => Number(r.rowid));
}

describe('fts5Match on a real FTS5 table', () => {
  it('finds words whatever their case and diacritics, prefixes as typed, phrases and exclusions', () => {
    expect(found('принтер ')).toEqual([1]);
    expect(found('ПРИНТ')).toEqual([1]);
    expect(found('καλημερα ')).toEqual([3]);
    expect(found('rekins ')).toEqual([4]);
    expect(found('"charged twice"')).toEqual([2]);
    expect(found('"twice charged"')).toEqual([]);
    expect(found('order -twice')).toEqual([5]);
  });

  it('keeps FTS5 syntax typed by the agent as plain words', () => {
    expect(found('NEAR AND ')).toEqual([5]);
    expect(found('"x" (y) ')).toEqual([5]);
    expect(() => found('body:order " NOT')).not.toThrow();
  });

  it('has no MATCH text for exclusions alone', () => {
    expect(fts5Match(parseSearchQuery('-order'))).toBeNull();
  });
});

describe('tsQuery', () => {
  it('quotes every word a match must hold, prefixes marked, phrases as their adjacent pairs; exclusions are left to the substring checks', () => {
    expect(tsQuery(parseSearchQuery("it's \"charged twice\" -spam pri"))).toBe("('pri':* & 'it s' & 'charged twice') | '#long'");
    expect(tsQuery(parseSearchQuery('"не печата добре" "Принтер"'))).toBe("('не печата' & 'печата добре' & 'принтер') | '#long'");
    expect(tsQuery(parseSearchQuery('-spam'))).toBeNull();
  });
});

describe('wordsInText', () => {
  it('are in every document the query matches, and not in the others', () => {
    const padded = docs.map((text) => ` ${searchDocument([text])} `);
    for (const q of ['принтер ', 'ПРИНТ', 'καλημερα ', 'rekins ', '"charged twice"', '"twice charged"', 'order ', 'ord', 'charged order ']) {
      const needles = wordsInText(parseSearchQuery(q));
      const holding = padded.flatMap((text, i) => (needles.every((needle) => text.includes(needle)) ? [i + 1] : []));
      expect(holding, q).toEqual(found(q));
    }
  });

  it('pad whole words, prefixes and phrases', () => {
    expect(wordsInText(parseSearchQuery('"charged twice" order Принт'))).toEqual([' order ', ' принт', ' charged twice ']);
  });
});
