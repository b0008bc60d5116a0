import type { DatabaseConnection, Dialect, DialectAdapter, Driver, QueryCompiler, TransactionSettings } from 'kysely';
import { ConnectionReentryError, executeRefusingNul, holdsOpenTransaction } from './connection-reentry.js';
import { GroupCommitDriver, type ReadingDatabase } from './sqlite-group-commit.js';

export { ConnectionReentryError } from './connection-reentry.js';

/** A pooled driver (PostgreSQL) that refuses re-entry before waiting for the pool. */
class GuardedPoolDriver implements Driver {
  constructor(private readonly inner: Driver) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    if (holdsOpenTransaction()) throw new ConnectionReentryError();
    return refusingNulParameters(await this.inner.acquireConnection());
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(connection);
  }
  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.inner.beginTransaction(connection, settings);
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
  const inner = { executeQuery: connection.executeQuery.bind(connection), streamQuery: connection.streamQuery.bind(connection) };
  connection.executeQuery = (query) => executeRefusingNul(inner as DatabaseConnection, query);
  return connection;
}

/**
 * Wraps a Kysely dialect so that no code can wait for a connection its own transaction holds: the check
 * runs before waiting (for the single SQLite connection, or for the pool), which is why the wrapper takes
 * over Kysely's single-connection lock instead of sitting behind it. On SQLite the wrapper also groups the
 * commits of transactions that queue for the connection, and sends reads outside transactions to `reader`,
 * a read-only connection on the same file (sqlite-group-commit.ts).
 */
export function guardDialect(dialect: Dialect, reader: ReadingDatabase | null = null): Dialect {
  const adapter = dialect.createAdapter();
  const single = !adapter.supportsMultipleConnections;
  const guardedAdapter: DialectAdapter = Object.create(adapter, { supportsMultipleConnections: { value: true } });
  return {
    createAdapter: () => guardedAdapter,
    createDriver: () => (single ? new GroupCommitDriver(dialect.createDriver(), reader) : new GuardedPoolDriver(dialect.createDriver())),
    createQueryCompiler: (): QueryCompiler => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}
