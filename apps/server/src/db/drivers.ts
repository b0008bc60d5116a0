import type { Configuration } from '@mikro-orm/core';
import { PostgreSqlConnection, PostgreSqlDriver, PostgreSqlPlatform } from '@mikro-orm/postgresql';
import { SqliteConnection, SqliteDriver, SqlitePlatform } from '@mikro-orm/sqlite';
import type { Dialect } from 'kysely';
import { guardDialect } from './connection-guard.js';
import { cacheParameterisedStatements } from './sqlite-statement-cache.js';
import { refuseNul } from './text-safety.js';

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
