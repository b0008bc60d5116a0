import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Em } from '../src/db/orm.js';
import { nameKeptStatements } from '../src/db/postgres-named-statements.js';
import { PreparedQuery } from '../src/db/prepared-query.js';
import { sql } from '../src/db/sql.js';
import { createTestApp, postgresServerUrl, type TestApp } from './helpers/create-test-app.js';

const BY_SUBJECT = new PreparedQuery<{ subject: string }, { subject: string }>((db, value) =>
  db.selectFrom('ticket').select('subject').where('subject', '=', value('subject')),
);

describe.skipIf(!postgresServerUrl)('kept statements on PostgreSQL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ db: 'postgresql' });
  });
  afterAll(() => t?.close());

  it('runs a hot query as a named statement on its connection, with the same results for new values', async () => {
    for (const subject of ['Принтер не печатает', 'Εκτυπωτής', "it's \"quoted\""]) {
      const res = await t.admin.post('/api/v1/tickets', { subject, contact: { email: 'kept@example.lv' }, message: 'hello' });
      expect(res.status).toBe(201);
    }
    const em = t.app.orm.em.fork() as Em;
    await em.transactional(async (tx) => {
      const q = sql(tx as Em);
      // Twice with different values on one connection (the transaction's): parsed once, bound each time.
      expect(await BY_SUBJECT.execute(q, { subject: 'Принтер не печатает' })).toEqual([{ subject: 'Принтер не печатает' }]);
      expect(await BY_SUBJECT.execute(q, { subject: "it's \"quoted\"" })).toEqual([{ subject: "it's \"quoted\"" }]);
      expect(await BY_SUBJECT.execute(q, { subject: 'nothing like it' })).toEqual([]);
      const prepared = await q.db.executeQuery<{ name: string; statement: string }>(CompiledQuery.raw('select name, statement from pg_prepared_statements'));
      const ours = prepared.rows.filter((row) => row.statement.includes('"subject" = $1'));
      expect(ours).toHaveLength(1);
      expect(ours[0]!.name).toMatch(/^parley_\d+$/);
    });
  });

  it('opens every connection without JIT compilation or parallel workers, and keeps them so after a reset', async () => {
    const em = t.app.orm.em.fork() as Em;
    await em.transactional(async (tx) => {
      const q = sql(tx as Em);
      const setting = async (name: string) => (await q.db.executeQuery<{ value: string }>(CompiledQuery.raw(`select current_setting('${name}') as value`))).rows[0]!.value;
      await q.db.executeQuery(CompiledQuery.raw('reset all'));
      expect(await setting('jit')).toBe('off');
      expect(await setting('max_parallel_workers_per_gather')).toBe('0');
    });
  });
});

describe('a connection whose kept plan a migration invalidated', () => {
  it('stops naming statements, so the next ones are planned afresh', async () => {
    const calls: unknown[] = [];
    let listener!: (client: { query: (...args: unknown[]) => unknown }) => void;
    nameKeptStatements({ on: (_event, l) => (listener = l) });
    class FakeClient {
      query(config: unknown, ..._values: unknown[]): Promise<unknown> {
        calls.push(config);
        if (typeof config === 'object') return Promise.reject(Object.assign(new Error('cached plan must not change result type'), { code: '0A000' }));
        return Promise.resolve({ rows: [] });
      }
    }
    const client = new FakeClient();
    listener(client as never);
    const text = '/* kept */ select * from widened where id = $1';
    await expect(client.query(text, [1])).rejects.toThrow('cached plan');
    await client.query(text, [1]);
    expect(calls[0]).toMatchObject({ text, values: [1], name: expect.stringMatching(/^parley_/) });
    expect(calls[1]).toBe(text);
  });
});
