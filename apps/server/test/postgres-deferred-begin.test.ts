import { Socket } from 'node:net';
import { CompiledQuery } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Em } from '../src/db/orm.js';
import { sql } from '../src/db/sql.js';
import { createTestApp, postgresServerUrl, type TestApp } from './helpers/create-test-app.js';

/** Every chunk of bytes handed to the kernel by any socket of this process, one entry per write. */
function recordSocketWrites(): { writes: Buffer[]; stop(): void } {
  const writes: Buffer[] = [];
  const proto = Socket.prototype as unknown as Record<'_write' | '_writev', (...args: unknown[]) => unknown>;
  const write = proto._write;
  const writev = proto._writev;
  proto._write = function (this: unknown, chunk: unknown, ...rest: unknown[]) {
    writes.push(Buffer.from(chunk as Buffer));
    return write.call(this, chunk, ...rest);
  };
  proto._writev = function (this: unknown, chunks: unknown, ...rest: unknown[]) {
    writes.push(Buffer.concat((chunks as { chunk: Buffer }[]).map((c) => Buffer.from(c.chunk))));
    return writev.call(this, chunks, ...rest);
  };
  return {
    writes,
    stop: () => {
      proto._write = write;
      proto._writev = writev;
    },
  };
}

/** A simple-protocol query message ('Q', its length, the text, NUL). */
const simpleQuery = (text: string) => {
  const body = Buffer.from(`${text}\0`);
  const header = Buffer.alloc(5);
  header.write('Q');
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
};

describe.skipIf(!postgresServerUrl)('a transaction’s begin on PostgreSQL', () => {
  let t: TestApp;
  let recorder: ReturnType<typeof recordSocketWrites> | null = null;
  beforeAll(async () => {
    t = await createTestApp({ db: 'postgresql' });
  });
  afterEach(() => recorder?.stop());
  afterAll(() => t?.close());

  const transaction = <T>(work: (tx: Em) => Promise<T>) => (t.app.orm.em.fork() as Em).transactional((tx) => work(tx as Em));

  it('goes out with the first statement, in the same write, and the transaction holds as one', async () => {
    recorder = recordSocketWrites();
    await transaction(async (tx) => {
      await sql(tx).db.executeQuery(CompiledQuery.raw('select 4211 as marker'));
      await sql(tx).db.executeQuery(CompiledQuery.raw('select 4212 as marker'));
    });
    recorder.stop();
    const begins = recorder.writes.filter((chunk) => chunk.includes(simpleQuery('begin')));
    expect(begins).toHaveLength(1);
    expect(begins[0]!.includes('select 4211 as marker')).toBe(true);
    expect(recorder.writes.filter((chunk) => chunk.includes('select 4212 as marker') || chunk.includes(simpleQuery('commit')))).toHaveLength(2);

    // Both statements ran in one transaction: the second sees the first's transaction id.
    const ids = await transaction(async (tx) => {
      const q = sql(tx).db;
      const first = await q.executeQuery<{ id: string }>(CompiledQuery.raw('select txid_current()::text as id'));
      const second = await q.executeQuery<{ id: string }>(CompiledQuery.raw('select txid_current()::text as id'));
      return [first.rows[0]!.id, second.rows[0]!.id];
    });
    expect(ids[0]).toBe(ids[1]);
  });

  it('sends neither begin nor commit for a transaction that ran nothing, and the connection stays usable', async () => {
    recorder = recordSocketWrites();
    expect(await transaction(async () => 'nothing')).toBe('nothing');
    recorder.stop();
    expect(recorder.writes.filter((chunk) => chunk.includes(simpleQuery('begin')) || chunk.includes(simpleQuery('commit')))).toHaveLength(0);
    const rows = await transaction(async (tx) => (await sql(tx).db.executeQuery<{ n: number }>(CompiledQuery.raw('select 1 as n'))).rows);
    expect(rows).toEqual([{ n: 1 }]);
  });

  it('rolls back what the first statement wrote when the work fails, and a failing first statement leaves no open transaction', async () => {
    await transaction((tx) => sql(tx).db.executeQuery(CompiledQuery.raw('create table deferred_begin_probe (n integer primary key)')));
    await expect(
      transaction(async (tx) => {
        await sql(tx).db.executeQuery(CompiledQuery.raw('insert into deferred_begin_probe (n) values (1)'));
        throw new Error('the work failed');
      }),
    ).rejects.toThrow('the work failed');
    await expect(transaction((tx) => sql(tx).db.executeQuery(CompiledQuery.raw('insert into no_such_table values (1)')))).rejects.toThrow(/no_such_table/);
    // Every pooled connection is back to no transaction: one left open would answer "already in progress" or keep the row.
    for (let i = 0; i < 12; i += 1) {
      const count = await transaction(async (tx) => (await sql(tx).db.executeQuery<{ n: string }>(CompiledQuery.raw('select count(*)::text as n from deferred_begin_probe'))).rows[0]!.n);
      expect(count).toBe('0');
    }
  });
});
