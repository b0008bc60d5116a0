import { describe, expect, it } from 'vitest';
import { chooseCustomerContact } from './customer-contact.js';

describe('chooseCustomerContact', () => {
  const base = { verifiedContactId: null, senderContactId: null, email: null, contactIdForEmail: null };

  it('puts a verified visitor on the contact the site vouched for, whatever email was typed', () => {
    expect(chooseCustomerContact({ ...base, verifiedContactId: 7, email: 'other@example.com', contactIdForEmail: 9 })).toEqual({ kind: 'verified', contactId: 7 });
  });

  it('creates a contact for an address nobody has', () => {
    expect(chooseCustomerContact({ ...base, email: 'new@example.com' })).toEqual({ kind: 'new_with_email' });
  });

  it('keeps the sender on their own contact when the address is theirs', () => {
    expect(chooseCustomerContact({ ...base, senderContactId: 5, email: 'me@example.com', contactIdForEmail: 5 })).toEqual({ kind: 'own', contactId: 5, claimedEmail: null });
  });

  it('never attaches an unverified sender to someone else\'s existing contact: the address is only a claim', () => {
    // A form (no earlier contact of the sender's) with a known address: a new contact, the address claimed.
    expect(chooseCustomerContact({ ...base, email: 'victim@example.com', contactIdForEmail: 9 })).toEqual({ kind: 'anonymous', claimedEmail: 'victim@example.com' });
    expect(chooseCustomerContact({ ...base, senderContactId: 5, email: 'victim@example.com', contactIdForEmail: 9 })).toEqual({
      kind: 'own',
      contactId: 5,
      claimedEmail: 'victim@example.com',
    });
  });

  it('without an email: the sender\'s own contact, else a new anonymous one', () => {
    expect(chooseCustomerContact({ ...base, senderContactId: 5 })).toEqual({ kind: 'own', contactId: 5, claimedEmail: null });
    expect(chooseCustomerContact(base)).toEqual({ kind: 'anonymous', claimedEmail: null });
  });
});
