import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countStatements } from '../src/bench/sql-count.js';
import { type Em, openDatabase, type Orm } from '../src/db/orm.js';

/**
 * Group commit on SQLite (src/db/sqlite-group-commit.ts), watched from a second connection of the test's own:
 * it sees only what was committed, and `pragma data_version` tells it how often another connection committed.
 */
describe('SQLite group commit', () => {
  let dir: string;
  let orm: Orm;
  let observer: DatabaseSync;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-group-commit-'));
    const path = join(dir, 'parley.db');
    orm = await openDatabase({ kind: 'sqlite', path });
    await orm.em.getConnection().execute('create table probe (id integer primary key, label text not null unique)');
    observer = new DatabaseSync(path, { readOnly: true });
    // A function the server's own statements can call: what the observer sees committed while one runs. Only
    // the writing connection has it, so a read calling it runs there.
    const handle = (orm.em.getConnection() as unknown as { database: { function(name: string, fn: (label: string) => number): void } }).database;
    handle.function('committed_elsewhere', (label) => (committed(label) ? 1 : 0));
  });

  afterAll(async () => {
    observer?.close();
    await orm?.close(true);
    rmSync(dir, { recursive: true, force: true });
  });

  const committed = (label: string): boolean => observer.prepare('select 1 from probe where label = ?').get(label) !== undefined;
  const committedCount = (): number => (observer.prepare('select count(*) as n from probe').get() as { n: number }).n;
  const commitsSoFar = (): number => (observer.prepare('pragma data_version').get() as { data_version: number }).data_version;

  function insert(label: string, then?: (tx: Em) => Promise<void>): Promise<string> {
    return (orm.em.fork() as Em).transactional(async (tx) => {
      await (tx as Em).execute('insert into probe (label) values (?)', [label]);
      await then?.(tx as Em);
      return label;
    });
  }

  /** A transaction that inserts `label`, then holds the connection until `finish` is called. */
  async function insertAndHold(label: string): Promise<{ done: Promise<string>; finish: () => void }> {
    let inside!: () => void;
    const holding = new Promise<void>((resolve) => (inside = resolve));
    let finish!: () => void;
    const mayFinish = new Promise<void>((resolve) => (finish = resolve));
    const done = insert(label, async () => {
      inside();
      await mayFinish;
    });
    await holding;
    return { done, finish };
  }

  it('commits transactions that queue together, and answers each only once its row is committed', async () => {
    const before = commitsSoFar();
    const seenCommitted: boolean[] = [];
    const labels = Array.from({ length: 60 }, (_, i) => `together-${i}`);
    const counter = await countStatements(orm);
    try {
      await Promise.all(labels.map((label) => insert(label).then((done) => seenCommitted.push(committed(done)))));
    } finally {
      counter.stop();
    }
    // The members' savepoints have one text, prepared once and kept, however many members there are.
    const savepointTexts = new Set(counter.statements.filter((sql) => /^\s*(savepoint|release)\b/i.test(sql)));
    expect(counter.statements.filter((sql) => /^\s*savepoint\b/i.test(sql)).length).toBeGreaterThan(10);
    expect([...savepointTexts].sort()).toEqual(['release parley_member', 'savepoint parley_member']);
    expect(seenCommitted).toHaveLength(60);
    expect(seenCommitted.every(Boolean)).toBe(true);
    const commits = commitsSoFar() - before;
    expect(commits).toBeGreaterThan(0);
    expect(commits).toBeLessThan(30);
  });

  it('rolls back only the member that failed; the others of its group commit', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        i === 7
          ? insert('failing', async () => {
              throw new Error('the rule broke');
            })
          : // A unique violation (a retried client id) fails one statement, not the group.
            i === 12
            ? insert('together-0')
            : insert(`survivor-${i}`),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(2);
    expect((outcomes[7] as PromiseRejectedResult).reason).toMatchObject({ message: 'the rule broke' });
    expect(committed('failing')).toBe(false);
    for (const i of [0, 6, 8, 11, 13, 19]) expect(committed(`survivor-${i}`)).toBe(true);
  });

  it('commits the waiting group before a read the reading connection cannot serve runs on the writing one', async () => {
    // A holds the connection until told; the read queues behind it, so A's commit is left to the group.
    const { done: a, finish } = await insertAndHold('before-the-read');
    const read = (orm.em.fork() as Em).execute<{ n: number; seen: number }[]>(`select count(*) as n, committed_elsewhere('before-the-read') as seen from probe`);
    // Let the read reach the connection's queue before A ends.
    setTimeout(finish, 5);
    const [, [row]] = await Promise.all([a, read]);
    expect(row!.seen).toBe(1);
    expect(row!.n).toBe(committedCount());
  });

  it('answers a read after a conflict with a row of the open group with that row, committed', async () => {
    const { done: a, finish: finishA } = await insertAndHold('duplicate');
    // B queues behind A and fails on A's uncommitted row; C keeps the group open after B.
    const b = insert('duplicate');
    let finishC!: () => void;
    const cMayFinish = new Promise<void>((resolve) => (finishC = resolve));
    const c = insert('keeps-the-group-open', () => cMayFinish);
    setTimeout(finishA, 5);
    await expect(b).rejects.toThrow();
    setTimeout(finishC, 20);
    // What a retry does next: look up the copy that refused it.
    const [row] = await (orm.em.fork() as Em).execute<{ n: number }[]>(`select count(*) as n from probe where label = 'duplicate'`);
    expect(row!.n).toBe(1);
    expect(committed('duplicate')).toBe(true);
    await Promise.all([a, c]);
  });

  it('commits at once when nobody waits', async () => {
    const before = commitsSoFar();
    await insert('alone');
    expect(committed('alone')).toBe(true);
    expect(commitsSoFar() - before).toBe(1);
  });
});
