import { randomUUID } from 'node:crypto';
import { DomainError, ErrorCodes, imapResumePoint, mailboxRetryDelayMs, mayTakeMailboxLease } from '@parley/domain';
import type { ImapFlow } from 'imapflow';
import type { AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { ingestRawMail } from '../email/ingest-mail.js';
import { imapClient, imapErrorMessage } from './imap-connection.js';
import { Mailbox } from './mailbox.entity.js';

/** How long a lease lasts without renewal: an instance that died gives its mailboxes up after this. */
const LEASE_MS = 60_000;
const RENEW_EVERY_MS = 20_000;
/** How often the list of mailboxes is read again (to pick up ones another instance let go). */
const SCAN_EVERY_MS = 15_000;

/**
 * Fetches every active IMAP mailbox this instance holds the lease of: one runner per mailbox, each keeping
 * one connection open (IDLE, polling as fallback) and filing new letters by UID. Mailboxes whose lease
 * another live instance holds are left alone; a runner that loses its lease stops.
 */
export class MailboxFetcher {
  readonly instance = `${process.pid}-${randomUUID()}`;
  private readonly runners = new Map<number, MailboxRunner>();
  private timer: NodeJS.Timeout | null = null;
  private scanning: Promise<void> | null = null;
  private rescan = false;
  private closed = false;

  constructor(private readonly app: AppContext) {}

  start(): void {
    if (!this.app.config.mailboxes.fetch) return;
    this.changed();
    this.timer = setInterval(() => this.changed(), Math.min(SCAN_EVERY_MS, this.app.config.mailboxes.pollSeconds * 1000));
    this.timer.unref();
  }

  /** Settings changed (here or elsewhere): start, restart or stop runners to match. */
  changed(): void {
    if (this.closed || !this.app.config.mailboxes.fetch) return;
    if (this.scanning) {
      this.rescan = true;
      return;
    }
    this.scanning = this.scan()
      .catch((error) => this.app.logger.error({ err: error }, 'mailboxes: scanning failed'))
      .finally(() => {
        this.scanning = null;
        if (this.rescan) {
          this.rescan = false;
          this.changed();
        }
      });
  }

  private async scan(): Promise<void> {
    const em = this.app.orm.em.fork() as Em;
    const mailboxes = await em.find(Mailbox, { active: true, imapEnabled: true });
    const wanted = new Set(mailboxes.map((m) => m.id));
    for (const [id, runner] of this.runners) {
      if (!wanted.has(id)) await this.stopRunner(id, runner);
    }
    const now = this.app.clock.now();
    for (const mailbox of mailboxes) {
      if (this.closed) return;
      const running = this.runners.get(mailbox.id);
      if (running && !running.stopped && running.fingerprint === fingerprint(mailbox)) continue;
      if (running) await this.stopRunner(mailbox.id, running);
      if (!mayTakeMailboxLease({ owner: mailbox.leaseOwner ?? null, until: mailbox.leaseUntil ?? null }, this.instance, now)) continue;
      const runner = new MailboxRunner(this.app, mailbox, this.instance);
      this.runners.set(mailbox.id, runner);
      runner.start();
    }
  }

  private async stopRunner(id: number, runner: MailboxRunner): Promise<void> {
    this.runners.delete(id);
    await runner.stop();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.scanning;
    await Promise.all([...this.runners.values()].map((r) => r.stop()));
    this.runners.clear();
  }
}

/** The settings a running connection was made with: a change restarts it. */
function fingerprint(m: Mailbox): string {
  return JSON.stringify([m.address, m.name, m.department, m.imapHost, m.imapPort, m.imapTls, m.imapStarttls, m.imapUser, m.imapPasswordEncrypted, m.imapFolder, m.imapAfterFiling, m.imapMoveToFolder]);
}

/** One mailbox's connection loop: lease, connect, file what is new, wait for more; on failure back off and retry. */
class MailboxRunner {
  readonly fingerprint: string;
  stopped = false;
  private done: Promise<void> = Promise.resolve();
  private client: ImapFlow | null = null;
  private wake: (() => void) | null = null;
  private workPending = true;
  private failures = 0;

  constructor(
    private readonly app: AppContext,
    private readonly mailbox: Mailbox,
    private readonly instance: string,
  ) {
    this.fingerprint = fingerprint(mailbox);
  }

  start(): void {
    this.done = this.loop().catch((error) => this.app.logger.error({ err: error, mailbox: this.mailbox.id }, 'mailbox runner crashed'));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.client?.close();
    this.wake?.();
    await this.done;
  }

  private em(): Em {
    return this.app.orm.em.fork() as Em;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      if (!(await this.takeLease())) break;
      try {
        await this.session();
      } catch (error) {
        if (this.stopped) break;
        this.failures += 1;
        const message = imapErrorMessage(error);
        this.app.logger.warn({ mailbox: this.mailbox.id, error: message, failures: this.failures }, 'mailbox: IMAP connection failed');
        await this.record({ status: 'error', lastError: message, lastCheckAt: this.app.clock.now() });
      }
      if (!this.stopped) await this.sleep(mailboxRetryDelayMs(this.failures));
    }
    this.stopped = true;
    await this.releaseLease();
  }

  /** Takes or renews the lease atomically: only one instance's update matches. */
  private async takeLease(): Promise<boolean> {
    const now = this.app.clock.now();
    const taken = await this.em().nativeUpdate(
      Mailbox,
      {
        id: this.mailbox.id,
        active: true,
        imapEnabled: true,
        $or: [{ leaseOwner: null }, { leaseOwner: this.instance }, { leaseUntil: null }, { leaseUntil: { $lte: now } }],
      },
      { leaseOwner: this.instance, leaseUntil: new Date(now.getTime() + LEASE_MS) },
    );
    return taken === 1;
  }

  private async releaseLease(): Promise<void> {
    try {
      await this.em().nativeUpdate(Mailbox, { id: this.mailbox.id, leaseOwner: this.instance }, { leaseOwner: null, leaseUntil: null });
    } catch (error) {
      // Closing with the database: the lease then runs out by itself.
      this.app.logger.debug({ err: error }, 'mailbox: lease not released');
    }
  }

  /** Writes the mailbox's status, as long as this instance still holds it. */
  private async record(values: Partial<Pick<Mailbox, 'status' | 'lastError' | 'lastCheckAt' | 'imapLastUid' | 'imapUidValidity'>>): Promise<void> {
    await this.em().nativeUpdate(Mailbox, { id: this.mailbox.id, leaseOwner: this.instance }, values as never);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }

  private async session(): Promise<void> {
    const client = imapClient(this.mailbox, this.app.config.mailboxes.credentialsKey);
    this.client = client;
    let closed = false;
    client.on('error', (error) => this.app.logger.debug({ err: error, mailbox: this.mailbox.id }, 'mailbox: IMAP error'));
    client.on('close', () => {
      closed = true;
      this.wake?.();
    });
    // New mail while idling: the server says EXISTS.
    client.on('exists', () => {
      this.workPending = true;
      this.wake?.();
    });
    const renew = setInterval(() => {
      this.takeLease()
        .then((held) => {
          if (!held) {
            this.app.logger.warn({ mailbox: this.mailbox.id }, 'mailbox: lease lost, stopping');
            void this.stop();
          }
        })
        .catch((error) => this.app.logger.warn({ err: error }, 'mailbox: lease renewal failed'));
    }, RENEW_EVERY_MS);
    try {
      await client.connect();
      await this.record({ status: 'connected', lastError: null, lastCheckAt: this.app.clock.now() });
      const pollMs = this.app.config.mailboxes.pollSeconds * 1000;
      while (!this.stopped && !closed) {
        this.workPending = false;
        // The lock only while reading: imapflow idles (and hears EXISTS) only on a connection nobody holds.
        const lock = await client.getMailboxLock(this.mailbox.imapFolder);
        try {
          await this.fileNewLetters(client);
        } finally {
          lock.release();
        }
        this.failures = 0;
        await this.record({ lastCheckAt: this.app.clock.now() });
        if (this.workPending || this.stopped || closed) continue;
        // Woken by EXISTS, or by the poll interval for servers that do not push (a NOOP there brings news).
        await this.sleep(pollMs);
        if (!this.workPending && !closed && !this.stopped) await client.noop();
      }
      if (closed && !this.stopped) throw new Error('The IMAP server closed the connection.');
    } finally {
      clearInterval(renew);
      this.client = null;
      if (!closed) await client.logout().catch(() => client.close());
    }
  }

  /** Files every letter above the last filed UID, in UID order; each is marked (or moved) only after it is stored. */
  private async fileNewLetters(client: ImapFlow): Promise<void> {
    const folder = client.mailbox;
    if (!folder) throw new Error('The folder is not open.');
    const stored = await this.em().findOneOrFail(Mailbox, { id: this.mailbox.id }, { fields: ['imapUidValidity', 'imapLastUid'] });
    const resume = imapResumePoint({ uidValidity: stored.imapUidValidity ?? null, lastUid: Number(stored.imapLastUid) }, String(folder.uidValidity));
    if (resume.uidValidity !== stored.imapUidValidity) await this.record({ imapUidValidity: resume.uidValidity, imapLastUid: resume.lastUid });
    let lastUid = resume.lastUid;
    const found = (await client.search({ uid: `${lastUid + 1}:*` }, { uid: true })) || [];
    // `n:*` also names the newest letter when nothing is above n: keep only what is really new.
    const uids = found.filter((uid) => uid > lastUid).sort((a, b) => a - b);
    for (const uid of uids) {
      if (this.stopped) return;
      await this.fileOne(client, uid);
      lastUid = uid;
      await this.record({ imapLastUid: lastUid });
    }
  }

  private async fileOne(client: ImapFlow, uid: number): Promise<void> {
    const message = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
    const source = message ? message.source : undefined;
    if (!source) return; // expunged meanwhile
    try {
      await ingestRawMail(this.app, source, {
        source: this.mailbox.name,
        departmentId: this.mailbox.department ?? null,
        ownAddresses: [this.mailbox.address],
      });
    } catch (error) {
      // A refusal of the letter itself (too large, not filable) will not change on a retry: leave it unread on
      // the server for a person to look at, say so, and go on with the next. Anything else (the database is
      // away) is thrown: the connection starts over and the letter is read again.
      if (!(error instanceof DomainError)) throw error;
      const why =
        error.code === ErrorCodes.requestTooLarge
          ? `A letter of ${source.length} bytes (UID ${uid}) is larger than MAX_MAIL_BYTES and was left on the server.`
          : `A letter (UID ${uid}) could not be filed and was left on the server: ${error.message}`;
      this.app.logger.warn({ mailbox: this.mailbox.id, uid, bytes: source.length, code: error.code }, 'mailbox: letter left on the server');
      await this.record({ lastError: why });
      return;
    }
    if (this.mailbox.imapAfterFiling === 'move' && this.mailbox.imapMoveToFolder) {
      await client.messageMove(String(uid), this.mailbox.imapMoveToFolder, { uid: true });
    } else {
      await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
    }
  }
}
