import { DerivedSeal } from '../../crypto/derived-seal.js';
import { isSealed } from '../../crypto/sealed-value.js';

/**
 * Two-factor secrets at rest: sealed under a key derived from the installation's server secret
 * (VISITOR_TOKEN_SECRET, or the secret file in the data directory), bound to the agent and to whether the
 * secret is the active or a pending one. A copy of the database alone (a backup, a dump) does not give
 * anyone the codes. Changing the server secret makes enrolled agents enrol again (docs/operations.md).
 */
export type TotpSecretKind = 'active' | 'pending';

export class TotpSecretSeal {
  readonly #seal: DerivedSeal;

  constructor(serverSecret: string) {
    this.#seal = new DerivedSeal(serverSecret, 'parley:totp-secret:v1');
  }

  seal(agentId: number, kind: TotpSecretKind, secret: string): string {
    return this.#seal.seal(binding(agentId, kind), secret);
  }

  /** The secret itself; a value an older version kept in plain text is read as it is (and sealed at start). */
  open(agentId: number, kind: TotpSecretKind, stored: string): string {
    return isSealed(stored) ? this.#seal.open(binding(agentId, kind), stored) : stored;
  }
}

const binding = (agentId: number, kind: TotpSecretKind) => `parley-totp:${agentId}:${kind}`;
