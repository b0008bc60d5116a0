import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { identityPayload, normaliseIdentityHash } from '@parley/domain';

/** A widget's identity secret: 32 random bytes, shown to administrators to configure on their site. */
export function newIdentitySecret(): string {
  return `wis_${randomBytes(32).toString('base64url')}`;
}

/** A widget's public key (data-widget): random and url-safe. */
export function newWidgetKey(): string {
  return `wk_${randomBytes(12).toString('base64url')}`;
}

/** hex HMAC-SHA256(secret, userId + ":" + email): what the site computes on its server. */
export function identityHash(secret: string, userId: string, email: string): string {
  return createHmac('sha256', secret).update(identityPayload(userId, email)).digest('hex');
}

/** Whether the hash the page passed is the one the secret gives, compared in constant time. */
export function isIdentityHashValid(secret: string, userId: string, email: string, hash: string): boolean {
  const given = normaliseIdentityHash(hash);
  if (!given) return false;
  return timingSafeEqual(Buffer.from(identityHash(secret, userId, email), 'hex'), Buffer.from(given, 'hex'));
}
