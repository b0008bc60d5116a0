import { describe, expect, it } from 'vitest';
import { identityPayload, isExternalUserId, normaliseIdentityHash } from './identity.js';

describe('identityPayload', () => {
  it('is exactly userId:email', () => {
    expect(identityPayload('u-42', 'Ana@Example.com')).toBe('u-42:Ana@Example.com');
  });

  it('refuses a user id with a colon, blank or too long', () => {
    expect(() => identityPayload('a:b', 'x@example.com')).toThrow(RangeError);
    expect(isExternalUserId('')).toBe(false);
    expect(isExternalUserId(' lead')).toBe(false);
    expect(isExternalUserId('x'.repeat(201))).toBe(false);
    expect(isExternalUserId('x'.repeat(200))).toBe(true);
  });
});

describe('normaliseIdentityHash', () => {
  it('accepts 64 hex characters, lowering them', () => {
    expect(normaliseIdentityHash('AB'.repeat(32))).toBe('ab'.repeat(32));
  });

  it('refuses anything else', () => {
    for (const bad of ['', 'ab'.repeat(31), 'zz'.repeat(32), `${'ab'.repeat(32)}00`]) expect(normaliseIdentityHash(bad)).toBeNull();
  });
});
