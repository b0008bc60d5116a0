import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { MikroORM as PostgresORM } from '@mikro-orm/postgresql';
import { MikroORM as SqliteORM } from '@mikro-orm/sqlite';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/sql';
import type { DatabaseConfig } from '../config/env.js';
import { ParleyPostgreSqlDriver, ParleySqliteDriver } from './drivers.js';
import { entities } from './entities.js';
import { logFileLimitBytes, WRITER_CHECKPOINT_PAGES } from './sqlite-checkpointer.js';
import { postgresqlMigrations } from './migrations/postgresql/index.js';
import { sqliteMigrations } from './migrations/sqlite/index.js';

export type Orm = SqliteORM | PostgresORM;
export type Em = SqlEntityManager;

/** The ORM options for one database; migrations are listed statically so a built server needs no globbing. */
export function ormOptions(database: DatabaseConfig, debug = false): Options {
  const common = {
    entities,
    extensions: [Migrator],
    debug,
    allowGlobalContext: false,
    forceUtcTimezone: true,
    ignoreUndefinedInQuery: true,
  } satisfies Partial<Options>;
  if (database.kind === 'sqlite') {
    return {
      ...common,
      driver: ParleySqliteDriver,
      dbName: database.path,
      // The full-text indexes (migration "search") and their shadow tables are not entities: schema
      // comparison leaves them alone.
      schemaGenerator: { skipTables: [/^(ticket|thread_item|contact|company|editable_note)_search(_data|_idx|_docsize|_config)?$/] },
      migrations: { migrationsList: sqliteMigrations, snapshot: false, transactional: true, allOrNothing: true, silent: true },
    } as unknown as Options;
  }
  return {
    ...common,
    driver: ParleyPostgreSqlDriver,
    clientUrl: database.url,
    pool: { min: 0, max: 10 },
    migrations: { migrationsList: postgresqlMigrations, snapshot: false, transactional: true, allOrNothing: true, silent: true },
  } as unknown as Options;
}

/** Opens the database, creating the SQLite file's folder, tuning SQLite for a server, and migrating to the latest schema. */
export async function openDatabase(database: DatabaseConfig, debug = false): Promise<Orm> {
  if (database.kind === 'sqlite' && database.path !== ':memory:') mkdirSync(dirname(database.path), { recursive: true });
  const orm =
    database.kind === 'sqlite'
      ? await SqliteORM.init(ormOptions(database, debug) as never)
      : await PostgresORM.init(ormOptions(database, debug) as never);
  if (database.kind === 'sqlite') {
    const connection = orm.em.getConnection();
    // WAL lets readers run beside the writer; NORMAL sync is durable across process crashes in WAL mode.
    if (database.path !== ':memory:') {
      await connection.execute('pragma journal_mode = wal');
      // A worker checkpoints shortly after commits (sqlite-checkpointer.ts); the writer itself only if the
      // worker has stopped and the log is this large.
      await connection.execute(`pragma wal_autocheckpoint = ${WRITER_CHECKPOINT_PAGES}`);
      const [{ page_size: pageSize }] = (await connection.execute('pragma page_size')) as [{ page_size: number }];
      await connection.execute(`pragma journal_size_limit = ${logFileLimitBytes(pageSize)}`);
    }
    await connection.execute('pragma synchronous = normal');
    await connection.execute('pragma busy_timeout = 5000');
    // A statement that changes many pages (a ticket row and its indexes) keeps their old images in a
    // statement journal; past 64 KiB SQLite spills it to a temporary file, a write syscall per page on every
    // insert. Kept in memory, ticket creation ran about 15 % faster (docs/architecture.md, "Fast paths").
    await connection.execute('pragma temp_store = memory');
  }
  await orm.migrator.up();
  return orm;
}
