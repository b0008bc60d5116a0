import { mailRetryDelayMs, type TicketAudienceSnapshot, toStorableText, truncateText } from '@parley/domain';
import type { Clock } from '../../clock.js';
import type { Em, Orm } from '../../db/orm.js';
import { rowsInPages } from '../../db/rows-in-pages.js';
import type { EventBus } from '../../events/event-bus.js';
import type { Logger } from '../../logger.js';
import { CoalescedRun } from '../../jobs/coalesced-run.js';
import { EmailMessage } from '../email/email.entity.js';
import type { Mailer } from './mailer.js';
import { OutboxMail } from './outbox-mail.entity.js';

/** How long a claimed mail is held by the instance sending it; a crash mid-send frees it after this. */
const CLAIM_MS = 5 * 60_000;
/** Letters sent at once straight after their commits; more wait for the next sweep. */
const MAX_DIRECT_SENDS = 4;

export interface QueuedMail {
  readonly recipient: string;
  readonly subject: string;
  readonly text: string;
  readonly purpose: string;
  readonly ticketId: number | null;
  /** A letter composed in advance (our replies): sent byte for byte as queued, on every attempt. */
  readonly raw?: { readonly message: string; readonly envelopeFrom: string; readonly envelopeTo: readonly string[] };
  /** Sent through this mailbox's SMTP server rather than SMTP_URL. */
  readonly mailboxId?: number | null;
  /** The reply the letter carries; its email row's delivery state follows the letter (sent, failed). */
  readonly threadItemId?: number;
}

/** The retry policy: the delay before the next attempt after `attempts` failed ones, null to give up. */
export type RetryPolicy = (attempts: number) => number | null;

/**
 * The outbox: mail is written in the transaction of what caused it (so nothing is sent for work that rolled
 * back, and nothing queued is lost on a restart), then sent by `deliverDue` (called by the periodic job and
 * right after a commit that queued mail). Each mail is claimed with a conditional update before it is sent,
 * so two instances never send the same one; a failure is retried later with backoff.
 */
export class MailOutbox {
  readonly #sweep = new CoalescedRun(
    () => this.deliverDue(),
    (error) => this.deps.logger.error({ err: error }, 'mail outbox failed'),
  );
  #closed = false;
  #releasing: Promise<number> | null = null;
  /** Sends started by `deliver`, awaited on close. */
  readonly #inFlight = new Set<Promise<void>>();
  #direct = 0;

  constructor(
    private readonly deps: {
      readonly orm: Orm;
      readonly clock: Clock;
      readonly logger: Logger;
      readonly mailer: Mailer | null;
      /** The mailer of a mailbox that sends its department's letters (null when it does not send now). */
      readonly mailboxMailer?: (mailboxId: number) => Promise<Mailer | null>;
      /** Where a reply's delivery state changes are announced (the console shows them live). */
      readonly events?: EventBus;
      readonly retryPolicy?: RetryPolicy;
      /**
       * Gives held letters (queued while no mail server could send them) their letter and sender now that one
       * can, and answers how many it released; see `hold`.
       */
      readonly releaseHeld?: () => Promise<number>;
    },
  ) {}

  /** Adds a mail to the caller's transaction (flushed with it). */
  queue(tx: Em, mail: QueuedMail): OutboxMail {
    const at = this.deps.clock.now();
    const { raw, threadItemId, mailboxId, ...plain } = mail;
    return tx.create(OutboxMail, {
      ...plain,
      raw: raw?.message ?? null,
      envelopeFrom: raw?.envelopeFrom ?? null,
      envelopeTo: raw ? [...raw.envelopeTo] : null,
      threadItemId: threadItemId ?? null,
      mailboxId: mailboxId ?? null,
      attempts: 0,
      nextAttemptAt: at,
      sentAt: null,
      lastError: null,
      createdAt: at,
    });
  }

  /**
   * Keeps a reply's letter that no mail server can send yet: in the caller's transaction, with no next attempt,
   * so nothing tries to send it until `release` gives it its composed letter and sender.
   */
  hold(tx: Em, mail: Omit<QueuedMail, 'raw' | 'mailboxId'> & { readonly threadItemId: number }): OutboxMail {
    const held = this.queue(tx, mail);
    held.nextAttemptAt = null;
    return held;
  }

  /**
   * A held letter can go now: it gets its letter and sender, and is due at once. Answers false when the reply
   * has no held letter (already released).
   */
  async release(tx: Em, threadItemId: number, letter: NonNullable<QueuedMail['raw']>, mailboxId: number | null): Promise<boolean> {
    const updated = await tx.nativeUpdate(
      OutboxMail,
      { threadItemId, sentAt: null, nextAttemptAt: null, attempts: 0, raw: null },
      { raw: letter.message, envelopeFrom: letter.envelopeFrom, envelopeTo: [...letter.envelopeTo], mailboxId, nextAttemptAt: this.deps.clock.now() },
    );
    return updated > 0;
  }

  /** Releases what a mail server can now send (see `hold`) and sends it; answers how many were released. */
  async releaseHeld(): Promise<number> {
    if (this.#closed || !this.deps.releaseHeld) return 0;
    const released = await this.deps.releaseHeld();
    if (released > 0) this.kick();
    return released;
  }

  /**
   * A way to send may have appeared (the server started, a mailbox was saved): held letters are looked at in
   * the background; overlapping calls share one run.
   */
  wakeHeld(): void {
    if (this.#closed || this.#releasing) return;
    this.#releasing = this.releaseHeld()
      .catch((error: unknown) => {
        this.deps.logger.error({ err: error }, 'releasing held mail failed');
        return 0;
      })
      .finally(() => {
        this.#releasing = null;
      });
  }

  /**
   * Queues the letter of a reply again, as it was (same bytes, same Message-ID), after it failed or bounced:
   * inside the caller's transaction. Answers false when the reply has no letter in the outbox.
   */
  async requeue(tx: Em, threadItemId: number): Promise<boolean> {
    const at = this.deps.clock.now();
    const updated = await tx.nativeUpdate(OutboxMail, { threadItemId }, { attempts: 0, nextAttemptAt: at, sentAt: null, lastError: null });
    return updated > 0;
  }

  /** Sends what is due now, in the background (after a commit that queued mail); overlapping calls run once more, not twice at once. */
  kick(): void {
    if (this.#closed || !this.#canSend) return;
    this.#sweep.kick();
  }

  /**
   * Sends letters just committed, in the background, from what the transaction wrote (issue 10: nothing is
   * read back): each is claimed with the same conditional update as `deliverDue`'s, so a sweep racing it
   * cannot send it twice. `audience` (who may see the ticket) goes with the delivery's announcement. Past a
   * few sends in flight, the letters wait for one sweep instead, which takes them in batches.
   */
  deliver(mails: readonly OutboxMail[], audience?: TicketAudienceSnapshot): void {
    if (this.#closed || !this.#canSend) return;
    if (this.#direct >= MAX_DIRECT_SENDS) {
      this.kick();
      return;
    }
    this.#direct++;
    const run = (async () => {
      const em = this.deps.orm.em.fork() as Em;
      for (const mail of mails) await this.#sendOne(em, mail, this.deps.clock.now(), audience);
    })()
      .catch((error: unknown) => this.deps.logger.error({ err: error }, 'mail outbox failed'))
      .finally(() => {
        this.#direct--;
        this.#inFlight.delete(run);
      });
    this.#inFlight.add(run);
  }

  /**
   * Sends every mail whose time has come; answers how many were sent. Goes on past letters that cannot go
   * now (their mailbox switched off): they keep their place, and would otherwise fill every batch.
   */
  async deliverDue(batchSize = 50): Promise<number> {
    if (!this.#canSend || this.#closed) return 0;
    const em = this.deps.orm.em.fork() as Em;
    const now = this.deps.clock.now();
    let sent = 0;
    const due = rowsInPages(
      batchSize,
      (after: { at: Date; id: number } | null, limit) => {
        const past = after ? { $or: [{ nextAttemptAt: { $gt: after.at } }, { nextAttemptAt: after.at, id: { $gt: after.id } }] } : {};
        return em.find(OutboxMail, { sentAt: null, nextAttemptAt: { $lte: now }, ...past }, { orderBy: { nextAttemptAt: 'asc', id: 'asc' }, limit });
      },
      (mail) => ({ at: mail.nextAttemptAt!, id: mail.id }),
    );
    for await (const mail of due) {
      if (this.#closed) return sent;
      if (await this.#sendOne(em, mail, now)) sent++;
    }
    return sent;
  }

  /** Claims one mail, sends it and records the outcome; answers whether it went. */
  async #sendOne(em: Em, mail: OutboxMail, now: Date, audience?: TicketAudienceSnapshot): Promise<boolean> {
    // A mailbox that stopped sending leaves its letters queued (and retried) rather than sent from elsewhere.
    const mailer = mail.mailboxId ? await this.#mailboxMailer(mail.mailboxId) : this.deps.mailer;
    if (!mailer || mail.nextAttemptAt === null || mail.nextAttemptAt === undefined) return false;
    const claimed = await em.nativeUpdate(OutboxMail, { id: mail.id, sentAt: null, nextAttemptAt: mail.nextAttemptAt }, { nextAttemptAt: new Date(now.getTime() + CLAIM_MS) });
    if (claimed !== 1) return false; // another instance (or a sweep) has it
    try {
      const raw = mail.raw && mail.envelopeFrom && mail.envelopeTo ? { message: mail.raw, envelope: { from: mail.envelopeFrom, to: mail.envelopeTo } } : undefined;
      await mailer.send({ to: mail.recipient, subject: mail.subject, text: mail.text, raw });
      await em.nativeUpdate(OutboxMail, { id: mail.id }, { sentAt: this.deps.clock.now(), nextAttemptAt: null, attempts: mail.attempts + 1, lastError: null });
      await this.#deliveryState(em, mail, 'sent', audience);
      return true;
    } catch (error) {
      const attempts = mail.attempts + 1;
      const delay = (this.deps.retryPolicy ?? mailRetryDelayMs)(attempts);
      const message = error instanceof Error ? error.message : String(error);
      const at = this.deps.clock.now();
      await em.nativeUpdate(
        OutboxMail,
        { id: mail.id },
        { attempts, nextAttemptAt: delay === null ? null : new Date(at.getTime() + delay), lastError: toStorableText(truncateText(message, 1000)) },
      );
      this.deps.logger.warn({ mailId: mail.id, attempts, err: error, gaveUp: delay === null }, 'sending mail failed');
      if (delay === null) await this.#deliveryState(em, mail, 'failed', audience);
      return false;
    }
  }

  get #canSend(): boolean {
    return this.deps.mailer !== null || this.deps.mailboxMailer !== undefined;
  }

  async #mailboxMailer(mailboxId: number): Promise<Mailer | null> {
    try {
      return (await this.deps.mailboxMailer?.(mailboxId)) ?? null;
    } catch (error) {
      this.deps.logger.warn({ err: error, mailboxId }, 'a mailbox cannot send (its password does not decrypt?)');
      return null;
    }
  }

  /** A reply's letter was sent or given up on: its email row says so, and the ticket's agents hear it. */
  async #deliveryState(em: Em, mail: OutboxMail, state: 'sent' | 'failed', audience?: TicketAudienceSnapshot): Promise<void> {
    if (mail.threadItemId === null || mail.threadItemId === undefined) return;
    // Only from `queued`: a bounce that raced ahead keeps its verdict.
    const changed = await em.nativeUpdate(EmailMessage, { threadItem: mail.threadItemId, direction: 'out', deliveryState: 'queued' }, { deliveryState: state });
    if (changed === 1 && mail.ticketId !== null && mail.ticketId !== undefined) {
      this.deps.events?.publish('email.delivery_changed', { ticketId: mail.ticketId, itemId: mail.threadItemId, state, ...(audience ? { audience } : {}) });
    }
  }

  /** Stops sending and waits for a send in flight (on shutdown, before the database closes). */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#releasing;
    await this.#sweep.settled();
    await Promise.all(this.#inFlight);
  }
}
