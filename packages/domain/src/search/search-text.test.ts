import { describe, expect, it } from 'vitest';
import { foldForSearch, SEARCH_WORD_MAX_LENGTH, searchDocument, searchWords } from './search-text.js';

describe('folding text for search', () => {
  it('folds case in every script the console speaks', () => {
    expect(foldForSearch('Принтер')).toBe(foldForSearch('принтер'));
    expect(foldForSearch('ПРИНТЕР НЕ ПЕЧАТА')).toBe('принтер не печата');
    expect(foldForSearch('ΚΑΛΗΜΕΡΑ')).toBe(foldForSearch('καλημερα'));
    expect(foldForSearch('RĪGA')).toBe('riga');
  });

  it('drops Greek tonos and dialytika, and meets final sigma with sigma', () => {
    expect(foldForSearch('καλημέρα')).toBe('καλημερα');
    expect(foldForSearch('Ευχαριστώ')).toBe('ευχαριστω');
    expect(foldForSearch('προϊόν')).toBe('προιον');
    expect(foldForSearch('λογαριασμός')).toBe(foldForSearch('ΛΟΓΑΡΙΑΣΜΟΣ'));
  });

  it('drops Latvian diacritics, so words typed without them still match', () => {
    expect(foldForSearch('Paldies, ka sazinājāties ar mūsu klientu atbalstu')).toBe('paldies, ka sazinajaties ar musu klientu atbalstu');
    expect(foldForSearch('ŠĶŪŅĢĻČŽ')).toBe('skunglcz');
  });

  it('meets ё with е and ї with і, as search engines do', () => {
    expect(foldForSearch('Ёлка')).toBe('елка');
    expect(foldForSearch('Україна')).toBe('украіна');
  });
});

describe('the words of a text', () => {
  it('splits at everything but letters and digits, addresses into their parts', () => {
    expect(searchWords('Anna@Example.bg: charged twice — №42!')).toEqual(['anna', 'example', 'bg', 'charged', 'twice', '42']);
    expect(searchWords('+359 88 123 4567')).toEqual(['359', '88', '123', '4567']);
  });

  it('cuts very long runs instead of dropping them', () => {
    const [word] = searchWords('x'.repeat(500));
    expect(word).toHaveLength(SEARCH_WORD_MAX_LENGTH);
  });

  it('joins the parts of a document, skipping empty ones', () => {
    expect(searchDocument(['Принтер', null, '', '  ', 'Καλημέρα!'])).toBe('принтер καλημερα');
  });
});
