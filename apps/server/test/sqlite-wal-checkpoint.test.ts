import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Em, openDatabase, type Orm } from '../src/db/orm.js';
import { startWalCheckpointer } from '../src/db/sqlite-wal-checkpointer.js';

/**
 * The write-ahead log is copied back into the database by a worker thread (src/db/sqlite-wal-checkpointer.ts),
 * never inside one of the server's commits: the writing connection's automatic checkpoint is off, and yet
 * the log does not grow with what is written, because the worker's checkpoints let each writer start it over.
 */
describe('SQLite write-ahead log checkpoints', () => {
  let dir: string;
  let path: string;
  let orm: Orm;
  const CHUNK_BYTES = 2 * 1024 * 1024;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-checkpoint-'));
    path = join(dir, 'parley.db');
    orm = await openDatabase({ kind: 'sqlite', path });
    await orm.em.getConnection().execute('create table filler (id integer primary key, body text not null)');
  });

  afterAll(async () => {
    await orm?.close(true);
    rmSync(dir, { recursive: true, force: true });
  });

  const writerSetting = async (): Promise<number> => {
    const [row] = await orm.em.getConnection().execute<{ wal_autocheckpoint: number }[]>('pragma wal_autocheckpoint');
    return Number(row!.wal_autocheckpoint);
  };

  it("switches the writing connection's own checkpoints off once the worker runs", async () => {
    const deadline = Date.now() + 5000;
    while ((await writerSetting()) !== 0 && Date.now() < deadline) await sleep(20);
    expect(await writerSetting()).toBe(0);
  });

  it('keeps the log about one write burst long while 40 MB are written', async () => {
    const body = 'x'.repeat(4000);
    let largestLog = 0;
    for (let chunk = 0; chunk < 20; chunk++) {
      await (orm.em.fork() as Em).transactional(async (tx) => {
        for (let i = 0; i < CHUNK_BYTES / body.length; i++) await tx.getConnection().execute('insert into filler (body) values (?)', [body], 'run', tx.getTransactionContext());
      });
      largestLog = Math.max(largestLog, statSync(`${path}-wal`).size);
      // Time for the worker's next checkpoint (every 200 ms).
      await sleep(300);
    }
    // Without checkpoints the log would hold all 40 MB; SQLite itself would have let it reach a few.
    expect(largestLog).toBeLessThan(4 * CHUNK_BYTES);
    expect(statSync(path).size).toBeGreaterThan(15 * CHUNK_BYTES);
  }, 60_000);

  it('gives the checkpoints back to SQLite, and says so, when the worker cannot run', async () => {
    const pragmas: string[] = [];
    const problems: string[] = [];
    const checkpointer = startWalCheckpointer({ pragma: (source) => pragmas.push(source) }, join(dir, 'no-such-folder', 'parley.db'), (message) => problems.push(message));
    const deadline = Date.now() + 5000;
    while (problems.length === 0 && Date.now() < deadline) await sleep(20);
    await checkpointer?.close();
    expect(problems).toHaveLength(1);
    expect(pragmas).toEqual(['wal_autocheckpoint = 1000']);
  });
});
