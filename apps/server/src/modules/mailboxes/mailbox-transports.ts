import nodemailer from 'nodemailer';
import type { Orm } from '../../db/orm.js';
import type { Em } from '../../db/orm.js';
import type { Mailer } from '../mail/mailer.js';
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
    const pass = mailbox.smtpPasswordEncrypted ? decryptCredential(this.deps.credentialsKey, mailbox.smtpPasswordEncrypted, credentialBinding(mailbox.id, 'smtp')) : null;
    const transport = nodemailer.createTransport({
      host: mailbox.smtpHost,
      port: mailbox.smtpPort ?? 587,
      secure: mailbox.smtpSecure,
      ...(mailbox.smtpUser ? { auth: { user: mailbox.smtpUser, pass: pass ?? '' } } : {}),
      // Short timeouts: a server that does not answer fails this attempt, and the outbox retries later.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    } as never);
    const mailer: Mailer = {
      async send(mail) {
        if (mail.raw) {
          await transport.sendMail({ envelope: { from: mail.raw.envelope.from, to: [...mail.raw.envelope.to] }, raw: mail.raw.message });
          return;
        }
        await transport.sendMail({ from: mailbox.address, to: mail.to, subject: mail.subject, text: mail.text });
      },
      close() {
        transport.close();
      },
    };
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
