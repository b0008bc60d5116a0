import { type Configuration, isRaw, raw } from '@mikro-orm/core';
import { NativeQueryBuilder } from '@mikro-orm/sql';
import { PostgreSqlConnection, PostgreSqlDriver, PostgreSqlPlatform } from '@mikro-orm/postgresql';
import { SqliteConnection, SqliteDriver, SqlitePlatform } from '@mikro-orm/sqlite';
import { CompiledQuery, type Dialect } from 'kysely';
import { bindParameters } from './bound-parameters.js';
import { guardDialect } from './connection-guard.js';
import { credentialWritesOf } from './credential-writes.js';
import { deferBegins, PIPELINED_POOL } from './postgres-deferred-begin.js';
import { nameKeptStatements } from './postgres-named-statements.js';
import { cacheParameterisedStatements } from './sqlite-statement-cache.js';
import { startCheckpointer } from './sqlite-checkpointer.js';
import { openReadingConnection } from './sqlite-reading-connection.js';
import { refuseNul } from './text-safety.js';

class GuardedSqliteConnection extends SqliteConnection {
  /**
   * MikroORM's own queries, run with their values bound rather than rendered (bound-parameters.ts), so each
   * query shape is parsed once. Queries with an abort signal keep MikroORM's path, which handles cancelling.
   */
  override async execute<T>(...args: Parameters<SqliteConnection['execute']>): Promise<T> {
    const [query, params = [], method = 'all', ctx, loggerContext] = args;
    const context = loggerContext as { signal?: unknown; inflightQueryAbortStrategy?: unknown } | undefined;
    if (context?.signal != null || context?.inflightQueryAbortStrategy != null) return super.execute(...args) as Promise<T>;
    await this.ensureConnection();
    const prepared = this.prepareTemplate(query, params);
    const bound = bindParameters(this.platform, prepared.sql, prepared.params);
    return this.executeQuery(
      prepared.sql,
      async () => {
        const result = await (ctx ?? this.getClient()).executeQuery(CompiledQuery.raw(bound.sql, bound.parameters));
        return this.transformRawResult(result as never, method) as T;
      },
      { query: prepared.sql, params: bound.parameters, ...(loggerContext ?? {}) } as never,
    );
  }

  /** AbstractSqlConnection#prepareQuery without rendering the values in. */
  private prepareTemplate(query: Parameters<SqliteConnection['execute']>[0], params: unknown): { sql: string; params: unknown[] } {
    let template: unknown = query instanceof NativeQueryBuilder ? query.toRaw() : query;
    let values = params;
    if (typeof template === 'string' && !Array.isArray(values)) template = raw(template, values as Record<string, unknown>);
    if (isRaw(template)) {
      values = template.params;
      template = template.sql;
    }
    const sql = this.config.get('onQuery')(template as string, values as unknown[]);
    return { sql, params: values as unknown[] };
  }

  override createKyselyDialect(options: Record<string, unknown>): Dialect {
    const dialect = super.createKyselyDialect(options);
    const database = (this as unknown as { database: { prepare(sql: string): unknown } }).database;
    cacheParameterisedStatements(database);
    const path = this.config.get('dbName');
    const reader = openReadingConnection(database, path);
    // A database with a second connection is a file: its checkpoints run in a worker.
    const warn = (message: string) => this.config.getLogger().warn('info', message, { enabled: true, level: 'warning' });
    const pageSize = (database as unknown as { pragma(source: string, options: { simple: true }): number }).pragma('page_size', { simple: true });
    const checkpointer = reader && path ? startCheckpointer(path, pageSize, warn) : null;
    return guardDialect(dialect, { reader, checkpointer }, credentialWritesOf(this.config));
  }
}

class GuardedPostgreSqlConnection extends PostgreSqlConnection {
  override createKyselyDialect(overrides: Parameters<PostgreSqlConnection['createKyselyDialect']>[0]): ReturnType<PostgreSqlConnection['createKyselyDialect']> {
    const withNames = {
      // Parley's statements are short and many run at once, so no JIT compilation and no parallel workers. On
      // the search bench (10,000,000 messages) PostgreSQL spent 0.3–1.1 s compiling statements that then ran
      // in tens of milliseconds, and about 35 ms starting two workers to find a rare word's twenty messages
      // in 2 ms. Sent at connection start, so `reset all` keeps them; `options` in DATABASE_URL replaces them.
      options: '-c jit=off -c max_parallel_workers_per_gather=0',
      ...PIPELINED_POOL,
      ...overrides,
      onPoolCreated: (pool: Parameters<typeof nameKeptStatements>[0] & Parameters<typeof deferBegins>[0]) => {
        nameKeptStatements(pool);
        // After the naming: the deferred begin goes out through it.
        deferBegins(pool);
        return (overrides as { onPoolCreated?: (pool: unknown) => unknown } | undefined)?.onPoolCreated?.(pool);
      },
    } as Parameters<PostgreSqlConnection['createKyselyDialect']>[0];
    // MikroORM only uses the dialect as a Kysely Dialect; its declared class type is narrower than needed.
    return guardDialect(super.createKyselyDialect(withNames), null, credentialWritesOf(this.config)) as ReturnType<PostgreSqlConnection['createKyselyDialect']>;
  }
}

/** MikroORM renders the values of its own queries into the SQL text through `escape`. */
class TextSafeSqlitePlatform extends SqlitePlatform {
  override escape(value: unknown): string {
    refuseNul(value);
    return super.escape(value);
  }
}

class TextSafePostgreSqlPlatform extends PostgreSqlPlatform {
  override escape(value: unknown): string {
    refuseNul(value);
    return super.escape(value);
  }
}

/**
 * MikroORM's SQLite driver on a connection that refuses re-entry, keeps parameterised statements and binds
 * no NUL, with a platform that renders none. The driver builds its own connection and platform (readonly
 * fields), so both are swapped in the constructor, before MikroORM first reads them.
 */
export class ParleySqliteDriver extends SqliteDriver {
  constructor(config: Configuration) {
    super(config);
    Object.assign(this, { connection: new GuardedSqliteConnection(this.config), platform: new TextSafeSqlitePlatform() });
  }
}

/** MikroORM's PostgreSQL driver, guarded the same way. */
export class ParleyPostgreSqlDriver extends PostgreSqlDriver {
  constructor(config: Configuration) {
    super(config);
    Object.assign(this, { connection: new GuardedPostgreSqlConnection(this.config), platform: new TextSafePostgreSqlPlatform() });
  }
}
