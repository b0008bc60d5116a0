import { localDayNumber, ROLLUP_SLOT_MS, startOfLocalDay } from '@parley/domain';
import type { Em } from '../../db/orm.js';
import { sql } from '../../db/sql.js';
import { lockRollups } from './statistics-fold.js';
import { copyDayToZone, copyMonthsToZone, firstQuarterHour, linesOf } from './zone-rollups.js';

/** Zones with a daily rollup at most: each one costs every fold a little; reports in others read quarter hours. */
export const MAX_DAILY_ZONES = 8;

/**
 * The one name a zone's rollups are kept under, however a report wrote it (`europe/riga`, or `Asia/Kolkata`
 * and its older name `Asia/Calcutta`): the runtime's canonical identifier.
 */
export function rollupZoneOf(zone: string): string {
  return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
}

/**
 * Whether `zone` (a rollupZoneOf name) has its daily rollup: 'ready', 'building' (asked for now if it was not,
 * while there is room), or 'none' when every place is taken.
 */
export async function requestDailyZone(em: Em, zone: string, now: Date): Promise<'ready' | 'building' | 'none'> {
  const q = sql(em);
  const known = await q.db.selectFrom('statistics_zone').select('built_below').where('zone', '=', zone).executeTakeFirst();
  if (known) return known.built_below === null ? 'ready' : 'building';
  const taken = await q.db.selectFrom('statistics_zone').select((eb) => eb.fn.countAll<number>().as('zones')).executeTakeFirst();
  if (Number(taken?.zones ?? 0) >= MAX_DAILY_ZONES) return 'none';
  await q.db
    .insertInto('statistics_zone')
    .values({ zone, built_below: 0, created_at: q.values.date(now) } as never)
    .onConflict((conflict) => conflict.column('zone' as never).doNothing())
    .execute();
  return 'building';
}

/**
 * Copies the next local day of the quarter-hour rollup into a zone's days, and each local month, quarter and
 * year once its last day is passed into its months, quarters and years; answers whether the zone is built.
 * Under the rollups' lock, so the fold adds to the zone exactly what lies below the lines (ZoneLines); each
 * line moves a whole day, month, quarter or year at a time, so each copied one is all there is of it. The
 * database sums them: nothing of the quarter hours is read into the process. Once the last day is copied,
 * the month, quarter and year it lies in are copied as they stand, and from then on the fold adds everything.
 */
export async function buildDailyStep(em: Em, zone: string): Promise<boolean> {
  return em.transactional(async (tx) => {
    const q = sql(tx as Em);
    await lockRollups(q);
    const state = await q.db.selectFrom('statistics_zone').select('built_below').where('zone', '=', zone).executeTakeFirst();
    if (!state || state.built_below === null) return true;
    const below = Number(state.built_below);
    const start = await firstQuarterHour(q, below);
    if (start === null) {
      await copyMonthsToZone(q, zone, linesOf(below, zone).month, null);
      await q.db.updateTable('statistics_zone').set({ built_below: null } as never).where('zone', '=', zone).execute();
      return true;
    }
    const day = localDayNumber(start * ROLLUP_SLOT_MS, zone);
    const end = Math.ceil(startOfLocalDay(day + 1, zone) / ROLLUP_SLOT_MS);
    await copyDayToZone(q, zone, start, end);
    const [monthsFrom, monthsTo] = [linesOf(below, zone).month, linesOf(end, zone).month];
    if (monthsTo > monthsFrom) await copyMonthsToZone(q, zone, monthsFrom, monthsTo);
    await q.db.updateTable('statistics_zone').set({ built_below: end } as never).where('zone', '=', zone).execute();
    return false;
  });
}

/** The zones whose days are still being built. */
export async function zonesBeingBuilt(em: Em): Promise<string[]> {
  const rows = await sql(em).db.selectFrom('statistics_zone').select('zone').where('built_below', 'is not', null).execute();
  return rows.map((row) => String(row.zone));
}
