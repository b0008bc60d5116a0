import { CompiledQuery } from 'kysely';
import type { DatabaseConnection, Driver, QueryResult, TransactionSettings } from 'kysely';
import { ConnectionReentryError, executeRefusingNul, holdsOpenTransaction } from './connection-reentry.js';
import { type CredentialWrites, writesCredentials } from './credential-writes.js';
import { KEEP_PREPARED } from './keep-prepared.js';
import type { Checkpointer } from './sqlite-checkpointer.js';
import { refuseNul } from './text-safety.js';

/**
 * SQLite's one connection, shared by every request in turn, with group commit.
 *
 * A commit writes every page the transaction changed to the WAL, one write syscall per page header and
 * page: a new ticket touches its row and each of the ticket's indexes, so a commit is some thirty writes,
 * and on a virtual machine a syscall is dear (the profile put commit at 28 % of ticket creation's CPU).
 * When transactions queue for the connection, they share one: each that joins runs in its own savepoint
 * (rolled back alone if it fails), and whoever finishes while others still wait leaves the commit to them. The last of
 * the group, or the first that finds nobody waiting, the group full or old enough, commits for all. Pages
 * several members changed (an index's last leaf, the table's) are written once.
 *
 * Nothing is acknowledged early: a member's commit resolves only once the group's commit has, and fails
 * if it fails. Nobody reads what is not committed either: a read outside a transaction runs on a second,
 * read-only connection (sqlite-reading-connection.ts), which sees commits only, and any other statement
 * outside a transaction commits the open group first. With nobody waiting, a transaction commits at once,
 * as it would without the group.
 */

/**
 * A group commits once it has this many members, or once its first finished member has waited this long,
 * even when more transactions are waiting: that bounds how long an answer waits for others' work.
 */
const MAX_MEMBERS = 32;
const MAX_AGE_MS = 25;
/** The member that opened the group's transaction, and runs in it without a savepoint. */
const FIRST_MEMBER = '';
/**
 * Every later member's savepoint. One name for all: members run one after another, each savepoint released
 * or rolled back before the next is opened, and a name per member made every savepoint and release a new
 * SQL text, prepared anew and pushing kept statements out of the statement cache (sqlite-statement-cache.ts).
 */
const MEMBER_SAVEPOINT = 'parley_member';

/** A select (or a with … select), after the marker of a statement kept prepared, if any. */
const PLAIN_READ = new RegExp(`^(?:${escapeRegExp(KEEP_PREPARED)})?\\s*(?:select|with)\\b`, 'i');

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The reading connection: better-sqlite3's database, read-only, on the same file. */
export interface ReadingDatabase {
  prepare(sql: string): ReadingStatement;
  close(): void;
}
interface ReadingStatement {
  readonly reader: boolean;
  readonly readonly: boolean;
  all(parameters: readonly unknown[]): unknown[];
}

/** What works beside the single writing connection on a file: a reading connection, the checkpoint worker. */
export interface SingleConnectionCompanions {
  readonly reader?: ReadingDatabase | null;
  readonly checkpointer?: Checkpointer | null;
}

/** Serializes use of the single connection, knowing how many wait. */
class ConnectionLock {
  #tail: Promise<void> = Promise.resolve();
  waiting = 0;

  async acquire(): Promise<() => void> {
    let release!: () => void;
    const previous = this.#tail;
    this.#tail = new Promise((resolve) => {
      release = resolve;
    });
    this.waiting++;
    try {
      await previous;
    } finally {
      this.waiting--;
    }
    return release;
  }
}

interface PendingMember {
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * One holder's turn on the connection: what Kysely sees as the connection, so that a member that handed the
 * connection on early is told apart from the next holder. Kept for reuse (Kysely remembers every connection
 * object it was given).
 */
class Lease implements DatabaseConnection {
  /** The savepoint of the transaction this turn runs, while it runs one. */
  member: string | null = null;
  #release: (() => void) | null = null;

  constructor(private readonly driver: GroupCommitDriver) {}

  get holdsConnection(): boolean {
    return this.#release !== null;
  }

  /** Waits for the writing connection, unless this turn holds it already. */
  async hold(): Promise<void> {
    this.#release ??= await this.driver.waitForConnection();
  }

  /** Hands the connection to the next waiting turn; a second call does nothing. */
  release(): void {
    const release = this.#release;
    this.#release = null;
    release?.();
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.member === null) {
      const read = this.driver.readCommitted<R>(query);
      if (read) return read;
      await this.hold();
      await this.driver.commitGroup();
    }
    const result = await executeRefusingNul<R>(this.driver.connection, query);
    // Outside a transaction the write has committed; inside one, it is reported when the group ends.
    if (writesCredentials(query.sql)) this.driver.wroteCredentials(this.member === null);
    if (this.member === null) this.driver.checkpointer?.committed();
    return result;
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize: number): AsyncIterableIterator<QueryResult<R>> {
    if (this.member === null) {
      await this.hold();
      await this.driver.commitGroup();
    }
    yield* this.driver.connection.streamQuery<R>(query, chunkSize);
  }
}

export class GroupCommitDriver implements Driver {
  readonly #lock = new ConnectionLock();
  readonly #idleLeases: Lease[] = [];
  #connection: DatabaseConnection | null = null;
  #members = 0;
  #pending: PendingMember[] = [];
  #firstDeferredAt: number | null = null;
  #groupWroteCredentials = false;
  groupOpen = false;

  readonly #reader: ReadingDatabase | null;
  readonly checkpointer: Checkpointer | null;

  constructor(
    private readonly inner: Driver,
    companions: SingleConnectionCompanions = {},
    private readonly credentialWrites: CredentialWrites | null = null,
  ) {
    this.#reader = companions.reader ?? null;
    this.checkpointer = companions.checkpointer ?? null;
    this.checkpointer?.pauseWritesWith((work) => this.#withWritesPaused(work));
  }

  /** Runs `work` holding the writing turn, after committing the open group: no write runs or starts meanwhile. */
  async #withWritesPaused<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.#lock.acquire();
    try {
      await this.commitGroup();
      return await work();
    } finally {
      release();
    }
  }

  /** A statement wrote what a credential proves: reported now when it has committed, else when the group ends. */
  wroteCredentials(committed: boolean): void {
    if (committed) this.credentialWrites?.committed();
    else this.#groupWroteCredentials = true;
  }

  /** Reported after a rollback too: forgetting what was kept is always safe. */
  #reportCredentialWrites(): void {
    if (!this.#groupWroteCredentials) return;
    this.#groupWroteCredentials = false;
    this.credentialWrites?.committed();
  }

  get connection(): DatabaseConnection {
    return this.#connection!;
  }

  async init(): Promise<void> {
    await this.inner.init();
  }

  /**
   * A turn on the connection, taken when it first needs the writing connection (a transaction, a write, a
   * read the reading connection cannot serve), so that reads never queue behind writers.
   */
  async acquireConnection(): Promise<DatabaseConnection> {
    if (holdsOpenTransaction()) throw new ConnectionReentryError();
    this.#connection ??= await this.inner.acquireConnection();
    return this.#idleLeases.pop() ?? new Lease(this);
  }

  waitForConnection(): Promise<() => void> {
    return this.#lock.acquire();
  }

  /**
   * A read outside any transaction, run on the reading connection while no group is open: it waits for no
   * writer and breaks no group up. While a group is open its members may have seen each other's rows (a
   * unique index refusing a retry's second copy), so a read then takes a turn on the writing connection,
   * which commits the group first, and finds what they saw. Undefined when the reading connection cannot
   * run it (a group open, not a plain read, a function only the writing connection has, an in-memory
   * database without one).
   */
  readCommitted<R>(query: CompiledQuery): Promise<QueryResult<R>> | undefined {
    if (!this.#reader || this.groupOpen || !PLAIN_READ.test(query.sql)) return undefined;
    let statement: ReadingStatement;
    try {
      statement = this.#reader.prepare(query.sql);
    } catch {
      return undefined;
    }
    if (!statement.reader || !statement.readonly) return undefined;
    try {
      for (const parameter of query.parameters) refuseNul(parameter);
      return Promise.resolve({ rows: statement.all(query.parameters) as R[] });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    try {
      // A turn that ends with a group open and nobody to hand it to commits it (its members would otherwise
      // wait forever). A member that handed the connection on early holds nothing to commit with any more.
      if (lease.holdsConnection && this.groupOpen && !this.#shouldDefer()) await this.commitGroup();
    } finally {
      lease.release();
      lease.member = null;
      this.#idleLeases.push(lease);
    }
  }

  async beginTransaction(connection: DatabaseConnection, _settings: TransactionSettings): Promise<void> {
    const lease = connection as Lease;
    await lease.hold();
    if (this.groupOpen) {
      // Joining a group with finished members: this member must be able to roll back alone.
      await this.#run(`savepoint ${MEMBER_SAVEPOINT}`);
      lease.member = MEMBER_SAVEPOINT;
    } else {
      // Take the write lock at the start. A deferred transaction that reads and then writes cannot wait for
      // another process's writer (SQLite answers "database is locked" at once, whatever the busy timeout);
      // an immediate one waits its turn. The group's first member needs no savepoint: nobody is in the group
      // to keep if it fails.
      await this.#run('begin immediate');
      this.groupOpen = true;
      this.#firstDeferredAt = null;
      this.#members = 0;
      lease.member = FIRST_MEMBER;
    }
    this.#members++;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    const member = lease.member!;
    lease.member = null;
    if (member !== FIRST_MEMBER) await this.#run(`release ${member}`);
    // Requests already received get one turn of the event loop to queue for the connection: under load some
    // are always about to write, and then they commit together. Idle, this costs one empty turn.
    if (!this.#shouldDefer() && this.#young()) await new Promise((resolve) => setImmediate(resolve));
    if (!this.#shouldDefer()) return this.commitGroup();
    // Others wait for the connection: hand it on and commit with them.
    this.#firstDeferredAt ??= performance.now();
    const committed = new Promise<void>((resolve, reject) => this.#pending.push({ resolve, reject }));
    lease.release();
    return committed;
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    const member = lease.member!;
    lease.member = null;
    this.#members--;
    if (member === FIRST_MEMBER) {
      // Nobody else is in the group yet.
      this.groupOpen = false;
      try {
        await this.#run('rollback');
      } finally {
        this.#reportCredentialWrites();
      }
      return;
    }
    try {
      await this.#run(`rollback to ${member}`);
      await this.#run(`release ${member}`);
    } catch (error) {
      // SQLite rolled the whole transaction back itself (an I/O error, a full disk): the group is gone.
      this.#endGroup(error);
      await this.#rollbackIfOpen();
    }
    // Otherwise the group stays open for its finished members; ending the turn commits it if nobody waits.
  }

  async savepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['savepoint']>>[2]): Promise<void> {
    await this.inner.savepoint!(this.#connection!, name, compile);
    void connection;
  }
  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['rollbackToSavepoint']>>[2]): Promise<void> {
    await this.inner.rollbackToSavepoint!(this.#connection!, name, compile);
    void connection;
  }
  async releaseSavepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['releaseSavepoint']>>[2]): Promise<void> {
    await this.inner.releaseSavepoint!(this.#connection!, name, compile);
    void connection;
  }

  async destroy(): Promise<void> {
    if (this.groupOpen) await this.commitGroup();
    this.#reader?.close();
    // The writing connection closes last: SQLite checkpoints and removes the log when its last one closes.
    await this.checkpointer?.close();
    await this.inner.destroy();
  }

  /** Commits the open group, if any, and tells its waiting members how it went. Called by the turn's holder. */
  async commitGroup(): Promise<void> {
    if (!this.groupOpen) return;
    try {
      await this.#run('commit');
    } catch (error) {
      this.#endGroup(error);
      await this.#rollbackIfOpen();
      throw error;
    }
    this.#endGroup(null);
    this.checkpointer?.committed();
  }

  #shouldDefer(): boolean {
    return this.#lock.waiting > 0 && this.#young();
  }

  #young(): boolean {
    return this.#members < MAX_MEMBERS && (this.#firstDeferredAt === null || performance.now() - this.#firstDeferredAt < MAX_AGE_MS);
  }

  #endGroup(error: unknown): void {
    this.groupOpen = false;
    this.#members = 0;
    this.#reportCredentialWrites();
    const pending = this.#pending;
    this.#pending = [];
    for (const member of pending) {
      if (error === null) member.resolve();
      else member.reject(error);
    }
  }

  /** After a failure SQLite may or may not have ended the transaction itself. */
  async #rollbackIfOpen(): Promise<void> {
    await this.#run('rollback').catch(() => undefined);
  }

  async #run(sql: string): Promise<void> {
    await this.#connection!.executeQuery(CompiledQuery.raw(sql));
  }
}
