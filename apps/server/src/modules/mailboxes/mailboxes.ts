import type { AppContext } from '../../app-context.js';
import { MailboxFetcher } from './imap-fetcher.js';
import type { InboundMail } from './inbound-mail.js';
import { SmtpReceiver } from './smtp-receiver.js';

/**
 * Inbound mail while the server runs: the IMAP fetcher and (with SMTP_RECEIVER_PORT) the SMTP receiver.
 * Both start with listen(), so a command-line run of the app (an import) fetches nothing.
 */
export class Mailboxes implements InboundMail {
  private fetcher: MailboxFetcher | null = null;
  private receiver: SmtpReceiver | null = null;
  /** The SMTP receiver's port once listening (SMTP_RECEIVER_PORT=0 picks a free one). */
  smtpReceiverPort: number | null = null;

  constructor(private readonly app: () => AppContext) {}

  /** Who holds a mailbox's lease when this instance fetches it. */
  get instanceId(): string | null {
    return this.fetcher?.instance ?? null;
  }

  async start(): Promise<void> {
    const app = this.app();
    const receiverConfig = app.config.mailboxes.smtpReceiver;
    if (receiverConfig) {
      this.receiver = new SmtpReceiver(app);
      this.smtpReceiverPort = await this.receiver.listen(receiverConfig.port, receiverConfig.host);
    }
    this.fetcher = new MailboxFetcher(app);
    this.fetcher.start();
  }

  /** A mailbox was created or changed: the fetcher starts, restarts or stops its connection. */
  changed(): void {
    this.fetcher?.changed();
  }

  async close(): Promise<void> {
    await Promise.all([this.fetcher?.close(), this.receiver?.close()]);
    this.fetcher = null;
    this.receiver = null;
  }
}
