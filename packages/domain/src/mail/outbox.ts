/**
 * When a queued email that failed is tried again: soon at first, then less and less often, so a mail server
 * that is down for a while is neither hammered nor waited out for too long. After the last attempt the mail
 * stays in the outbox marked as failed, for an operator to see.
 */
export const MAIL_MAX_ATTEMPTS = 10;
const FIRST_RETRY_MS = 30_000;
const LONGEST_RETRY_MS = 6 * 3600_000;

/** The delay before the next attempt after `attempts` failed ones (1 → 30 s, doubling, at most 6 h); null: give up. */
export function mailRetryDelayMs(attempts: number): number | null {
  if (attempts >= MAIL_MAX_ATTEMPTS) return null;
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), LONGEST_RETRY_MS);
}
