import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { type Em, openDatabase, type Orm } from '../src/db/orm.js';
import { WRITER_CHECKPOINT_PAGES } from '../src/db/sqlite-checkpointer.js';

/**
 * SQLite's checkpoints run in a worker (src/db/sqlite-checkpointer.ts), watched through the files: the
 * database file grows only when a checkpoint copies the log's pages into it, and the log's file size is the
 * most it ever held. Below WRITER_CHECKPOINT_PAGES the writing connection never checkpoints by itself.
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

  it('keeps the log bounded while transactions follow each other without a pause', async () => {
    const { path, orm, pageSize } = await open();
    await orm.em.getConnection().execute('create table filler (id integer primary key, body blob not null)');
    // Three times the writer's threshold, in transactions of 40 pages back to back.
    for (let written = 0; written < 3 * WRITER_CHECKPOINT_PAGES; written += 40) await writePages(orm, 40, pageSize);
    // The log restarted from its beginning: it never held much more than the threshold (a frame is a page
    // and its 24-byte header).
    expect(size(`${path}-wal`)).toBeLessThan(1.25 * WRITER_CHECKPOINT_PAGES * (pageSize + 24));
    expect(size(path)).toBeGreaterThan(WRITER_CHECKPOINT_PAGES * pageSize);
  });

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
