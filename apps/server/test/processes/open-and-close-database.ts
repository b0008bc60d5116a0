/**
 * Opens a SQLite database and closes it, with nothing else to keep the process alive, then says so: a
 * command-line use of the database (a migration, a reindex) must get past its close. Used by
 * sqlite-wal-checkpoint.test.ts.
 */
import { openDatabase } from '../../src/db/orm.js';

const orm = await openDatabase({ kind: 'sqlite', path: process.argv[2]! });
await orm.close(true);
process.stdout.write('closed\n');
