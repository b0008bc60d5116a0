import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Secrets at rest (mailbox passwords, two-factor secrets): AES-256-GCM, a fresh 12-byte nonce per value, the
 * authentication tag kept beside it, stored as `v1:<nonce>:<tag>:<ciphertext>` (base64) so a later scheme
 * can be told apart. `binding` is authenticated with the value: a value copied onto another row (another
 * mailbox, another agent) does not open.
 */
const VERSION = 'v1';

export class SealedValueUnreadable extends Error {}

export function sealValue(key: Buffer, plaintext: string, binding: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(binding, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, nonce.toString('base64'), cipher.getAuthTag().toString('base64'), ciphertext.toString('base64')].join(':');
}

/** Whether a stored value is sealed (rather than plaintext kept by an older version). */
export function isSealed(stored: string): boolean {
  return stored.startsWith(`${VERSION}:`);
}

export function openValue(key: Buffer, stored: string, binding: string): string {
  const [version, nonce, tag, ciphertext] = stored.split(':');
  if (version !== VERSION || !nonce || !tag || ciphertext === undefined) throw new SealedValueUnreadable('not a sealed value of a known format');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64'));
    decipher.setAAD(Buffer.from(binding, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new SealedValueUnreadable('the sealed value does not open with this key and binding');
  }
}
