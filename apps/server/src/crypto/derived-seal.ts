import { hkdfSync } from 'node:crypto';
import { openValue, sealValue } from './sealed-value.js';

/**
 * Secrets at rest sealed under a key derived (HKDF-SHA256) from the installation's server secret for one
 * purpose (`info`), each bound to what it belongs to: a copy of the database alone (a backup, a dump) opens
 * none of them, and a value copied onto another row does not open either.
 */
export class DerivedSeal {
  readonly #key: Buffer;

  constructor(serverSecret: string, purpose: string) {
    this.#key = Buffer.from(hkdfSync('sha256', Buffer.from(serverSecret, 'utf8'), Buffer.alloc(0), purpose, 32));
  }

  seal(binding: string, secret: string): string {
    return sealValue(this.#key, secret, binding);
  }

  open(binding: string, stored: string): string {
    return openValue(this.#key, stored, binding);
  }
}
