import { describe, expect, it } from 'vitest';
import { formatVisitorToken, parseVisitorToken, verifyVisitorToken, visitorTokenExpiry, visitorTokenPayload } from './visitor-token.js';

// A stand-in for the server's HMAC: the signature is the payload reversed and cleaned to base64url.
const sign = (payload: string) => `sig${payload.split('').reverse().join('').replace(/[^A-Za-z0-9_-]/g, '_')}`.padEnd(24, 'x');
const matches = (payload: string, signature: string) => sign(payload) === signature;
const NOW = new Date('2026-01-01T00:00:00.000Z');
const claims = { visitorId: 'AbCdEfGhIjKlMnOpQrStUv', expiresAt: visitorTokenExpiry(NOW, 30 * 86_400_000) };

describe('visitor tokens', () => {
  const token = formatVisitorToken(claims, sign(visitorTokenPayload(claims)));

  it('round-trips the visitor and expiry', () => {
    expect(parseVisitorToken(token)?.claims).toEqual(claims);
    expect(verifyVisitorToken(token, NOW, matches)).toEqual(claims);
  });

  it('refuses an expired token', () => {
    expect(verifyVisitorToken(token, new Date(claims.expiresAt), matches)).toBeNull();
    expect(verifyVisitorToken(token, new Date(claims.expiresAt - 1), matches)).toEqual(claims);
  });

  it('refuses a token whose claims were changed after signing', () => {
    const other = token.replace(claims.visitorId, 'ZZZZEfGhIjKlMnOpQrStUv');
    expect(verifyVisitorToken(other, NOW, matches)).toBeNull();
    const longer = token.replace(`.${claims.expiresAt.toString(36)}.`, `.${(claims.expiresAt + 86_400_000).toString(36)}.`);
    expect(verifyVisitorToken(longer, NOW, matches)).toBeNull();
    const padded = token.replace(`.${claims.expiresAt.toString(36)}.`, `.0${claims.expiresAt.toString(36)}.`);
    expect(verifyVisitorToken(padded, NOW, matches)).toBeNull();
  });

  it.each(['', 'pvt1', 'pvt1.a.b.c', 'pvt2.AbCdEfGhIjKlMnOpQrStUv.1.signaturesignaturesig', `${token}.extra`, 'x'.repeat(300), 'pvt1.AbCdEfGhIjKlMnOpQrStUv.-1.signaturesignaturesig'])(
    'refuses the malformed %j',
    (bad) => {
      expect(verifyVisitorToken(bad, NOW, () => true)).toBeNull();
    },
  );

  it('never signs what it could not parse back', () => {
    expect(() => visitorTokenPayload({ visitorId: 'a.b', expiresAt: 1 })).toThrow(RangeError);
    expect(() => visitorTokenPayload({ visitorId: claims.visitorId, expiresAt: 0 })).toThrow(RangeError);
  });
});
