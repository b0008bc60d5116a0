import { mailRetryDelayMs } from '@parley/domain';
import type { Clock } from '../../clock.js';
import type { Em, Orm } from '../../db/orm.js';
import type { Logger } from '../../logger.js';
import type { Mailer } from './mailer.js';
import { OutboxMail } from './outbox-mail.entity.js';

/** How long a claimed mail is held by the instance sending it; a crash mid-send frees it after this. */
const CLAIM_MS = 5 * 60_000;

export interface QueuedMail {
  readonly recipient: string;
  readonly subject: string;
  readonly text: string;
  readonly purpose: string;
  readonly ticketId: number | null;
}

/**
 * The outbox: mail is written in the transaction of what caused it (so nothing is sent for work that rolled
 * back, and nothing queued is lost on a restart), then sent by `deliverDue` (called by the periodic job and
 * right after a commit that queued mail). Each mail is claimed with a conditional update before it is sent,
 * so two instances never send the same one; a failure is retried later with backoff.
 */
export class MailOutbox {
  #running: Promise<number> | null = null;
  #again = false;
  #closed = false;

  constructor(private readonly deps: { readonly orm: Orm; readonly clock: Clock; readonly logger: Logger; readonly mailer: Mailer | null }) {}

  /** Adds a mail to the caller's transaction (flushed with it). */
  queue(tx: Em, mail: QueuedMail): OutboxMail {
    const at = this.deps.clock.now();
    return tx.create(OutboxMail, { ...mail, attempts: 0, nextAttemptAt: at, sentAt: null, lastError: null, createdAt: at });
  }

  /** Sends what is due now, in the background (after a commit that queued mail); overlapping calls run once more, not twice at once. */
  kick(): void {
    if (this.#closed || !this.deps.mailer) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.deliverDue()
      .catch((error: unknown) => {
        this.deps.logger.error({ err: error }, 'mail outbox failed');
        return 0;
      })
      .finally(() => {
        this.#running = null;
        if (this.#again) {
          this.#again = false;
          this.kick();
        }
      });
  }

  /** Sends every mail whose time has come; answers how many were sent. */
  async deliverDue(batchSize = 50): Promise<number> {
    const mailer = this.deps.mailer;
    if (!mailer || this.#closed) return 0;
    const em = this.deps.orm.em.fork() as Em;
    const now = this.deps.clock.now();
    const due = await em.find(OutboxMail, { sentAt: null, nextAttemptAt: { $lte: now } }, { orderBy: { nextAttemptAt: 'asc', id: 'asc' }, limit: batchSize });
    let sent = 0;
    for (const mail of due) {
      const claimed = await em.nativeUpdate(
        OutboxMail,
        { id: mail.id, sentAt: null, nextAttemptAt: mail.nextAttemptAt },
        { nextAttemptAt: new Date(now.getTime() + CLAIM_MS) },
      );
      if (claimed !== 1) continue; // another instance has it
      try {
        await mailer.send({ to: mail.recipient, subject: mail.subject, text: mail.text });
        await em.nativeUpdate(OutboxMail, { id: mail.id }, { sentAt: this.deps.clock.now(), nextAttemptAt: null, attempts: mail.attempts + 1, lastError: null });
        sent++;
      } catch (error) {
        const attempts = mail.attempts + 1;
        const delay = mailRetryDelayMs(attempts);
        const message = error instanceof Error ? error.message : String(error);
        const at = this.deps.clock.now();
        await em.nativeUpdate(
          OutboxMail,
          { id: mail.id },
          { attempts, nextAttemptAt: delay === null ? null : new Date(at.getTime() + delay), lastError: message.slice(0, 1000) },
        );
        this.deps.logger.warn({ mailId: mail.id, attempts, err: error, gaveUp: delay === null }, 'sending mail failed');
      }
    }
    return sent;
  }

  /** Stops sending and waits for a send in flight (on shutdown, before the database closes). */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#running;
  }
}
