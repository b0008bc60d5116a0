import { type AgentAvailability, presenceFacts, ROLLUP_SLOT_MS } from '@parley/domain';
import type { AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { sql } from '../../db/sql.js';
import { recordFacts, recordsStatistics } from './statistics-recording.js';

/**
 * Time online and away, per agent. Each agent's state and since when are kept in `statistics_presence`; a
 * change writes the time spent in the state it leaves as facts (a quarter hour each, the domain's
 * presenceFacts), in the change's transaction. The periodic sweep closes open time at the last quarter
 * hour, so reports count up to it, and takes an agent with no console connected anywhere as offline.
 */

type PresenceState = AgentAvailability;

const counted = (state: string): state is 'online' | 'away' => state === 'online' || state === 'away';

/**
 * Notes that the agent is `state` from `at` on (in the caller's transaction). The time in the state they
 * were in is written as facts; `split` writes it even when the state stays (the sweep's quarter hours).
 */
export async function recordPresence(em: Em, agentId: number, state: PresenceState, at: Date, split = false): Promise<void> {
  if (!recordsStatistics(em)) return;
  const q = sql(em);
  let select = q.db.selectFrom('statistics_presence').select(['state', 'since']).where('agent_id', '=', agentId);
  if (q.dialect === 'postgresql') select = select.forUpdate();
  const row = await select.executeTakeFirst();
  if (!row) {
    await q.db
      .insertInto('statistics_presence')
      .values({ agent_id: agentId, state, since: q.values.date(at) } as never)
      .onConflict((conflict) => conflict.column('agent_id' as never).doNothing())
      .execute();
    return;
  }
  const was = String(row.state);
  if (was === state && !split) return;
  const since = q.values.readDate(row.since);
  if (at.getTime() <= since.getTime()) {
    if (was !== state) await q.db.updateTable('statistics_presence').set({ state } as never).where('agent_id', '=', agentId).execute();
    return;
  }
  if (counted(was)) await recordFacts(em, presenceFacts(agentId, was, since.getTime(), at.getTime()));
  await q.db.updateTable('statistics_presence').set({ state, since: q.values.date(at) } as never).where('agent_id', '=', agentId).execute();
}

/**
 * The periodic sweep: each agent's state as it is now (their availability while a console of theirs is
 * connected on any instance, offline otherwise) is noted where it changed, and time still open is closed at
 * the last quarter hour. `connected` is for tests (the live connections by default).
 */
export async function sweepPresence(app: AppContext, connected?: ReadonlySet<number>): Promise<number> {
  const em = app.orm.em.fork() as Em;
  if (!recordsStatistics(em)) return 0;
  const online = connected ?? (await app.connections.connectedAgentIds());
  const now = app.clock.now();
  const quarter = new Date(Math.floor(now.getTime() / ROLLUP_SLOT_MS) * ROLLUP_SLOT_MS);
  const q = sql(em);
  const agents = await q.db.selectFrom('agent').select(['id', 'availability', 'active']).execute();
  const kept = new Map((await q.db.selectFrom('statistics_presence').select(['agent_id', 'state', 'since']).execute()).map((row) => [Number(row.agent_id), row]));
  let changed = 0;
  for (const agent of agents) {
    const id = Number(agent.id);
    const state: PresenceState = agent.active && online.has(id) ? (agent.availability as PresenceState) : 'offline';
    const row = kept.get(id);
    if (!row && state === 'offline') continue;
    if (!row || String(row.state) !== state) {
      await em.fork().transactional((tx) => recordPresence(tx as Em, id, state, now));
      changed++;
    } else if (counted(state) && q.values.readDate(row.since).getTime() < quarter.getTime()) {
      await em.fork().transactional((tx) => recordPresence(tx as Em, id, state, quarter, true));
      changed++;
    }
  }
  return changed;
}
