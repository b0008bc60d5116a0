import { describe, expect, it } from 'vitest';
import { parseSearchQuery } from './search-query.js';
import { searchScore } from './search-score.js';
import { searchDocument } from './search-text.js';

const score = (text: string, q: string) => searchScore(searchDocument([text]), parseSearchQuery(q));

describe('search ranking', () => {
  it('ranks a document holding more of the words, and more often, higher', () => {
    expect(score('printer broken, printer jammed', 'printer ')).toBeGreaterThan(score('printer broken', 'printer '));
    expect(score('printer jammed again', 'printer jammed ')).toBeGreaterThan(score('printer broken again', 'printer jammed '));
  });

  it('ranks a shorter document higher for the same matches', () => {
    const long = `printer ${'word '.repeat(100)}`;
    expect(score('printer broken', 'printer ')).toBeGreaterThan(score(long, 'printer '));
  });

  it('counts a phrase only where its words stand together, and above the same words apart', () => {
    expect(score('charged twice', '"charged twice"')).toBeGreaterThan(score('twice charged', '"charged twice"'));
    expect(score('charged twice', '"charged twice"')).toBeGreaterThan(score('charged twice', 'charged twice '));
  });

  it('scores prefixes as typed, folded like the index', () => {
    expect(score('Принтерът не печата', 'ПРИНТ')).toBeGreaterThan(0);
    expect(score('Принтерът не печата', 'скенер')).toBe(0);
  });
});
