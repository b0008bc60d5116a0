import type { RollupIncrement } from '@parley/domain';
import { sql as sqlTag } from 'kysely';
import type { Sql } from '../../db/sql.js';

/** Rollup rows per upsert statement (nine or ten bound values each). */
const ROWS_PER_STATEMENT = 200;

const TIME_COLUMN = {
  statistics_rollup: 'slot',
  statistics_daily: 'day',
  statistics_monthly: 'month',
  statistics_quarterly: 'quarter',
  statistics_yearly: 'year',
} as const;

export type RollupTable = keyof typeof TIME_COLUMN;

/** Adds increments to a rollup's rows (the quarter hours', or a zone's days', months', quarters' or years'), creating missing ones. */
export function rollupTimeColumn(table: RollupTable): string {
  return TIME_COLUMN[table];
}

export async function upsertIncrements(
  q: Sql,
  table: RollupTable,
  zone: string | null,
  increments: readonly RollupIncrement[],
): Promise<void> {
  const time = TIME_COLUMN[table];
  const key = [...(zone === null ? [] : ['zone']), 'kind', 'department_id', 'agent_id', 'channel', 'priority', 'tag', time, 'bin'];
  for (let start = 0; start < increments.length; start += ROWS_PER_STATEMENT) {
    const chunk = increments.slice(start, start + ROWS_PER_STATEMENT);
    await q.db
      .insertInto(table)
      .values(
        chunk.map((increment) => ({
          ...(zone === null ? {} : { zone }),
          kind: increment.kind,
          department_id: increment.departmentId,
          agent_id: increment.agentId,
          channel: increment.channel,
          priority: increment.priority,
          tag: increment.tag,
          [time]: increment.slot,
          bin: increment.bin,
          count: increment.count,
        })) as never,
      )
      .onConflict((conflict) =>
        conflict
          .columns(key as never)
          .doUpdateSet({ count: sqlTag`${sqlTag.table(table)}.count + excluded.count` } as never),
      )
      .execute();
  }
}
