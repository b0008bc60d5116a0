import {
  AGENT_STATISTICS_METRICS,
  AGENT_TICKET_FACTS,
  PRESENCE_FACTS,
  COUNT_FACTS,
  HISTOGRAM_FACTS,
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
  type StatisticsFigures,
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
import { BusinessCalendarRecord, SlaPolicyRecord } from '../sla/sla.entity.js';
import { daysIn, namesOneGroup, QUARTER_HOURS, type Span, sumBefore, sumDaySummaries, sumRollup } from './rollup-query.js';
import { sumMonthUnits, sumWhole } from './zone-query.js';
import { requestDailyZone, rollupZoneOf } from './statistics-zones.js';

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

/** Where a report's figures are read: the quarter hours, or the zone's own rollups. */
type ReadPlan = { readonly zone: null } | { readonly zone: string; readonly unit: Exclude<StatisticsPeriod['unit'], 'hour'> };

/**
 * The rollups a report in this period reads: its zone's days and months once they are built (asking for them
 * the first time), the quarter hours until then and for reports by the hour.
 */
async function planFor(app: AppContext, em: Em, period: StatisticsPeriod): Promise<ReadPlan> {
  if (period.unit === 'hour') return { zone: null };
  const zone = rollupZoneOf(period.timeZone);
  const state = await requestDailyZone(em, zone, app.clock.now());
  if (state === 'building') app.statistics.kickBuild();
  return state === 'ready' ? { zone, unit: period.unit } : { zone: null };
}

/**
 * The figures of `spans` (one per unit, in order). In a zone with its own rollups, a report by day reads each
 * day's medians taken ahead and the period's whole months for its own; by month, whole months; by week, days.
 */
async function figuresFor(em: Em, plan: ReadPlan, spans: readonly Span[], filters: StatisticsFilters): Promise<StatisticsFigures> {
  const q = sql(em);
  const selection = rollupSelection(filters);
  const channels = rollupSelection(filters, 'channel');
  const period: Span = { start: spans[0]!.start, end: spans.at(-1)!.end };
  const units = spans.length;
  const byChannel = (sums: Awaited<ReturnType<typeof sumRollup>>): RollupSum[] => sums.map((sum) => ({ ...sum, channel: String(sum.group) }));
  // One statement after another: on SQLite they share the connection anyway, and on PostgreSQL one request holds one.
  if (plan.zone === null) {
    const sums = await sumRollup(q, QUARTER_HOURS, spans, REPORT_FACTS, selection);
    const created = await sumRollup(q, QUARTER_HOURS, spans, ['created'], channels, 'channel');
    const backlogBefore = await sumBefore(q, QUARTER_HOURS, 'backlog', selection, period.start);
    return statisticsFigures({ units, sums, byChannel: byChannel(created), backlogBefore });
  }
  const { zone } = plan;
  const days = daysIn(zone);
  const created = await sumRollup(q, days, spans, ['created'], channels, 'channel');
  const backlogBefore = await sumBefore(q, days, 'backlog', selection, period.start);
  if (units === 1) return statisticsFigures({ units, sums: await sumWhole(q, zone, period, REPORT_FACTS, selection), byChannel: byChannel(created), backlogBefore });
  // A day's medians taken ahead are one grouping's: a selection that sums several reads the days' bins.
  if (plan.unit === 'day' && namesOneGroup(selection)) {
    const sums = await sumRollup(q, days, spans, COUNT_FACTS, selection);
    const percentiles = await sumDaySummaries(q, zone, spans, selection);
    const whole = await sumWhole(q, zone, period, HISTOGRAM_FACTS, selection);
    return statisticsFigures({ units, sums, percentiles, whole, byChannel: byChannel(created), backlogBefore });
  }
  const sums = plan.unit === 'month' ? await sumMonthUnits(q, zone, spans, REPORT_FACTS, selection) : await sumRollup(q, days, spans, REPORT_FACTS, selection);
  return statisticsFigures({ units, sums, byChannel: byChannel(created), backlogBefore });
}

const iso = (instant: number) => new Date(instant).toISOString();

/** A report: every metric per unit of the period, with totals and the previous period's totals. */
export async function statisticsReport(app: AppContext, em: Em, request: StatisticsRequest): Promise<StatisticsReportDto> {
  const buckets = bucketsOf(request.period);
  const previousPeriod = previousStatisticsPeriod(request.period);
  const previousBuckets = bucketsOf(previousPeriod);
  await app.statistics.caughtUp();
  const plan = await planFor(app, em, request.period);
  const whole = (list: readonly StatisticsBucket[]): Span[] => [{ start: list[0]!.start, end: list.at(-1)!.end }];
  const current = await figuresFor(em, plan, buckets, request.filters);
  const previous = await figuresFor(em, plan, whole(previousBuckets), request.filters);
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
    serviceLevels: await hasServiceLevels(em),
    businessHours: (await em.count(BusinessCalendarRecord, {})) > 0 || BUSINESS_HOURS_METRICS.some((metric) => current.totals[metric] !== null || previous.totals[metric] !== null),
  };
}

const BUSINESS_HOURS_METRICS = STATISTICS_METRICS.filter((metric) => metric.includes('_bh.'));

/** Whether any service-level policy is set up (on or off): without one, the service levels have nothing to count. */
async function hasServiceLevels(em: Em): Promise<boolean> {
  return (await em.count(SlaPolicyRecord, {})) > 0;
}

/**
 * The agents' time online and away, summed per agent. Presence belongs to the agent, not to tickets: only
 * an agent filter narrows it, and a department filter keeps the department's members.
 */
async function presenceSums(q: ReturnType<typeof sql>, plan: ReadPlan, span: Span, filters: StatisticsFilters): Promise<(RollupSum & { group?: string | number })[]> {
  const selection = rollupSelection({ agentId: filters.agentId }, 'agentId');
  const sums = plan.zone === null ? await sumRollup(q, QUARTER_HOURS, [span], PRESENCE_FACTS, selection, 'agent_id') : await sumWhole(q, plan.zone, span, PRESENCE_FACTS, selection, 'agent_id');
  if (filters.departmentId === undefined) return sums;
  const members = new Set(
    (await q.db.selectFrom('agent_department').select('agent_id').where('department_id', '=', filters.departmentId).execute()).map((row) => Number(row.agent_id)),
  );
  return sums.filter((sum) => members.has(Number(sum.group)));
}

/** The agents' table: one row per agent with figures in the period (agents without any are left out). */
export async function agentStatistics(app: AppContext, em: Em, request: StatisticsRequest): Promise<AgentStatisticsDto> {
  const buckets = bucketsOf(request.period);
  await app.statistics.caughtUp();
  const plan = await planFor(app, em, request.period);
  const q = sql(em);
  const span: Span = { start: buckets[0]!.start, end: buckets.at(-1)!.end };
  const selection = rollupSelection(request.filters, 'agentId');
  const worked = plan.zone === null ? await sumRollup(q, QUARTER_HOURS, [span], AGENT_TICKET_FACTS, selection, 'agent_id') : await sumWhole(q, plan.zone, span, AGENT_TICKET_FACTS, selection, 'agent_id');
  const sums = [...worked, ...(await presenceSums(q, plan, span, request.filters))];
  const byAgent = new Map<number, RollupSum[]>();
  for (const sum of sums) {
    const agentId = Number(sum.group);
    if (agentId === NONE_ID) continue;
    const agentSums = byAgent.get(agentId);
    if (agentSums) agentSums.push(sum);
    else byAgent.set(agentId, [sum]);
  }
  const ids = [...byAgent.keys()];
  const names = new Map<number, string>();
  if (ids.length > 0) {
    for (const row of await q.db.selectFrom('agent').select(['id', 'name']).where('id', 'in', ids).execute()) names.set(Number(row.id), String(row.name));
  }
  const rows = ids
    .filter((id) => names.has(id))
    .map((agentId) => {
      const figures = statisticsFigures({ units: 1, sums: byAgent.get(agentId)!, byChannel: [], backlogBefore: 0 });
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
