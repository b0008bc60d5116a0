import { cacheParameterisedStatements } from './sqlite-statement-cache.js';
import type { ReadingDatabase } from './sqlite-group-commit.js';

/**
 * A second, read-only connection to the same SQLite file, for reads outside transactions: in WAL mode it
 * reads beside the writer, sees every commit made before each read begins and nothing uncommitted. None for
 * an in-memory database, which a second connection would not share.
 */
export function openReadingConnection(writer: object, path: string | undefined): ReadingDatabase | null {
  if (!path || path === ':memory:' || path.startsWith('file::memory:')) return null;
  // better-sqlite3's Database, taken from the writing connection rather than imported a second time.
  const Database = writer.constructor as new (path: string, options: { readonly: boolean; fileMustExist: boolean }) => ReadingDatabase & {
    pragma(source: string): unknown;
  };
  const reader = new Database(path, { readonly: true, fileMustExist: true });
  reader.pragma('busy_timeout = 5000');
  cacheParameterisedStatements(reader);
  return reader;
}
