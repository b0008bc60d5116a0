import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A local SMTP server that accepts every letter and drops it, for a server whose replies go out by mail. */
export interface MailSink {
  /** For SMTP_URL. */
  readonly url: string;
  /** Resolves when the next letter has been taken in (bounded). */
  nextLetter(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startMailSink(): Promise<MailSink> {
  const waiters: (() => void)[] = [];
  let unclaimed = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        const waiter = waiters.shift();
        if (waiter) waiter();
        else unclaimed++;
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = (server as unknown as { server: { address(): AddressInfo } }).server.address();
  return {
    url: `smtp://127.0.0.1:${port}`,
    nextLetter(timeoutMs = 10_000) {
      if (unclaimed > 0) {
        unclaimed--;
        return Promise.resolve();
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no letter reached the mail sink within ${timeoutMs / 1000} s`)), timeoutMs);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
