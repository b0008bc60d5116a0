import { openValue, SealedValueUnreadable, sealValue } from '../../crypto/sealed-value.js';

/**
 * Mailbox passwords at rest, sealed under MAIL_CREDENTIALS_KEY (crypto/sealed-value.ts). The mailbox id and
 * the account are bound in: a value copied onto another mailbox's row does not decrypt.
 */
export function encryptCredential(key: Buffer, plaintext: string, mailboxBinding: string): string {
  return sealValue(key, plaintext, mailboxBinding);
}

export class CredentialUnreadable extends Error {}

export function decryptCredential(key: Buffer | null, stored: string, mailboxBinding: string): string {
  if (!key) throw new CredentialUnreadable('The mailbox password cannot be read: MAIL_CREDENTIALS_KEY is not set.');
  try {
    return openValue(key, stored, mailboxBinding);
  } catch (error) {
    if (!(error instanceof SealedValueUnreadable)) throw error;
    if (error.message.startsWith('not a sealed')) throw new CredentialUnreadable('The stored mailbox password is not in a known format.');
    throw new CredentialUnreadable('The stored mailbox password does not decrypt: was MAIL_CREDENTIALS_KEY changed? Enter the password again.');
  }
}

/** What a mailbox's password is bound to: its row and which account. */
export const credentialBinding = (mailboxId: number, account: 'imap' | 'smtp') => `parley-mailbox:${mailboxId}:${account}`;
