import nodemailer from 'nodemailer';
import type { Em, Orm } from '../../db/orm.js';
import { type Mailer, mailerOver, SMTP_TIMEOUTS, type SmtpTransport } from '../mail/mailer.js';
import { credentialBinding, decryptCredential } from './credentials.js';
import { Mailbox } from './mailbox.entity.js';

/**
 * The SMTP connections of mailboxes that send their department's letters: one nodemailer transport per
 * mailbox, made on first use with the decrypted password and made anew when the mailbox's settings change.
 */
export class MailboxTransports {
  readonly #transports = new Map<number, { settings: string; mailer: Mailer }>();

  constructor(private readonly deps: { readonly orm: Orm; readonly credentialsKey: Buffer | null }) {}

  /** The mailer of an active mailbox that sends, or null (switched off, or sending not set up). */
  async mailerFor(mailboxId: number): Promise<Mailer | null> {
    const em = this.deps.orm.em.fork() as Em;
    const mailbox = await em.findOne(Mailbox, { id: mailboxId });
    if (!mailbox?.active || !mailbox.smtpEnabled || !mailbox.smtpHost) {
      this.#drop(mailboxId);
      return null;
    }
    const settings = JSON.stringify([mailbox.smtpHost, mailbox.smtpPort, mailbox.smtpSecure, mailbox.smtpUser, mailbox.smtpPasswordEncrypted]);
    const known = this.#transports.get(mailboxId);
    if (known?.settings === settings) return known.mailer;
    this.#drop(mailboxId);
    const mailer = mailerOver(mailboxSmtpTransport(mailbox, this.deps.credentialsKey, SMTP_TIMEOUTS), mailbox.address);
    this.#transports.set(mailboxId, { settings, mailer });
    return mailer;
  }

  close(): void {
    for (const id of [...this.#transports.keys()]) this.#drop(id);
  }

  #drop(mailboxId: number): void {
    this.#transports.get(mailboxId)?.mailer.close();
    this.#transports.delete(mailboxId);
  }
}

/** A nodemailer transport on a mailbox's SMTP settings, its password decrypted (for sending, and for "Test connection"). */
export function mailboxSmtpTransport(
  mailbox: Mailbox,
  credentialsKey: Buffer | null,
  timeouts: { readonly connectionTimeout: number; readonly greetingTimeout: number; readonly socketTimeout?: number },
): SmtpTransport {
  const pass = mailbox.smtpPasswordEncrypted ? decryptCredential(credentialsKey, mailbox.smtpPasswordEncrypted, credentialBinding(mailbox.id, 'smtp')) : null;
  return nodemailer.createTransport({
    host: mailbox.smtpHost ?? '',
    port: mailbox.smtpPort ?? 587,
    secure: mailbox.smtpSecure,
    ...(mailbox.smtpUser ? { auth: { user: mailbox.smtpUser, pass: pass ?? '' } } : {}),
    ...timeouts,
  } as never);
}
