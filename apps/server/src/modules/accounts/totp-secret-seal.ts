import { hkdfSync } from 'node:crypto';
import { isSealed, openValue, sealValue } from '../../crypto/sealed-value.js';

/**
 * Two-factor secrets at rest: sealed under a key derived (HKDF-SHA256) from the installation's server secret
 * (VISITOR_TOKEN_SECRET, or the secret file in the data directory), bound to the agent and to whether the
 * secret is the active or a pending one. A copy of the database alone (a backup, a dump) does not give
 * anyone the codes. Changing the server secret makes enrolled agents enrol again (docs/operations.md).
 */
export type TotpSecretKind = 'active' | 'pending';

export class TotpSecretSeal {
  readonly #key: Buffer;

  constructor(serverSecret: string) {
    this.#key = Buffer.from(hkdfSync('sha256', Buffer.from(serverSecret, 'utf8'), Buffer.alloc(0), 'parley:totp-secret:v1', 32));
  }

  seal(agentId: number, kind: TotpSecretKind, secret: string): string {
    return sealValue(this.#key, secret, binding(agentId, kind));
  }

  /** The secret itself; a value an older version kept in plain text is read as it is (and sealed at start). */
  open(agentId: number, kind: TotpSecretKind, stored: string): string {
    return isSealed(stored) ? openValue(this.#key, stored, binding(agentId, kind)) : stored;
  }
}

const binding = (agentId: number, kind: TotpSecretKind) => `parley-totp:${agentId}:${kind}`;
