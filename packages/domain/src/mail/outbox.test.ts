import { describe, expect, it } from 'vitest';
import { MAIL_MAX_ATTEMPTS, mailRetryDelayMs } from './outbox.js';

describe('mailRetryDelayMs', () => {
  it('waits longer after each failure, up to a ceiling', () => {
    expect(mailRetryDelayMs(1)).toBe(30_000);
    expect(mailRetryDelayMs(2)).toBe(60_000);
    expect(mailRetryDelayMs(3)).toBe(120_000);
    expect(mailRetryDelayMs(MAIL_MAX_ATTEMPTS - 1)).toBeLessThanOrEqual(6 * 3600_000);
  });

  it('gives up after the last attempt', () => {
    expect(mailRetryDelayMs(MAIL_MAX_ATTEMPTS)).toBeNull();
    expect(mailRetryDelayMs(MAIL_MAX_ATTEMPTS + 3)).toBeNull();
  });
});
