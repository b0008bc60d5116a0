import type { Configuration } from '@mikro-orm/core';
import { PostgreSqlConnection, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { SqliteConnection, SqliteDriver } from '@mikro-orm/sqlite';
import type { Dialect } from 'kysely';
import { guardDialect } from './connection-guard.js';
import { cacheParameterisedStatements } from './sqlite-statement-cache.js';

class GuardedSqliteConnection extends SqliteConnection {
  override createKyselyDialect(options: Record<string, unknown>): Dialect {
    const dialect = super.createKyselyDialect(options);
    cacheParameterisedStatements((this as unknown as { database: { prepare(sql: string): unknown } }).database);
    return guardDialect(dialect);
  }
}

class GuardedPostgreSqlConnection extends PostgreSqlConnection {
  override createKyselyDialect(overrides: Parameters<PostgreSqlConnection['createKyselyDialect']>[0]): ReturnType<PostgreSqlConnection['createKyselyDialect']> {
    // MikroORM only uses the dialect as a Kysely Dialect; its declared class type is narrower than needed.
    return guardDialect(super.createKyselyDialect(overrides)) as ReturnType<PostgreSqlConnection['createKyselyDialect']>;
  }
}

/** MikroORM's SQLite driver on a connection that refuses re-entry and keeps parameterised statements. */
export class ParleySqliteDriver extends SqliteDriver {
  constructor(config: Configuration) {
    super(config);
    (this as unknown as { connection: SqliteConnection }).connection = new GuardedSqliteConnection(this.config);
  }
}

/** MikroORM's PostgreSQL driver on a connection that refuses re-entry. */
export class ParleyPostgreSqlDriver extends PostgreSqlDriver {
  constructor(config: Configuration) {
    super(config);
    (this as unknown as { connection: PostgreSqlConnection }).connection = new GuardedPostgreSqlConnection(this.config);
  }
}
