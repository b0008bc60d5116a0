import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import type { StatisticsFactKind } from '@parley/domain';

/**
 * Facts written by ticket writes in their own transaction and not yet added to the rollup: a queue, emptied
 * by the fold (statistics-fold.ts). Writes never touch the rollup themselves, so busy rollup rows (all
 * tickets, this quarter hour) are never a lock every ticket write waits for.
 */
export const StatisticsFact = defineEntity({
  name: 'StatisticsFact',
  tableName: 'statistics_fact',
  properties: {
    id: p.integer().primary().autoincrement(),
    kind: p.string().length(24).$type<StatisticsFactKind>(),
    at: p.datetime(),
    departmentId: p.integer().fieldName('department_id').nullable(),
    agentId: p.integer().fieldName('agent_id').nullable(),
    channel: p.string().length(16),
    priority: p.string().length(8),
    tags: p.json<string[]>(),
    count: p.integer(),
    value: p.integer().nullable(),
  },
});
export type StatisticsFact = InferEntity<typeof StatisticsFact>;

/** The key every rollup shares: the fact and its grouping of dimensions (fresh builders for each table). */
const rollupKey = () => ({
  kind: p.string().length(24).primary().$type<StatisticsFactKind>(),
  departmentId: p.integer().fieldName('department_id').primary(),
  agentId: p.integer().fieldName('agent_id').primary(),
  channel: p.string().length(16).primary(),
  priority: p.string().length(8).primary(),
  tag: p.string().length(50).primary(),
});

/**
 * Sums of facts per quarter hour, per grouping of the dimensions (the domain's rollupDimensionsOf: 0 and ''
 * stand for "any", -1 for "none") and per histogram bin. The key's order serves the reports: the fact and
 * the dimensions by equality, then a range of quarter hours.
 */
export const StatisticsRollup = defineEntity({
  name: 'StatisticsRollup',
  tableName: 'statistics_rollup',
  properties: {
    ...rollupKey(),
    slot: p.integer().primary(),
    bin: p.integer().primary(),
    count: p.integer(),
  },
  // A time zone's daily rollup is built from these a span of quarter hours at a time.
  indexes: [{ properties: ['slot'], name: 'statistics_rollup_slot_idx' }],
});
export type StatisticsRollup = InferEntity<typeof StatisticsRollup>;

/**
 * The rollup summed by local day in a time zone someone reads reports in: a year by day reads a few
 * hundred thousand rows instead of millions. Kept for a handful of zones (statistics_zone), built from the
 * quarter-hour rollup when a zone is first asked for, then kept up by the fold like the quarter hours.
 */
export const StatisticsDaily = defineEntity({
  name: 'StatisticsDaily',
  tableName: 'statistics_daily',
  properties: {
    zone: p.string().length(64).primary(),
    ...rollupKey(),
    day: p.integer().primary(),
    bin: p.integer().primary(),
    count: p.integer(),
  },
});
export type StatisticsDaily = InferEntity<typeof StatisticsDaily>;

/** The same by local month in the zone: a period's medians read whole months here, and only its odd days by day. */
export const StatisticsMonthly = defineEntity({
  name: 'StatisticsMonthly',
  tableName: 'statistics_monthly',
  properties: {
    zone: p.string().length(64).primary(),
    ...rollupKey(),
    month: p.integer().primary(),
    bin: p.integer().primary(),
    count: p.integer(),
  },
  // The agents' table: every agent's bins of a fact in index order, so a period's months are summed per agent
  // and bin as they are read (the key's order would sort them all first), and the count read from the index.
  indexes: [{ properties: ['zone', 'departmentId', 'channel', 'priority', 'tag', 'kind', 'agentId', 'bin', 'month', 'count'], name: 'statistics_monthly_by_agent_idx' }],
});
export type StatisticsMonthly = InferEntity<typeof StatisticsMonthly>;

/**
 * The same by local quarter (quarter number = month number / 3) and by local year (month number / 12), each
 * the sum of its months, written with them. A long period reads its whole years and quarters here and only
 * what is left by month and day: a year's agents' table sums one row per agent, fact and bin, not twelve.
 */
export const StatisticsQuarterly = defineEntity({
  name: 'StatisticsQuarterly',
  tableName: 'statistics_quarterly',
  properties: {
    zone: p.string().length(64).primary(),
    ...rollupKey(),
    quarter: p.integer().primary(),
    bin: p.integer().primary(),
    count: p.integer(),
  },
  indexes: [{ properties: ['zone', 'departmentId', 'channel', 'priority', 'tag', 'kind', 'agentId', 'bin', 'quarter', 'count'], name: 'statistics_quarterly_by_agent_idx' }],
});
export type StatisticsQuarterly = InferEntity<typeof StatisticsQuarterly>;

export const StatisticsYearly = defineEntity({
  name: 'StatisticsYearly',
  tableName: 'statistics_yearly',
  properties: {
    zone: p.string().length(64).primary(),
    ...rollupKey(),
    year: p.integer().primary(),
    bin: p.integer().primary(),
    count: p.integer(),
  },
  indexes: [{ properties: ['zone', 'departmentId', 'channel', 'priority', 'tag', 'kind', 'agentId', 'bin', 'year', 'count'], name: 'statistics_yearly_by_agent_idx' }],
});
export type StatisticsYearly = InferEntity<typeof StatisticsYearly>;

/**
 * Each day's histogram facts (first response, resolution, replies per ticket) taken ahead: their count and
 * the bins of the median and p90, kept by the fold whenever it adds to that day. A report by day reads these
 * instead of every bin of every day.
 */
export const StatisticsDaySummary = defineEntity({
  name: 'StatisticsDaySummary',
  tableName: 'statistics_day_summary',
  properties: {
    zone: p.string().length(64).primary(),
    ...rollupKey(),
    day: p.integer().primary(),
    count: p.integer(),
    medianBin: p.integer().fieldName('median_bin').nullable(),
    p90Bin: p.integer().fieldName('p90_bin').nullable(),
  },
});
export type StatisticsDaySummary = InferEntity<typeof StatisticsDaySummary>;

/**
 * The time zones with a daily rollup. While one is being built, `builtBelow` is the quarter hour it has
 * copied up to: the fold adds to the zone's days only what falls below it, the build copies the rest.
 * Null once built.
 */
export const StatisticsZone = defineEntity({
  name: 'StatisticsZone',
  tableName: 'statistics_zone',
  properties: {
    zone: p.string().length(64).primary(),
    builtBelow: p.integer().fieldName('built_below').nullable(),
    createdAt: p.datetime().fieldName('created_at'),
  },
});
export type StatisticsZone = InferEntity<typeof StatisticsZone>;

/**
 * Each agent's presence as statistics last wrote it: the state (online, away, offline) and since when. The
 * time up to a change (or to the last quarter hour, closed by the periodic sweep) is written as facts, a
 * quarter hour at a time (the domain's presenceFacts); `since` is where the next ones start.
 */
export const StatisticsPresence = defineEntity({
  name: 'StatisticsPresence',
  tableName: 'statistics_presence',
  properties: {
    agentId: p.integer().fieldName('agent_id').primary().autoincrement(false),
    state: p.string().length(8),
    since: p.datetime(),
  },
});
export type StatisticsPresence = InferEntity<typeof StatisticsPresence>;
