import { createHmac, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DomainError, ErrorCodes, formatVisitorToken, type VisitorTokenClaims, verifyVisitorToken, visitorTokenExpiry, visitorTokenPayload } from '@parley/domain';
import type { Config } from '../../config/env.js';
import { sameSecret } from '../agents/secrets.js';

const SECRET_FILE = 'visitor-token.secret';

/**
 * The secret that signs visitor tokens: VISITOR_TOKEN_SECRET when set (it must be, and be the same, on every
 * instance of a multi-server installation without a shared data directory); otherwise one generated on the
 * first start and kept in the data directory, so tokens outlive restarts.
 */
export async function resolveVisitorTokenSecret(config: Config): Promise<string> {
  if (config.visitors.tokenSecret) return config.visitors.tokenSecret;
  const path = join(config.dataDir, SECRET_FILE);
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = randomBytes(32).toString('base64url');
  try {
    await writeFile(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    // Another instance on the same data directory wrote it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return (await readFile(path, 'utf8')).trim();
    throw error;
  }
}

/** Issues and checks visitor tokens: the domain's shape and expiry rules, signed with HMAC-SHA256. */
export class VisitorTokens {
  readonly #secret: string;

  constructor(
    secret: string,
    readonly ttlMs: number,
  ) {
    this.#secret = secret;
  }

  #sign(payload: string): string {
    return createHmac('sha256', this.#secret).update(payload).digest('base64url');
  }

  issue(visitorId: string, now: Date): { token: string; claims: VisitorTokenClaims } {
    const claims = { visitorId, expiresAt: visitorTokenExpiry(now, this.ttlMs) };
    return { token: formatVisitorToken(claims, this.#sign(visitorTokenPayload(claims))), claims };
  }

  /** The token's visitor; forged, tampered, malformed and expired tokens are all `visitor/token_invalid`. */
  verify(token: string, now: Date): VisitorTokenClaims {
    const claims = verifyVisitorToken(token, now, (payload, signature) => sameSecret(this.#sign(payload), signature));
    if (!claims) throw new DomainError(ErrorCodes.visitorTokenInvalid, 'The visitor token is not valid (forged, altered or expired).');
    return claims;
  }
}

export function newVisitorId(): string {
  return randomBytes(16).toString('base64url');
}
