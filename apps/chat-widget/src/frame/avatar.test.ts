import { describe, expect, it } from 'vitest';
import { avatarColour, initials } from './avatar';

describe('the agent avatar', () => {
  it('takes the first letters of the first and last names, in any script', () => {
    expect(initials('Ada Admin')).toBe('AA');
    expect(initials('Sam')).toBe('S');
    expect(initials('  ελένη   παπαδοπούλου ')).toBe('ΕΠ');
    expect(initials('Jānis Bērziņš-Ozols')).toBe('JB');
    expect(initials('Олена Василівна Коваль')).toBe('ОК');
    expect(initials('')).toBe('');
  });

  it('keeps one colour per name', () => {
    expect(avatarColour('Ada Admin')).toBe(avatarColour('Ada Admin'));
    expect(avatarColour('Ada Admin')).toMatch(/^#[0-9a-f]{6}$/);
    expect(new Set(['Ada', 'Ben', 'Cleo', 'Dan', 'Eve', 'Finn'].map(avatarColour)).size).toBeGreaterThan(2);
  });
});
