import { TransactionContext } from '@mikro-orm/core';
import type { CompiledQuery, DatabaseConnection, QueryResult } from 'kysely';
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
export function holdsOpenTransaction(): boolean {
  const transaction = TransactionContext.currentTransactionContext()?.em.getTransactionContext() as OpenTransaction | undefined;
  return transaction !== undefined && !transaction.isCommitted && !transaction.isRolledBack;
}

/** Runs a query after refusing NUL in its bound parameters (the query builder's), as the ORM's rendered values are. */
export function executeRefusingNul<R>(connection: DatabaseConnection, query: CompiledQuery): Promise<QueryResult<R>> {
  for (const parameter of query.parameters) refuseNul(parameter);
  return connection.executeQuery<R>(query);
}
