import {
  AGENT_STATISTICS_METRICS,
  type AgentPrincipal,
  DomainError,
  ErrorCodes,
  NONE_ID,
  normalizeTags,
  previousStatisticsPeriod,
  REPORT_FACTS,
  type RollupSum,
  rollupSelection,
  type StatisticsBucket,
  type StatisticsFilters,
  type StatisticsPeriod,
  statisticsBuckets,
  statisticsFigures,
  statisticsMetricKind,
  STATISTICS_METRICS,
} from '@parley/domain';
import type { AgentStatisticsDto, StatisticsQuery, StatisticsReportDto } from '@parley/protocol';
import type { AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { sql } from '../../db/sql.js';
import { daysIn, QUARTER_HOURS, type RollupGrain, type Span, sumBefore, sumRollup } from './rollup-query.js';
import { requestDailyZone } from './statistics-zones.js';

export interface StatisticsRequest {
  readonly period: StatisticsPeriod;
  readonly filters: StatisticsFilters;
}

/** The query as the rules read it: a period in the viewer's zone, and the filters (a tag as tags are kept). */
export function statisticsRequest(query: StatisticsQuery): StatisticsRequest {
  const tag = query.tag === undefined ? undefined : normalizeTags([query.tag])[0];
  return {
    period: { from: query.from, until: query.until, unit: query.unit, timeZone: query.timeZone },
    filters: { departmentId: query.departmentId, agentId: query.agentId, channel: query.channel, priority: query.priority, tag: tag ?? query.tag },
  };
}

/**
 * Agents see their own figures and their departments'; administrators anyone's. A request names which:
 * an agent's own id, or one of their departments (other filters may narrow either).
 */
export function assertMayRead(agent: AgentPrincipal, filters: StatisticsFilters): void {
  if (agent.role === 'administrator') return;
  if (filters.agentId === agent.agentId) return;
  if (filters.departmentId !== undefined && agent.departmentIds.includes(filters.departmentId)) return;
  throw new DomainError(ErrorCodes.authForbidden, 'Agents see their own figures (agentId) or those of one of their departments (departmentId).');
}

function bucketsOf(period: StatisticsPeriod): StatisticsBucket[] {
  const buckets = statisticsBuckets(period);
  if (!buckets || buckets.length === 0) {
    throw new DomainError(ErrorCodes.statisticsPeriodInvalid, 'The period must run forward over whole days (from before until) and hold at most 9,000 units.');
  }
  return buckets;
}

/**
 * The rollup a report in this period reads: its zone's days once they are built (asking for them the first
 * time), the quarter hours until then and for reports by the hour.
 */
async function grainFor(app: AppContext, em: Em, period: StatisticsPeriod): Promise<RollupGrain> {
  if (period.unit === 'hour') return QUARTER_HOURS;
  const state = await requestDailyZone(em, period.timeZone, app.clock.now());
  if (state === 'building') app.statistics.kickBuild();
  return state === 'ready' ? daysIn(period.timeZone) : QUARTER_HOURS;
}

async function figuresFor(em: Em, grain: RollupGrain, spans: readonly Span[], filters: StatisticsFilters) {
  const q = sql(em);
  const selection = rollupSelection(filters);
  // One after the other: on SQLite they share the connection anyway, and on PostgreSQL one request holds one.
  const sums = await sumRollup(q, grain, spans, REPORT_FACTS, selection);
  const channels = await sumRollup(q, grain, spans, ['created'], rollupSelection(filters, 'channel'), 'channel');
  const backlogBefore = await sumBefore(q, grain, 'backlog', selection, spans[0]!.start);
  const byChannel: RollupSum[] = channels.map((sum) => ({ ...sum, channel: String(sum.group) }));
  return statisticsFigures(spans.length, sums, byChannel, backlogBefore);
}

const iso = (instant: number) => new Date(instant).toISOString();

/** A report: every metric per unit of the period, with totals and the previous period's totals. */
export async function statisticsReport(app: AppContext, em: Em, request: StatisticsRequest): Promise<StatisticsReportDto> {
  const buckets = bucketsOf(request.period);
  const previousPeriod = previousStatisticsPeriod(request.period);
  const previousBuckets = bucketsOf(previousPeriod);
  await app.statistics.caughtUp();
  const grain = await grainFor(app, em, request.period);
  const whole = (list: readonly StatisticsBucket[]): Span[] => [{ start: list[0]!.start, end: list.at(-1)!.end }];
  const current = await figuresFor(em, grain, buckets, request.filters);
  const previous = await figuresFor(em, grain, whole(previousBuckets), request.filters);
  return {
    period: request.period,
    previousPeriod,
    units: buckets.map((bucket) => ({ label: bucket.label, start: iso(bucket.start), end: iso(bucket.end) })),
    series: STATISTICS_METRICS.map((metric) => ({
      metric,
      kind: statisticsMetricKind(metric),
      values: current.values[metric],
      total: current.totals[metric],
      previousTotal: previous.totals[metric],
    })),
  };
}

/** The agents' table: one row per agent with figures in the period (agents without any are left out). */
export async function agentStatistics(app: AppContext, em: Em, request: StatisticsRequest): Promise<AgentStatisticsDto> {
  const buckets = bucketsOf(request.period);
  await app.statistics.caughtUp();
  const grain = await grainFor(app, em, request.period);
  const q = sql(em);
  const span: Span = { start: buckets[0]!.start, end: buckets.at(-1)!.end };
  const sums = await sumRollup(q, grain, [span], REPORT_FACTS, rollupSelection(request.filters, 'agentId'), 'agent_id');
  const byAgent = new Map<number, RollupSum[]>();
  for (const sum of sums) {
    const agentId = Number(sum.group);
    if (agentId === NONE_ID) continue;
    byAgent.set(agentId, [...(byAgent.get(agentId) ?? []), sum]);
  }
  const ids = [...byAgent.keys()];
  const names = new Map<number, string>();
  if (ids.length > 0) {
    for (const row of await q.db.selectFrom('agent').select(['id', 'name']).where('id', 'in', ids).execute()) names.set(Number(row.id), String(row.name));
  }
  const rows = ids
    .filter((id) => names.has(id))
    .map((agentId) => {
      const figures = statisticsFigures(1, byAgent.get(agentId)!, [], 0);
      return {
        agentId,
        name: names.get(agentId)!,
        values: Object.fromEntries(AGENT_STATISTICS_METRICS.map((metric) => [metric, figures.totals[metric]])) as AgentStatisticsDto['rows'][number]['values'],
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.agentId - b.agentId);
  return {
    period: request.period,
    metrics: [...AGENT_STATISTICS_METRICS],
    kinds: Object.fromEntries(AGENT_STATISTICS_METRICS.map((metric) => [metric, statisticsMetricKind(metric)])) as AgentStatisticsDto['kinds'],
    rows,
  };
}
