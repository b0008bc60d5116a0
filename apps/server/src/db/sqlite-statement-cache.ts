import { KEEP_PREPARED } from './keep-prepared.js';

interface PreparingDatabase {
  prepare(sql: string): unknown;
}


/** begin, commit, rollback and savepoints: a handful of texts run on every transaction. */
const TRANSACTION_CONTROL = /^\s*(begin|commit|rollback|savepoint|release)\b[\w\s"`]*$/i;

/**
 * Keeps better-sqlite3's prepared statements for parameterised SQL (what Kysely compiles: the same text for
 * every call of a query shape) and for the transaction statements, so they are parsed once, not on every
 * call. SQL with its values rendered in (the ORM's own queries) is not kept: each text is used once.
 * Bounded, oldest out.
 */
export function cacheParameterisedStatements(database: PreparingDatabase, capacity = 1000): void {
  const prepare = database.prepare.bind(database);
  const statements = new Map<string, unknown>();
  database.prepare = (sql: string) => {
    const cached = statements.get(sql);
    if (cached !== undefined) return cached;
    const statement = prepare(sql);
    if (sql.includes('?') || TRANSACTION_CONTROL.test(sql) || sql.startsWith(KEEP_PREPARED)) {
      if (statements.size >= capacity) statements.delete(statements.keys().next().value!);
      statements.set(sql, statement);
    }
    return statement;
  };
}
