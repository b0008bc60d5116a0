import { CHANNELS, type Channel, PRIORITIES, type Priority, STATISTICS_METRICS, STATISTICS_UNITS, type StatisticsMetric, type StatisticsUnit } from '@parley/domain';
import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import type { StatisticsRequest } from '../../api/statistics';

/** The periods offered by name; `custom` takes its days from the date inputs. */
export const PERIOD_PRESETS = ['today', 'last7', 'last30', 'thisMonth', 'lastMonth', 'thisYear', 'custom'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

/** The unit each preset starts with: a day by hour, a year by month; the agent may change it. */
export const PRESET_UNITS: Record<PeriodPreset, StatisticsUnit> = {
  today: 'hour',
  last7: 'day',
  last30: 'day',
  thisMonth: 'day',
  lastMonth: 'day',
  thisYear: 'month',
  custom: 'day',
};

export const DEFAULT_CHART_METRICS: readonly StatisticsMetric[] = ['created', 'resolved'];

/** Whose figures: the viewer's own, everyone's (within the department filter), or one agent's. */
export type AgentFilter = 'me' | 'all' | number;

/** Everything a report's screen shows, as the URL keeps it. Days are the agent's, `to` included. */
export interface StatisticsState {
  readonly period: PeriodPreset;
  /** Set for `custom` only: presets are relative, so a shared "last 7 days" means the 7 days before opening. */
  readonly from: string;
  readonly to: string;
  readonly unit: StatisticsUnit;
  readonly departmentId: number | null;
  readonly agent: AgentFilter;
  readonly channel: Channel | null;
  readonly priority: Priority | null;
  readonly tag: string;
  readonly chart: readonly StatisticsMetric[];
}

/** Who looks: an agent may ask only for their own figures or their departments'; an administrator for any. */
export interface StatisticsViewer {
  readonly agentId: number;
  readonly administrator: boolean;
  readonly departmentIds: readonly number[];
}

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date moved by whole days; calendar arithmetic in UTC has no DST to trip over. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Today's date in a time zone, as YYYY-MM-DD. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function isCalendarDate(value: unknown): value is string {
  return typeof value === 'string' && CALENDAR_DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && addDays(value, 0) === value;
}

/** A preset's first and last day (both included), counted to today: a period never ends in the future. */
export function presetRange(preset: Exclude<PeriodPreset, 'custom'>, today: string): { from: string; to: string } {
  const month = today.slice(0, 7);
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case 'last7':
      return { from: addDays(today, -6), to: today };
    case 'last30':
      return { from: addDays(today, -29), to: today };
    case 'thisMonth':
      return { from: `${month}-01`, to: today };
    case 'lastMonth': {
      const firstOfThis = `${month}-01`;
      const lastOfPrevious = addDays(firstOfThis, -1);
      return { from: `${lastOfPrevious.slice(0, 7)}-01`, to: lastOfPrevious };
    }
    case 'thisYear':
      return { from: `${today.slice(0, 4)}-01-01`, to: today };
  }
}

/** The days a state covers, `to` included. */
export function rangeOf(state: Pick<StatisticsState, 'period' | 'from' | 'to'>, today: string): { from: string; to: string } {
  return state.period === 'custom' ? { from: state.from, to: state.to } : presetRange(state.period, today);
}

const one = (value: LocationQuery[string] | undefined): string | null => (typeof value === 'string' ? value : Array.isArray(value) ? (value[0] ?? null) : null);
const pick = <T extends string>(allowed: readonly T[], value: string | null): T | null => (value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null);
const positiveId = (value: string | null): number | null => (value !== null && /^[1-9]\d{0,9}$/.test(value) ? Number(value) : null);

/**
 * The state a URL asks for, made one the viewer may see: anything unknown falls back to the default, and an
 * agent's request is narrowed to their own figures or one of their departments (the server would refuse more).
 */
export function stateFromQuery(query: LocationQuery, viewer: StatisticsViewer, today: string): StatisticsState {
  const period = pick(PERIOD_PRESETS, one(query.period)) ?? 'last7';
  const from = one(query.from);
  const to = one(query.to);
  const range = period === 'custom' && isCalendarDate(from) && isCalendarDate(to) ? { from, to } : null;
  const custom = range !== null;
  const agentParam = one(query.agent);
  const agent: AgentFilter = agentParam === 'me' || agentParam === 'all' ? agentParam : (positiveId(agentParam) ?? (viewer.administrator ? 'all' : 'me'));
  const chart = (one(query.chart) ?? '').split(',').filter((m): m is StatisticsMetric => (STATISTICS_METRICS as readonly string[]).includes(m));
  return allowedFor(viewer, {
    period: custom || period !== 'custom' ? period : 'last7',
    ...(range ?? presetRange(period === 'custom' ? 'last7' : period, today)),
    unit: pick(STATISTICS_UNITS, one(query.unit)) ?? PRESET_UNITS[period],
    departmentId: positiveId(one(query.department)),
    agent,
    channel: pick(CHANNELS, one(query.channel)),
    priority: pick(PRIORITIES, one(query.priority)),
    tag: (one(query.tag) ?? '').trim(),
    chart: chart.length > 0 ? [...new Set(chart)] : DEFAULT_CHART_METRICS,
  });
}

/**
 * An agent sees their own figures, or everyone's in one of their departments: "everyone" needs a department,
 * another agent and another department are not theirs to ask for.
 */
export function allowedFor(viewer: StatisticsViewer, state: StatisticsState): StatisticsState {
  if (viewer.administrator) return state;
  const departmentId = state.departmentId !== null && viewer.departmentIds.includes(state.departmentId) ? state.departmentId : null;
  const agent = state.agent === 'all' && departmentId !== null ? 'all' : 'me';
  return departmentId === state.departmentId && agent === state.agent ? state : { ...state, departmentId, agent };
}

/** The URL's query for a state: only what differs from the defaults, so a plain link stays plain. */
export function queryFromState(state: StatisticsState, viewer: StatisticsViewer): LocationQueryRaw {
  const defaultAgent: AgentFilter = viewer.administrator ? 'all' : 'me';
  const chart = state.chart.join(',');
  return {
    ...(state.period !== 'last7' ? { period: state.period } : {}),
    ...(state.period === 'custom' ? { from: state.from, to: state.to } : {}),
    ...(state.unit !== PRESET_UNITS[state.period] ? { unit: state.unit } : {}),
    ...(state.departmentId !== null ? { department: String(state.departmentId) } : {}),
    ...(state.agent !== defaultAgent ? { agent: String(state.agent) } : {}),
    ...(state.channel ? { channel: state.channel } : {}),
    ...(state.priority ? { priority: state.priority } : {}),
    ...(state.tag ? { tag: state.tag } : {}),
    ...(chart !== DEFAULT_CHART_METRICS.join(',') ? { chart } : {}),
  };
}

/** The API's query for a state, or null when its days are reversed (the form says so instead of asking). */
export function requestFromState(state: StatisticsState, viewer: StatisticsViewer, today: string, timeZone: string): StatisticsRequest | null {
  const { from, to } = rangeOf(state, today);
  if (from > to) return null;
  const agentId = state.agent === 'me' ? viewer.agentId : state.agent === 'all' ? undefined : state.agent;
  return {
    from,
    // The API's `until` is the day after the last one shown.
    until: addDays(to, 1),
    unit: state.unit,
    timeZone,
    ...(state.departmentId !== null ? { departmentId: state.departmentId } : {}),
    ...(agentId !== undefined ? { agentId } : {}),
    ...(state.channel ? { channel: state.channel } : {}),
    ...(state.priority ? { priority: state.priority } : {}),
    ...(state.tag ? { tag: state.tag } : {}),
  };
}
