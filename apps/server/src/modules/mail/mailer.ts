import nodemailer from 'nodemailer';

export interface OutgoingMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** Sends one email or throws; the outbox decides about retries. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** SMTP through nodemailer: SMTP_URL (smtp://user:pass@host:port, smtps:// for TLS from the start) and MAIL_FROM. */
export function createSmtpMailer(config: { readonly smtpUrl: string; readonly from: string }): Mailer {
  // Short timeouts: a mail server that does not answer fails this attempt, and the outbox retries later.
  const transport = nodemailer.createTransport({ url: config.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as never);
  return {
    async send(mail) {
      await transport.sendMail({ from: config.from, to: mail.to, subject: mail.subject, text: mail.text });
    },
    close() {
      transport.close();
    },
  };
}
