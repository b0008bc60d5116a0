import type { DatabaseConnection, Dialect, DialectAdapter, Driver, QueryCompiler, TransactionSettings } from 'kysely';
import { ConnectionReentryError, executeRefusingNul, holdsOpenTransaction } from './connection-reentry.js';
import { type CredentialWrites, writesCredentials } from './credential-writes.js';
import { GroupCommitDriver, type SingleConnectionCompanions } from './sqlite-group-commit.js';

export { ConnectionReentryError } from './connection-reentry.js';

/**
 * A pooled driver (PostgreSQL) that refuses re-entry before waiting for the pool, refuses NUL in bound
 * parameters, and reports credential writes once their connection's transaction has ended.
 */
class GuardedPoolDriver implements Driver {
  readonly #watched = new WeakSet<DatabaseConnection>();
  readonly #inTransaction = new WeakSet<DatabaseConnection>();
  readonly #wroteCredentials = new WeakSet<DatabaseConnection>();

  constructor(
    private readonly inner: Driver,
    private readonly credentialWrites: CredentialWrites | null,
  ) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    if (holdsOpenTransaction()) throw new ConnectionReentryError();
    return this.#watch(await this.inner.acquireConnection());
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(connection);
  }
  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await this.inner.beginTransaction(connection, settings);
    this.#inTransaction.add(connection);
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await this.inner.commitTransaction(connection);
    } finally {
      this.#transactionEnded(connection);
    }
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await this.inner.rollbackTransaction(connection);
    } finally {
      this.#transactionEnded(connection);
    }
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

  /**
   * Bound parameters (the query builder's) pass the same NUL check as the values the ORM renders; a
   * credential write outside a transaction has committed when it returns, inside one when that ends.
   */
  #watch(connection: DatabaseConnection): DatabaseConnection {
    if (this.#watched.has(connection)) return connection;
    this.#watched.add(connection);
    const inner = { executeQuery: connection.executeQuery.bind(connection), streamQuery: connection.streamQuery.bind(connection) };
    connection.executeQuery = async <R>(query: Parameters<DatabaseConnection['executeQuery']>[0]) => {
      const result = await executeRefusingNul<R>(inner as DatabaseConnection, query);
      if (this.credentialWrites && writesCredentials(query.sql)) {
        if (this.#inTransaction.has(connection)) this.#wroteCredentials.add(connection);
        else this.credentialWrites.committed();
      }
      return result;
    };
    return connection;
  }

  #transactionEnded(connection: DatabaseConnection): void {
    this.#inTransaction.delete(connection);
    // Reported after a rollback too: forgetting what was kept is always safe.
    if (this.#wroteCredentials.delete(connection)) this.credentialWrites?.committed();
  }
}

/**
 * Wraps a Kysely dialect so that no code can wait for a connection its own transaction holds: the check
 * runs before waiting (for the single SQLite connection, or for the pool), which is why the wrapper takes
 * over Kysely's single-connection lock instead of sitting behind it. On SQLite the wrapper also groups the
 * commits of transactions that queue for the connection, sends reads outside transactions to a read-only
 * connection on the same file, and tells the checkpoint worker of commits (`companions`,
 * sqlite-group-commit.ts). Both report committed writes to what credentials prove to `credentialWrites`
 * (credential-writes.ts).
 */
export function guardDialect(dialect: Dialect, companions: SingleConnectionCompanions | null = null, credentialWrites: CredentialWrites | null = null): Dialect {
  const adapter = dialect.createAdapter();
  const single = !adapter.supportsMultipleConnections;
  const guardedAdapter: DialectAdapter = Object.create(adapter, { supportsMultipleConnections: { value: true } });
  return {
    createAdapter: () => guardedAdapter,
    createDriver: () => (single ? new GroupCommitDriver(dialect.createDriver(), companions ?? {}, credentialWrites) : new GuardedPoolDriver(dialect.createDriver(), credentialWrites)),
    createQueryCompiler: (): QueryCompiler => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}
