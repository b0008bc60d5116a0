import { type RollupIncrement, rollupIncrements, type StatisticsFact, type StatisticsFactKind } from '@parley/domain';
import { sql as sqlTag } from 'kysely';
import type { Em } from '../../db/orm.js';
import { type Sql, sql } from '../../db/sql.js';
import { upsertIncrements } from './rollup-upsert.js';
import { addToZone, linesOf } from './zone-rollups.js';

/** Facts taken from the queue per transaction. */
const BATCH = 2000;

/** Held by whoever writes the rollups (a fold, a zone's build) for the length of its transaction. */
const ROLLUP_LOCK = 7_262_010_014;

/**
 * Makes the transaction the only writer of the rollups until it ends: folds on several instances and a
 * zone's build take turns, so the build's line between "copied" and "added by the fold" holds. SQLite has
 * one writer anyway.
 */
export async function lockRollups(q: Sql): Promise<void> {
  if (q.dialect === 'postgresql') await sqlTag`select pg_advisory_xact_lock(${ROLLUP_LOCK})`.execute(q.db);
}

/** The zones with a daily rollup, and how far each one's build has come (null: built). */
export async function dailyZones(q: Sql): Promise<{ zone: string; builtBelow: number | null }[]> {
  const rows = await q.db.selectFrom('statistics_zone').select(['zone', 'built_below']).execute();
  return rows.map((row) => ({ zone: String(row.zone), builtBelow: q.values.readIntOrNull(row.built_below) }));
}

/**
 * Adds queued facts to the rollups (the quarter hours, and the days of each zone that has them) and removes
 * them from the queue, in one transaction per batch. Increments are written in one order (the domain's).
 */
export async function foldBatch(em: Em, batch = BATCH): Promise<number> {
  // Every report folds first: with nothing queued (it sees every fact committed before it was asked), one
  // read instead of a transaction taking the rollups' lock.
  if (!(await sql(em).db.selectFrom('statistics_fact').select('id').limit(1).executeTakeFirst())) return 0;
  return em.transactional(async (tx) => {
    const q = sql(tx as Em);
    await lockRollups(q);
    const rows = await q.db.selectFrom('statistics_fact').selectAll().orderBy('id').limit(batch).execute();
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
    const increments = rollupIncrements(facts);
    await addToRollup(q, increments);
    for (const { zone, builtBelow } of await dailyZones(q)) {
      await addToZone(q, zone, increments, builtBelow === null ? null : linesOf(builtBelow, zone));
    }
    const ids = rows.map((row) => Number(row.id));
    await q.db.deleteFrom('statistics_fact').where('id', 'in', ids).execute();
    return rows.length;
  });
}

export function addToRollup(q: Sql, increments: readonly RollupIncrement[]): Promise<void> {
  return upsertIncrements(q, 'statistics_rollup', null, increments);
}
