import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Mailbox passwords at rest: AES-256-GCM under MAIL_CREDENTIALS_KEY, a fresh 12-byte nonce per value, the
 * authentication tag kept beside it. Stored as `v1:<nonce>:<tag>:<ciphertext>` (base64), so a later key
 * scheme can be told apart. The mailbox id is bound in as associated data: a value copied onto another
 * mailbox's row does not decrypt.
 */
const VERSION = 'v1';

export function encryptCredential(key: Buffer, plaintext: string, mailboxBinding: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(mailboxBinding, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, nonce.toString('base64'), cipher.getAuthTag().toString('base64'), ciphertext.toString('base64')].join(':');
}

export class CredentialUnreadable extends Error {}

export function decryptCredential(key: Buffer | null, stored: string, mailboxBinding: string): string {
  if (!key) throw new CredentialUnreadable('The mailbox password cannot be read: MAIL_CREDENTIALS_KEY is not set.');
  const [version, nonce, tag, ciphertext] = stored.split(':');
  if (version !== VERSION || !nonce || !tag || ciphertext === undefined) throw new CredentialUnreadable('The stored mailbox password is not in a known format.');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64'));
    decipher.setAAD(Buffer.from(mailboxBinding, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new CredentialUnreadable('The stored mailbox password does not decrypt: was MAIL_CREDENTIALS_KEY changed? Enter the password again.');
  }
}

/** What a mailbox's password is bound to: its row and which account. */
export const credentialBinding = (mailboxId: number, account: 'imap' | 'smtp') => `parley-mailbox:${mailboxId}:${account}`;
