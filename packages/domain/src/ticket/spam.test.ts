import { describe, expect, it } from 'vitest';
import { DomainError, ErrorCodes } from '../errors.js';
import { isSenderBlocked, senderBlockFor, TRASH_RETENTION_DAYS_MAX, trashPurgeAt } from './spam.js';

function codeOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

describe('blocking a spam sender', () => {
  it('blocks the address by default, normalized', () => {
    expect(senderBlockFor('  Spammer@Example.BG ', 'address')).toEqual({ kind: 'address', value: 'spammer@example.bg' });
  });

  it('blocks a whole domain only when asked, never a shared mail service', () => {
    expect(senderBlockFor('offers@promo.example.bg', 'domain')).toEqual({ kind: 'domain', value: 'promo.example.bg' });
    expect(codeOf(() => senderBlockFor('someone@abv.bg', 'domain'))).toBe(ErrorCodes.ticketSpamSharedDomain);
    expect(codeOf(() => senderBlockFor('someone@Gmail.com', 'domain'))).toBe(ErrorCodes.ticketSpamSharedDomain);
    expect(senderBlockFor('someone@abv.bg', 'address').kind).toBe('address');
    expect(codeOf(() => senderBlockFor('not-an-address', 'address'))).toBe(ErrorCodes.requestInvalid);
    expect(codeOf(() => senderBlockFor('trailing@', 'address'))).toBe(ErrorCodes.requestInvalid);
  });

  it('recognises blocked senders by address, domain and subdomain, and nobody else', () => {
    const blocks = [senderBlockFor('spammer@example.bg', 'address'), senderBlockFor('x@promo.example.gr', 'domain')];
    expect(isSenderBlocked(blocks, 'SPAMMER@example.bg')).toBe(true);
    expect(isSenderBlocked(blocks, 'friend@example.bg')).toBe(false);
    expect(isSenderBlocked(blocks, 'a@promo.example.gr')).toBe(true);
    expect(isSenderBlocked(blocks, 'a@mail.promo.example.gr')).toBe(true);
    expect(isSenderBlocked(blocks, 'a@notpromo.example.gr')).toBe(false);
    expect(isSenderBlocked([], 'a@b.c')).toBe(false);
  });
});

describe('the trash', () => {
  it('purges after the retention days, which stay within bounds', () => {
    expect(trashPurgeAt(new Date('2027-03-27T12:00:00Z'), 30).toISOString()).toBe('2027-04-26T12:00:00.000Z');
    expect(codeOf(() => trashPurgeAt(new Date(), 0))).toBe(ErrorCodes.requestInvalid);
    expect(codeOf(() => trashPurgeAt(new Date(), TRASH_RETENTION_DAYS_MAX + 1))).toBe(ErrorCodes.requestInvalid);
    expect(codeOf(() => trashPurgeAt(new Date(), 1.5))).toBe(ErrorCodes.requestInvalid);
  });
});
