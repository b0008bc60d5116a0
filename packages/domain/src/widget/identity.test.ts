import { describe, expect, it } from 'vitest';
import { chooseChatContact, identityPayload, isExternalUserId, normaliseIdentityHash } from './identity.js';

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

describe('chooseChatContact', () => {
  const base = { verifiedContactId: null, visitorContactId: null, email: null, contactIdForEmail: null };

  it('puts a verified visitor on the contact the site vouched for, whatever email was typed', () => {
    expect(chooseChatContact({ ...base, verifiedContactId: 7, email: 'other@example.com', contactIdForEmail: 9 })).toEqual({ kind: 'verified', contactId: 7 });
  });

  it('creates a contact for an address nobody has', () => {
    expect(chooseChatContact({ ...base, email: 'new@example.com' })).toEqual({ kind: 'new_with_email' });
  });

  it('keeps the visitor on their own contact when the address is theirs', () => {
    expect(chooseChatContact({ ...base, visitorContactId: 5, email: 'me@example.com', contactIdForEmail: 5 })).toEqual({ kind: 'own', contactId: 5 });
  });

  it('never attaches an unverified visitor to someone else\'s existing contact', () => {
    expect(chooseChatContact({ ...base, email: 'victim@example.com', contactIdForEmail: 9 })).toEqual({ kind: 'anonymous', contactId: null });
    expect(chooseChatContact({ ...base, visitorContactId: 5, email: 'victim@example.com', contactIdForEmail: 9 })).toEqual({ kind: 'own', contactId: 5 });
  });

  it('without an email: the visitor\'s own contact, else a new anonymous one', () => {
    expect(chooseChatContact({ ...base, visitorContactId: 5 })).toEqual({ kind: 'own', contactId: 5 });
    expect(chooseChatContact(base)).toEqual({ kind: 'anonymous', contactId: null });
  });
});
