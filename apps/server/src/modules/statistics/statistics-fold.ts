import { type RollupIncrement, rollupIncrements, type StatisticsFact, type StatisticsFactKind } from '@parley/domain';
import { sql as sqlTag } from 'kysely';
import type { Em, Orm } from '../../db/orm.js';
import { type Sql, sql } from '../../db/sql.js';
import { CoalescedRun } from '../../jobs/coalesced-run.js';
import type { Logger } from '../../logger.js';

/** Facts taken from the queue per transaction. */
const BATCH = 2000;
/** Rollup rows per upsert statement (nine bound values each). */
const ROWS_PER_STATEMENT = 200;

/**
 * Adds queued facts to the rollup and removes them from the queue, in one transaction per batch. On
 * PostgreSQL each batch is claimed with SKIP LOCKED, so instances folding at once take different facts;
 * SQLite has one writer. Increments are written in one order (the domain's), so two folds never deadlock.
 */
export async function foldBatch(em: Em, batch = BATCH): Promise<number> {
  return em.transactional(async (tx) => {
    const q = sql(tx as Em);
    const rows = await q.db
      .selectFrom('statistics_fact')
      .selectAll()
      .orderBy('id')
      .limit(batch)
      .$if(q.dialect === 'postgresql', (query) => query.forUpdate().skipLocked())
      .execute();
    if (rows.length === 0) return 0;
    const facts: StatisticsFact[] = rows.map((row) => ({
      kind: row.kind as StatisticsFactKind,
      ticketId: 0,
      at: q.values.readDate(row.at).getTime(),
      departmentId: q.values.readIntOrNull(row.department_id),
      agentId: q.values.readIntOrNull(row.agent_id),
      channel: row.channel as StatisticsFact['channel'],
      priority: row.priority as StatisticsFact['priority'],
      tags: q.values.readJson<string[]>(row.tags),
      count: Number(row.count),
      value: q.values.readIntOrNull(row.value),
    }));
    await addToRollup(q, rollupIncrements(facts));
    const ids = rows.map((row) => Number(row.id));
    await q.db.deleteFrom('statistics_fact').where('id', 'in', ids).execute();
    return rows.length;
  });
}

export async function addToRollup(q: Sql, increments: readonly RollupIncrement[]): Promise<void> {
  for (let start = 0; start < increments.length; start += ROWS_PER_STATEMENT) {
    const chunk = increments.slice(start, start + ROWS_PER_STATEMENT);
    await q.db
      .insertInto('statistics_rollup')
      .values(
        chunk.map((increment) => ({
          kind: increment.kind,
          department_id: increment.departmentId,
          agent_id: increment.agentId,
          channel: increment.channel,
          priority: increment.priority,
          tag: increment.tag,
          slot: increment.slot,
          bin: increment.bin,
          count: increment.count,
        })) as never,
      )
      .onConflict((conflict) =>
        conflict
          .columns(['kind', 'department_id', 'agent_id', 'channel', 'priority', 'tag', 'slot', 'bin'] as never)
          .doUpdateSet({ count: sqlTag`statistics_rollup.count + excluded.count` } as never),
      )
      .execute();
  }
}

/**
 * The fold as a background job: kicked after writes that recorded facts and before every report (which
 * waits for it, so a report counts everything committed before it was asked for), and on the scheduler's
 * sweep for facts written by other instances.
 */
export class StatisticsFold {
  readonly #run: CoalescedRun;
  #closed = false;

  constructor(
    private readonly orm: Orm,
    private readonly logger: Logger,
  ) {
    this.#run = new CoalescedRun(
      () => this.foldAll(),
      (error) => this.logger.error({ err: error }, 'statistics fold failed'),
    );
  }

  kick(): void {
    if (!this.#closed) this.#run.kick();
  }

  /** Folds until the queue is empty; answers how many facts were added. */
  async foldAll(): Promise<number> {
    let folded = 0;
    for (;;) {
      if (this.#closed) return folded;
      const em = this.orm.em.fork() as Em;
      const done = await foldBatch(em);
      folded += done;
      if (done === 0) return folded;
    }
  }

  /** Every fact committed so far is in the rollup once this resolves. */
  async caughtUp(): Promise<void> {
    this.kick();
    await this.#run.idle();
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#run.settled();
  }
}
