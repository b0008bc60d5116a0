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

/**
 * Sums of facts per quarter hour, per grouping of the dimensions (the domain's rollupDimensionsOf: 0 and ''
 * stand for "any", -1 for "none") and per histogram bin. The key's order serves the reports: the fact and
 * the dimensions by equality, then a range of quarter hours.
 */
export const StatisticsRollup = defineEntity({
  name: 'StatisticsRollup',
  tableName: 'statistics_rollup',
  properties: {
    kind: p.string().length(24).primary().$type<StatisticsFactKind>(),
    departmentId: p.integer().fieldName('department_id').primary(),
    agentId: p.integer().fieldName('agent_id').primary(),
    channel: p.string().length(16).primary(),
    priority: p.string().length(8).primary(),
    tag: p.string().length(50).primary(),
    slot: p.integer().primary(),
    bin: p.integer().primary(),
    count: p.integer(),
  },
});
export type StatisticsRollup = InferEntity<typeof StatisticsRollup>;
