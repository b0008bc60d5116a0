/**
 * Inbound mail while the server runs (the IMAP fetcher and the SMTP receiver), as the app context names it.
 * Mailboxes implements it; the context names this interface rather than that class because filing a letter
 * takes the whole app, so the class's imports lead back to the context.
 */
export interface InboundMail {
  /** Who holds a mailbox's lease when this instance fetches it. */
  readonly instanceId: string | null;
  /** The SMTP receiver's port once listening (SMTP_RECEIVER_PORT=0 picks a free one). */
  readonly smtpReceiverPort: number | null;
  /** Starts fetching and receiving (when the server listens, so a command-line run fetches nothing). */
  start(): Promise<void>;
  /** A mailbox was created or changed: the fetcher starts, restarts or stops its connection. */
  changed(): void;
  close(): Promise<void>;
}
