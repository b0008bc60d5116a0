import type { Configuration } from '@mikro-orm/core';
import { PostgreSqlDriver, PostgreSqlPlatform } from '@mikro-orm/postgresql';
import { SqliteDriver, SqlitePlatform } from '@mikro-orm/sqlite';
import { DomainError, ErrorCodes } from '@parley/domain';

/**
 * MikroORM renders every value into the SQL text (`platform.formatQuery`) rather than binding it. A string
 * with U+0000 then ends the statement early on SQLite (the SQL is a C string there: "unrecognized token",
 * a 500) and is refused by PostgreSQL, which cannot store it at all. The API refuses such text before it
 * gets here (`assertStorableInput`) and letters have it dropped when parsed (`toStorableText`); should one
 * still reach the ORM, it is refused with the API's own error on both databases alike, rather than stored
 * on one (as a hex literal could) and failing on the other.
 */
function refuseNul(value: unknown): void {
  if (typeof value === 'string' && value.includes('\u0000')) {
    throw new DomainError(ErrorCodes.requestInvalidText, 'Text may not contain the NUL character (U+0000).', { reason: 'nul' });
  }
}

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
 * MikroORM builds the driver from its class and the driver builds its own platform (a protected, readonly
 * field), so the platform is swapped in the constructor, before MikroORM first reads it.
 */
export class TextSafeSqliteDriver extends SqliteDriver {
  constructor(config: Configuration) {
    super(config);
    Object.assign(this, { platform: new TextSafeSqlitePlatform() });
  }
}

export class TextSafePostgreSqlDriver extends PostgreSqlDriver {
  constructor(config: Configuration) {
    super(config);
    Object.assign(this, { platform: new TextSafePostgreSqlPlatform() });
  }
}
