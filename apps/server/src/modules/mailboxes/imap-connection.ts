import { toStorableText, truncateText } from '@parley/domain';
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import { credentialBinding, decryptCredential } from './credentials.js';
import type { Mailbox } from './mailbox.entity.js';

/** How long connecting and each command may take before the attempt counts as failed. */
const CONNECTION_TIMEOUT_MS = 20_000;

/**
 * An IMAP client for a mailbox's settings: implicit TLS, STARTTLS required, or (only when the administrator
 * switched both off) plain text. Certificates are verified. Logging is off: imapflow's log carries folder
 * contents, and errors reach the mailbox's status instead.
 */
export function imapClient(mailbox: Mailbox, credentialsKey: Buffer | null): ImapFlow {
  const pass = mailbox.imapPasswordEncrypted ? decryptCredential(credentialsKey, mailbox.imapPasswordEncrypted, credentialBinding(mailbox.id, 'imap')) : '';
  const options: ImapFlowOptions & { doSTARTTLS: boolean; connectionTimeout: number; greetingTimeout: number } = {
    host: mailbox.imapHost ?? '',
    port: mailbox.imapPort ?? 993,
    secure: mailbox.imapTls,
    doSTARTTLS: !mailbox.imapTls && mailbox.imapStarttls,
    auth: { user: mailbox.imapUser ?? '', pass },
    logger: false,
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    greetingTimeout: CONNECTION_TIMEOUT_MS,
    // Checked at least this often even while IDLE (some servers drop idle connections silently).
    maxIdleTime: 5 * 60_000,
    autoIdleDelay: 1_000,
  };
  return new ImapFlow(options);
}

/** What an administrator reads when a connection fails: the server's own words when it said something. */
export function imapErrorMessage(error: unknown): string {
  const e = error as { responseText?: string; message?: string; code?: string; authenticationFailed?: boolean };
  if (e?.authenticationFailed) return `Sign-in refused by the IMAP server${e.responseText ? `: ${e.responseText}` : '.'}`;
  const text = e?.responseText || e?.message || String(error);
  return toStorableText(truncateText(e?.code && !text.includes(e.code) ? `${text} (${e.code})` : text, 1_000));
}

/** Signs in, opens the folder (and the one filed letters move to), signs out. */
export async function checkImap(mailbox: Mailbox, credentialsKey: Buffer | null): Promise<{ ok: boolean; error: string | null }> {
  let client: ImapFlow | null = null;
  try {
    client = imapClient(mailbox, credentialsKey);
    client.on('error', () => undefined);
    await client.connect();
    await client.status(mailbox.imapFolder, { messages: true });
    if (mailbox.imapAfterFiling === 'move' && mailbox.imapMoveToFolder) await client.status(mailbox.imapMoveToFolder, { messages: true });
    await client.logout();
    return { ok: true, error: null };
  } catch (error) {
    client?.close();
    return { ok: false, error: imapErrorMessage(error) };
  }
}
