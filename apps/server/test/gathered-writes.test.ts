import { afterAll, beforeAll, expect, it } from 'vitest';
import { countStatements } from '../src/bench/sql-count.js';
import { withGatheredWrites } from '../src/db/gathered-writes.js';
import type { Em } from '../src/db/orm.js';
import { sql } from '../src/db/sql.js';
import { createTestApp, describeEachDatabase, type TestApp } from './helpers/create-test-app.js';

/**
 * Writes whose results nobody reads travel with the next statement on PostgreSQL (data-modifying WITHs) and
 * run at once on SQLite; either way every one of them is written, in the transaction it was handed to.
 */
describeEachDatabase('gathered writes', (db) => {
  let t: TestApp;
  let tickets: number[];

  beforeAll(async () => {
    t = await createTestApp({ db, env: { JOB_INTERVAL_MS: '0' } });
    tickets = [];
    for (const subject of ['One', 'Two']) tickets.push(Number((await t.admin.post('/api/v1/tickets', { subject, message: 'hello', contact: { email: 'gathered@example.com' } })).body.ticket.id));
  });
  afterAll(() => t?.close());

  const priorities = async () => {
    const q = sql(t.app.orm.em.fork() as Em);
    return (await q.db.selectFrom('ticket').select(['id', 'priority']).where('id', 'in', tickets).orderBy('id').execute()).map((r) => r.priority);
  };

  it('sends the writes with the statement that runs next, or at the end, and writes every one', async () => {
    const counter = await countStatements(t.app.orm);
    try {
      const answered = await (t.app.orm.em.fork() as Em).transactional(async (tx) => {
        const q = sql(tx as Em);
        return withGatheredWrites(q, async (writes) => {
          await writes.add(q.db.updateTable('ticket').set({ priority: 'high' } as never).where('id', '=', tickets[0]!));
          await writes.add(q.db.updateTable('ticket').set({ priority: 'urgent' } as never).where('id', '=', tickets[1]!));
          const sent = counter.statements.length;
          const rows = await writes.run(q.db.selectFrom('ticket').select('subject').where('id', '=', tickets[0]!));
          // On PostgreSQL the two updates went with the select: one statement (and the transaction's begin,
          // which goes out with its first statement); on SQLite each ran when handed over.
          expect(counter.statements.slice(sent).filter((statement) => statement !== 'begin')).toHaveLength(1);
          await writes.add(q.db.updateTable('ticket').set({ priority: 'low' } as never).where('id', '=', tickets[0]!));
          await writes.add(q.db.updateTable('ticket').set({ priority: 'normal' } as never).where('id', '=', tickets[1]!));
          return rows;
        });
      });
      expect(answered).toEqual([{ subject: 'One' }]);
      const statements = counter.statements.filter((statement) => /\bticket\b/.test(statement));
      // PostgreSQL: the select carrying two updates, then the two left at the end in one; SQLite: one each.
      expect(statements, statements.join('\n')).toHaveLength(db === 'postgresql' ? 2 : 5);
      if (db === 'postgresql') expect(statements[1]).toMatch(/^with "gathered_0" as \(update "ticket"/);
    } finally {
      counter.stop();
    }
    expect(await priorities()).toEqual(['low', 'normal']);
  });

  it('writes nothing of a transaction that fails after writes were handed over', async () => {
    const before = await priorities();
    await expect(
      (t.app.orm.em.fork() as Em).transactional(async (tx) => {
        const q = sql(tx as Em);
        await withGatheredWrites(q, async (writes) => {
          await writes.add(q.db.updateTable('ticket').set({ priority: 'urgent' } as never).where('id', '=', tickets[0]!));
          await writes.run(q.db.selectFrom('ticket').select('id').where('id', '=', tickets[0]!));
          await writes.add(q.db.updateTable('ticket').set({ priority: 'urgent' } as never).where('id', '=', tickets[1]!));
        });
        throw new Error('refused after the writes');
      }),
    ).rejects.toThrow('refused after the writes');
    expect(await priorities()).toEqual(before);
  });
});
