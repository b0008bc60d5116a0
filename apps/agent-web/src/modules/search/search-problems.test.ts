import { describe, expect, it } from 'vitest';
import { searchProblemText } from './search-problems';

const t = (key: string, values?: Record<string, unknown>) => `${key}${values ? JSON.stringify(values) : ''}`;

describe('search problems', () => {
  it('names each problem with the filter and the value typed', () => {
    expect(searchProblemText({ code: 'unknown_value', filter: 'department', value: 'Nowhere' }, t)).toBe('search.problems.unknownValue{"filter":"department","value":"Nowhere"}');
    expect(searchProblemText({ code: 'invalid_date', filter: 'before', value: '2027-02-30' }, t)).toBe('search.problems.invalidDate{"filter":"before","value":"2027-02-30"}');
    expect(searchProblemText({ code: 'empty_filter', filter: 'tag' }, t)).toBe('search.problems.emptyFilter{"filter":"tag"}');
    expect(searchProblemText({ code: 'too_long' }, t)).toBe('search.problems.tooLong');
  });
});
