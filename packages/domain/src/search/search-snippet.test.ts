import { describe, expect, it } from 'vitest';
import { parseSearchQuery } from './search-query.js';
import { searchSnippet } from './search-snippet.js';

const marked = (text: string, query: string, max?: number) =>
  searchSnippet(text, parseSearchQuery(query), max)
    ?.map((p) => (p.match ? `[${p.text}]` : p.text))
    .join('') ?? null;

describe('search snippets', () => {
  it('marks the words as written, found folded, in each of the six languages', () => {
    expect(marked('Принтер не печата от вчера.', 'принтер ')).toBe('[Принтер] не печата от вчера.');
    expect(marked('Καλημέρα, ο λογαριασμός μου', 'ΛΟΓΑΡΙΑΣΜΟΣ ')).toBe('Καλημέρα, ο [λογαριασμός] μου');
    expect(marked('Paldies, ka sazinājāties', 'sazinajaties ')).toBe('Paldies, ka [sazinājāties]');
    expect(marked('Ёлка и ёжик', 'елка ')).toBe('[Ёлка] и ёжик');
    expect(marked('Україна', 'УКРАЇНА ')).toBe('[Україна]');
    expect(marked('I was charged twice', 'CHARGED twice ')).toBe('I was [charged] [twice]');
  });

  it('marks prefixes while typing, and each word of a phrase', () => {
    expect(marked('Refund for the invoice', 'inv')).toBe('Refund for the [invoice]');
    expect(marked('charged twice, then charged again', '"charged twice"')).toBe('[charged] [twice], then [charged] again');
  });

  it('cuts a long text around the first match at word boundaries', () => {
    const text = `${'lorem '.repeat(40)}the printer jammed ${'ipsum '.repeat(40)}`;
    const snippet = marked(text, 'printer ', 80)!;
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(snippet).toContain('[printer] jammed');
    expect(snippet.length).toBeLessThan(90);
  });

  it('has nothing to show when no word matches, or only filters were asked', () => {
    expect(marked('nothing here', 'printer ')).toBeNull();
    expect(marked('nothing here', 'status:open')).toBeNull();
  });

  it('keeps text as text: markup in a message is never made into highlights', () => {
    const parts = searchSnippet('<b>printer</b> broken', parseSearchQuery('printer '))!;
    expect(parts.map((p) => p.text).join('')).toBe('<b>printer</b> broken');
    expect(parts.filter((p) => p.match).map((p) => p.text)).toEqual(['printer']);
  });
});

describe('search dates', () => {
  it('starts a day at local midnight in the agent\'s zone, across a DST change', async () => {
    const { startOfDateIn } = await import('./search-dates.js');
    expect(new Date(startOfDateIn('2027-03-28', 'Europe/Riga')).toISOString()).toBe('2027-03-27T22:00:00.000Z');
    expect(new Date(startOfDateIn('2027-03-29', 'Europe/Riga')).toISOString()).toBe('2027-03-28T21:00:00.000Z');
    expect(new Date(startOfDateIn('2027-01-10', 'UTC')).toISOString()).toBe('2027-01-10T00:00:00.000Z');
  });
});
