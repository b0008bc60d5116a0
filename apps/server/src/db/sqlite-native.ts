import type { Em } from './orm.js';

/** The part of better-sqlite3's API used here (the driver MikroORM's SQLite package runs on). */
export interface Statement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  all(...params: unknown[]): unknown[];
  get(...params: unknown[]): unknown;
}
interface KyselyLike {
  connection(): { execute<R>(callback: (connection: unknown) => Promise<R>): Promise<R> };
}
interface Database {
  prepare(sql: string): Statement;
  readonly inTransaction: boolean;
}

/**
 * Prepared statements on SQLite's own handle, for the few hottest paths (authenticating a request,
 * creating a ticket). MikroORM renders every value into the SQL text, so each of its queries is parsed
 * anew; a statement prepared once and bound with parameters costs a fraction of that.
 *
 * It shares the ORM's single connection, so it is used only where that is safe: reads when no
 * transaction is open on the connection (they then see committed data only), and writes inside a
 * transaction the ORM opened for the current unit of work.
 */
export class NativeSqlite {
  readonly #statements = new Map<string, Statement>();

  constructor(readonly db: Database) {}

  statement(sql: string): Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * Runs `work` in one SQLite transaction on the native handle while holding the ORM's connection, so no
   * other unit of work can interleave. Inside, only this handle may be used (an ORM query would wait for
   * the connection this holds).
   */
  async transaction<T>(em: Em, work: () => Promise<T>): Promise<T> {
    const client = (em.getConnection() as unknown as { getClient(): KyselyLike }).getClient();
    return client.connection().execute(async () => {
      this.statement('begin immediate').run();
      try {
        const result = await work();
        this.statement('commit').run();
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.statement('rollback').run();
        throw error;
      }
    });
  }

  /** True when a read may run now without landing inside another unit of work's open transaction. */
  get idle(): boolean {
    return !this.db.inTransaction;
  }
}

const handles = new WeakMap<object, NativeSqlite | null>();

/** The native handle behind an entity manager on SQLite, or null on PostgreSQL. */
export function nativeSqlite(em: Em): NativeSqlite | null {
  const connection = em.getConnection() as unknown as { database?: Database };
  const key = connection as object;
  if (handles.has(key)) return handles.get(key) ?? null;
  const native = connection.database && typeof connection.database.prepare === 'function' ? new NativeSqlite(connection.database) : null;
  handles.set(key, native);
  return native;
}
