import { TransactionContext } from '@mikro-orm/core';
import { CompiledQuery } from 'kysely';
import type { DatabaseConnection, Dialect, DialectAdapter, Driver, QueryCompiler, QueryResult, TransactionSettings } from 'kysely';
import { refuseNul } from './text-safety.js';

/**
 * Thrown when code inside a transaction asks for a second connection (a forked entity manager, a nested
 * `transactional` on another fork). On SQLite there is one connection and the transaction holds it, so the
 * request would wait for itself forever; on PostgreSQL it would take a second pooled connection per request
 * and deadlock once the pool is exhausted. Refusing at once turns a hang into an error with a stack trace.
 */
export class ConnectionReentryError extends Error {
  constructor() {
    super('A query asked for a database connection while its own transaction holds one; run it on the transaction (em inside transactional) instead.');
    this.name = 'ConnectionReentryError';
  }
}

interface OpenTransaction {
  readonly isCommitted: boolean;
  readonly isRolledBack: boolean;
}

/** True when the current async context runs inside a MikroORM transaction that is still open. */
function holdsOpenTransaction(): boolean {
  const transaction = TransactionContext.currentTransactionContext()?.em.getTransactionContext() as OpenTransaction | undefined;
  return transaction !== undefined && !transaction.isCommitted && !transaction.isRolledBack;
}

/** Serializes use of a single-connection driver, as Kysely's own mutex would, but after the re-entry check. */
class ConnectionLock {
  #tail: Promise<void> = Promise.resolve();

  async acquire(): Promise<() => void> {
    let release!: () => void;
    const previous = this.#tail;
    this.#tail = new Promise((resolve) => {
      release = resolve;
    });
    await previous;
    return release;
  }
}

class GuardedDriver implements Driver {
  readonly #releases = new Map<DatabaseConnection, () => void>();

  constructor(
    private readonly inner: Driver,
    private readonly lock: ConnectionLock | null,
  ) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    if (holdsOpenTransaction()) throw new ConnectionReentryError();
    const release = this.lock ? await this.lock.acquire() : null;
    try {
      const connection = refusingNulParameters(await this.inner.acquireConnection());
      if (release) this.#releases.set(connection, release);
      return connection;
    } catch (error) {
      release?.();
      throw error;
    }
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    try {
      await this.inner.releaseConnection(connection);
    } finally {
      const release = this.#releases.get(connection);
      this.#releases.delete(connection);
      release?.();
    }
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    // SQLite: take the write lock at the start. A deferred transaction that reads and then writes cannot wait
    // for another process's writer (SQLite answers "database is locked" at once, whatever the busy timeout);
    // an immediate one waits its turn. Within one process transactions already run one at a time.
    if (this.lock) await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    else await this.inner.beginTransaction(connection, settings);
  }
  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction(connection);
  }
  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction(connection);
  }
  async savepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['savepoint']>>[2]): Promise<void> {
    await this.inner.savepoint!(connection, name, compile);
  }
  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['rollbackToSavepoint']>>[2]): Promise<void> {
    await this.inner.rollbackToSavepoint!(connection, name, compile);
  }
  async releaseSavepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['releaseSavepoint']>>[2]): Promise<void> {
    await this.inner.releaseSavepoint!(connection, name, compile);
  }
  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

const checked = new WeakSet<DatabaseConnection>();

/** Bound parameters (the query builder's) pass the same NUL check as the values the ORM renders. */
function refusingNulParameters(connection: DatabaseConnection): DatabaseConnection {
  if (checked.has(connection)) return connection;
  checked.add(connection);
  const execute = connection.executeQuery.bind(connection);
  connection.executeQuery = <R>(query: CompiledQuery): Promise<QueryResult<R>> => {
    for (const parameter of query.parameters) refuseNul(parameter);
    return execute(query);
  };
  return connection;
}

/**
 * Wraps a Kysely dialect so that no code can wait for a connection its own transaction holds: the check
 * runs before waiting (for the single SQLite connection, or for the pool), which is why the wrapper takes
 * over Kysely's single-connection lock instead of sitting behind it.
 */
export function guardDialect(dialect: Dialect): Dialect {
  const adapter = dialect.createAdapter();
  const lock = adapter.supportsMultipleConnections ? null : new ConnectionLock();
  const guardedAdapter: DialectAdapter = Object.create(adapter, { supportsMultipleConnections: { value: true } });
  return {
    createAdapter: () => guardedAdapter,
    createDriver: () => new GuardedDriver(dialect.createDriver(), lock),
    createQueryCompiler: (): QueryCompiler => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}
