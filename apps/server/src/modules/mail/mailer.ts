import nodemailer from 'nodemailer';

export interface OutgoingMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  /** A letter composed in advance (MIME), sent as it is with this envelope; then to/subject/text are not used. */
  readonly raw?: { readonly message: string; readonly envelope: { readonly from: string; readonly to: readonly string[] } } | undefined;
}

/** Sends one email or throws; the outbox decides about retries. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** A nodemailer SMTP transport. */
export type SmtpTransport = ReturnType<typeof nodemailer.createTransport>;

/** Short timeouts: a mail server that does not answer fails this attempt, and the outbox retries later. */
export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as const;

/** SMTP through nodemailer: SMTP_URL (smtp://user:pass@host:port, smtps:// for TLS from the start) and MAIL_FROM. */
export function createSmtpMailer(config: { readonly smtpUrl: string; readonly from: string }): Mailer {
  return mailerOver(nodemailer.createTransport({ url: config.smtpUrl, ...SMTP_TIMEOUTS } as never), config.from);
}

/** A Mailer over one nodemailer transport: composed letters go as they are, plain ones from `from`. */
export function mailerOver(transport: SmtpTransport, from: string): Mailer {
  return {
    async send(mail) {
      if (mail.raw) {
        await transport.sendMail({ envelope: { from: mail.raw.envelope.from, to: [...mail.raw.envelope.to] }, raw: mail.raw.message });
        return;
      }
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
    },
    close() {
      transport.close();
    },
  };
}
