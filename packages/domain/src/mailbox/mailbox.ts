import { DomainError, ErrorCodes } from '../errors.js';
import { textLength } from '../text/text-length.js';

/**
 * Mailboxes: the addresses Parley receives mail at (over IMAP, or forwarded to its SMTP receiver) and the
 * SMTP account replies from them go out through. Pure rules: what a valid setting is, what the status shown
 * to administrators means, how long to wait before reconnecting, and who may run a mailbox right now.
 */

export const MAILBOX_STATUSES = ['idle', 'connected', 'error'] as const;
export type MailboxStatus = (typeof MAILBOX_STATUSES)[number];

/** What happens to a letter on the IMAP server once it is filed on a ticket. */
export const MAILBOX_AFTER_FILING = ['seen', 'move'] as const;
export type MailboxAfterFiling = (typeof MAILBOX_AFTER_FILING)[number];

/** A mailbox's name is the `source` of every letter it files (inbound_mail.source holds 100 characters). */
export const MAILBOX_NAME_MAX = 100;
export const MAILBOX_FOLDER_MAX = 200;
export const MAILBOX_HOST_MAX = 255;

export interface ImapSettingsInput {
  readonly host: string;
  readonly port: number;
  /** Implicit TLS from the first byte (port 993). */
  readonly tls: boolean;
  /** Upgrade a plain connection with STARTTLS (port 143); refused together with `tls`. */
  readonly starttls: boolean;
  readonly user: string;
  readonly folder: string;
  readonly afterFiling: MailboxAfterFiling;
  /** The folder filed letters move to when `afterFiling` is `move`. */
  readonly moveToFolder: string | null;
}

export interface SmtpSettingsInput {
  readonly host: string;
  readonly port: number;
  readonly secure: boolean;
  readonly user: string | null;
}

export interface MailboxSettingsInput {
  readonly name: string;
  readonly address: string;
  readonly imap: ImapSettingsInput | null;
  readonly smtp: SmtpSettingsInput | null;
}

/** A problem with a mailbox's settings, by field, for the administrator's form. */
export interface MailboxSettingProblem {
  readonly field: string;
  readonly problem: 'required' | 'invalid' | 'conflict';
}

const HOST = /^(?=.{1,255}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$|^\d{1,3}(?:\.\d{1,3}){3}$|^\[[0-9A-Fa-f:.]+\]$/;
const ADDRESS = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;

const isPort = (port: number) => Number.isInteger(port) && port >= 1 && port <= 65_535;
// IMAP folder names: no control characters (a CR/LF would end the command early).
const isFolder = (folder: string) => folder.trim().length > 0 && textLength(folder) <= MAILBOX_FOLDER_MAX && !/\p{Cc}/u.test(folder);

/** Every problem with a mailbox's settings; none means they may be saved. */
export function mailboxSettingProblems(input: MailboxSettingsInput): MailboxSettingProblem[] {
  const problems: MailboxSettingProblem[] = [];
  if (input.name.trim().length === 0) problems.push({ field: 'name', problem: 'required' });
  else if (textLength(input.name) > MAILBOX_NAME_MAX) problems.push({ field: 'name', problem: 'invalid' });
  if (!ADDRESS.test(input.address)) problems.push({ field: 'address', problem: 'invalid' });
  if (input.imap) {
    const imap = input.imap;
    if (!HOST.test(imap.host)) problems.push({ field: 'imap.host', problem: imap.host ? 'invalid' : 'required' });
    if (!isPort(imap.port)) problems.push({ field: 'imap.port', problem: 'invalid' });
    if (imap.tls && imap.starttls) problems.push({ field: 'imap.starttls', problem: 'conflict' });
    if (imap.user.trim().length === 0) problems.push({ field: 'imap.user', problem: 'required' });
    if (!isFolder(imap.folder)) problems.push({ field: 'imap.folder', problem: 'invalid' });
    if (imap.afterFiling === 'move') {
      if (!imap.moveToFolder) problems.push({ field: 'imap.moveToFolder', problem: 'required' });
      else if (!isFolder(imap.moveToFolder)) problems.push({ field: 'imap.moveToFolder', problem: 'invalid' });
      else if (imap.moveToFolder === imap.folder) problems.push({ field: 'imap.moveToFolder', problem: 'conflict' });
    }
  }
  if (input.smtp) {
    if (!HOST.test(input.smtp.host)) problems.push({ field: 'smtp.host', problem: input.smtp.host ? 'invalid' : 'required' });
    if (!isPort(input.smtp.port)) problems.push({ field: 'smtp.port', problem: 'invalid' });
  }
  return problems;
}

/** Refuses settings with problems (request/invalid, each problem in the details). */
export function assertMailboxSettings(input: MailboxSettingsInput): void {
  const problems = mailboxSettingProblems(input);
  if (problems.length > 0) {
    const list = problems.map((p) => `${p.field} (${p.problem})`).join(', ');
    throw new DomainError(ErrorCodes.mailboxSettingsInvalid, `The mailbox's settings are not valid: ${list}.`, { problems });
  }
}

/** Addresses are compared without case: that is how every mail system treats them in practice. */
export function normaliseMailboxAddress(address: string): string {
  return address.trim().toLowerCase();
}

/**
 * Saving a password needs the credentials key (MAIL_CREDENTIALS_KEY): without it Parley would have to keep
 * the password in clear, which it refuses to do.
 */
export function assertCanStoreSecret(secretGiven: boolean, keyConfigured: boolean): void {
  if (secretGiven && !keyConfigured) {
    throw new DomainError(
      ErrorCodes.mailboxCredentialsKeyMissing,
      'Passwords are stored encrypted, and no key is configured: set MAIL_CREDENTIALS_KEY (32 random bytes, base64) and restart Parley.',
    );
  }
}

export const MAILBOX_RETRY_BASE_MS = 2_000;
export const MAILBOX_RETRY_CAP_MS = 5 * 60_000;

/** How long to wait before the n-th reconnection attempt (1-based) after failures: doubling, capped at a few minutes. */
export function mailboxRetryDelayMs(failures: number, baseMs = MAILBOX_RETRY_BASE_MS, capMs = MAILBOX_RETRY_CAP_MS): number {
  if (failures <= 0) return 0;
  return Math.min(capMs, baseMs * 2 ** Math.min(failures - 1, 30));
}

/** Where to continue reading a folder: a changed UIDVALIDITY means every UID was renumbered, so start over. */
export function imapResumePoint(
  stored: { readonly uidValidity: string | null; readonly lastUid: number },
  serverUidValidity: string,
): { readonly uidValidity: string; readonly lastUid: number; readonly reset: boolean } {
  if (stored.uidValidity === serverUidValidity) return { uidValidity: serverUidValidity, lastUid: stored.lastUid, reset: false };
  return { uidValidity: serverUidValidity, lastUid: 0, reset: stored.uidValidity !== null };
}

export interface MailboxLease {
  readonly owner: string | null;
  readonly until: Date | null;
}

/** Whether an instance may take (or keep) a mailbox's lease: nobody holds it, it is its own, or it ran out. */
export function mayTakeMailboxLease(lease: MailboxLease, instance: string, now: Date): boolean {
  return lease.owner === null || lease.owner === instance || lease.until === null || lease.until.getTime() <= now.getTime();
}
