import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { type Em, openDatabase, type Orm } from '../src/db/orm.js';
import { logFileLimitBytes, RESTART_LOG_PAGES } from '../src/db/sqlite-checkpointer.js';

/**
 * SQLite's checkpoints run in a worker (src/db/sqlite-checkpointer.ts), watched through the files: the
 * database file grows only when a checkpoint copies the log's pages into it, and the log's file size is the
 * most it has held since it last started again. Below WRITER_CHECKPOINT_PAGES the writing connection never
 * checkpoints by itself; the worker has the log start again at RESTART_LOG_PAGES.
 */
describe('SQLite checkpoints in a worker', () => {
  let dir: string | undefined;
  let orm: Orm | undefined;

  afterEach(async () => {
    await orm?.close(true);
    orm = undefined;
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  async function open(): Promise<{ path: string; orm: Orm; pageSize: number }> {
    dir ??= mkdtempSync(join(tmpdir(), 'parley-checkpoint-'));
    const path = join(dir, 'parley.db');
    orm = await openDatabase({ kind: 'sqlite', path });
    const [{ page_size: pageSize }] = (await orm.em.getConnection().execute('pragma page_size')) as [{ page_size: number }];
    return { path, orm, pageSize };
  }

  /** One transaction writing about `pages` pages of new rows. */
  function writePages(orm: Orm, pages: number, pageSize: number): Promise<void> {
    return (orm.em.fork() as Em).transactional(async (tx) => {
      await (tx as Em).execute(
        `with recursive n(i) as (select 1 union all select i + 1 from n where i < ${pages}) insert into filler (body) select randomblob(${pageSize - 200}) from n`,
      );
    });
  }

  const size = (file: string): number => (existsSync(file) ? statSync(file).size : 0);

  async function until(condition: () => boolean, ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (!condition() && Date.now() < deadline) await sleep(10);
    return condition();
  }

  it('copies committed pages into the database file shortly after the commit, off the writing connection', async () => {
    const { path, orm, pageSize } = await open();
    await orm.em.getConnection().execute('create table filler (id integer primary key, body blob not null)');
    await sleep(200);
    const before = size(path);
    // Far below the writer's own threshold: only the worker copies these pages.
    await writePages(orm, 300, pageSize);
    expect(size(path)).toBe(before);
    expect(await until(() => size(path) >= before + 300 * pageSize, 2000)).toBe(true);
  });

  /** The log's checkpoint sequence number (its header's bytes 12–15): SQLite counts up each time the log starts again. */
  function logGeneration(path: string): number | null {
    if (size(`${path}-wal`) < 32) return null;
    const header = Buffer.alloc(16);
    const fd = openSync(`${path}-wal`, 'r');
    try {
      readSync(fd, header, 0, 16, 0);
    } finally {
      closeSync(fd);
    }
    return header.readUInt32BE(12);
  }

  it('starts the log again while transactions follow each other without a pause, cutting its file back', async () => {
    const { path, orm, pageSize } = await open();
    await orm.em.getConnection().execute('create table filler (id integer primary key, body blob not null)');
    // 12,000 pages in transactions of 40 back to back. The log starts again once a checkpoint has found it
    // RESTART_LOG_PAGES long, or once it outgrew its file's limit while a slow checkpoint ran: never as
    // late as the writer's own checkpoint, however busy the disk.
    const restartedAt: number[] = [];
    const logFileSizes: number[] = [];
    let generation = logGeneration(path);
    let pagesWritten = 0;
    while (pagesWritten < 3 * RESTART_LOG_PAGES) {
      await writePages(orm, 40, pageSize);
      pagesWritten += 40;
      const now = logGeneration(path);
      if (now !== generation && generation !== null) {
        restartedAt.push(pagesWritten);
        logFileSizes.push(size(`${path}-wal`));
      }
      generation = now;
    }
    const marks = [0, ...restartedAt, pagesWritten];
    const longestStretch = Math.max(...marks.slice(1).map((at, i) => at - marks[i]!));
    expect(restartedAt.length).toBeGreaterThanOrEqual(2);
    expect(longestStretch, `restarted at ${restartedAt.join(', ')} pages`).toBeLessThan(2 * RESTART_LOG_PAGES);
    // The restart's first commit cut the file back, however long the log had grown.
    for (const logFileSize of logFileSizes) expect(logFileSize).toBeLessThanOrEqual(logFileLimitBytes(pageSize));
    expect(size(path)).toBeGreaterThan(2 * RESTART_LOG_PAGES * pageSize);
  }, 60_000);

  it('closes before the writing connection, which checkpoints last and removes the log; the file opens again', async () => {
    const { path, orm: first, pageSize } = await open();
    await first.em.getConnection().execute('create table filler (id integer primary key, body blob not null)');
    await writePages(first, 100, pageSize);
    await first.close(true);
    orm = undefined;
    expect(existsSync(`${path}-wal`)).toBe(false);
    const { orm: again } = await open();
    const [{ n }] = (await again.em.getConnection().execute('select count(*) as n from filler')) as [{ n: number }];
    expect(n).toBe(100);
  });
});
