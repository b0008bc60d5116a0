import { describe, expect, it } from 'vitest';
import { canCompletePendingSignIn, formatRecoveryCode, MAX_CODE_ATTEMPTS, mustEnrolTwoFactor, normalizeRecoveryCode, totpCodeOf } from './two-factor.js';

describe('two-factor sign-in', () => {
  it('reads six digits, spaces ignored, and nothing else', () => {
    expect(totpCodeOf('123 456')).toBe('123456');
    expect(totpCodeOf('12345')).toBeNull();
    expect(totpCodeOf('abcdef')).toBeNull();
  });

  it('reads a recovery code however it is typed', () => {
    expect(normalizeRecoveryCode(' ABCDE-fghij ')).toBe('abcdefghij');
    expect(formatRecoveryCode('abcdefghij')).toBe('abcde-fghij');
  });

  it('sends to enrolment only when required and not enabled', () => {
    expect(mustEnrolTwoFactor({ twoFactorEnabled: false }, true)).toBe(true);
    expect(mustEnrolTwoFactor({ twoFactorEnabled: true }, true)).toBe(false);
    expect(mustEnrolTwoFactor({ twoFactorEnabled: false }, false)).toBe(false);
  });

  it('ends a pending sign-in when it lapses or after too many wrong codes', () => {
    const expiresAt = new Date('2026-12-01T10:05:00Z');
    expect(canCompletePendingSignIn({ expiresAt, attempts: 0 }, new Date('2026-12-01T10:04:59Z'))).toBe(true);
    expect(canCompletePendingSignIn({ expiresAt, attempts: 0 }, expiresAt)).toBe(false);
    expect(canCompletePendingSignIn({ expiresAt, attempts: MAX_CODE_ATTEMPTS }, new Date('2026-12-01T10:00:00Z'))).toBe(false);
  });
});
