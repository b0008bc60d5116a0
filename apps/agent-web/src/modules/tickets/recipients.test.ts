import { describe, expect, it } from 'vitest';
import { parseRecipients } from './recipients';

describe('parseRecipients', () => {
  it('splits on commas, semicolons and spaces, lower-cases and de-duplicates', () => {
    expect(parseRecipients('Anna@Example.com, bob@example.org; anna@example.com  carl@x.io')).toEqual({
      valid: ['anna@example.com', 'bob@example.org', 'carl@x.io'],
      invalid: [],
    });
  });

  it('names what is not an address', () => {
    expect(parseRecipients('anna@example.com, bob, @x.io')).toEqual({ valid: ['anna@example.com'], invalid: ['bob', '@x.io'] });
    expect(parseRecipients('  ')).toEqual({ valid: [], invalid: [] });
  });
});
