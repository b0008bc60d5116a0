import { CHANNELS, type Channel, PRIORITIES, type Priority } from '../ticket/ticket.js';
import { FACT_VALUE_KINDS, PRESENCE_FACTS, type StatisticsFact } from './facts.js';

const AGENT_ONLY: ReadonlySet<string> = new Set(PRESENCE_FACTS);

/**
 * The rollup keeps, per quarter of an hour, the sums of facts for a few groupings of the dimensions: all
 * tickets, each dimension alone, and every dimension at once. A quarter of an hour because every time zone's
 * hours and days start on one; these groupings because a report filtered by nothing or by one dimension then
 * reads one row per quarter hour, and any other combination reads the all-dimensions rows.
 */
export const ROLLUP_SLOT_MS = 15 * 60 * 1000;

/** Stands for "any" in a rollup row's id dimension; a ticket without a department or agent is NONE_ID. */
export const ANY_ID = 0;
export const NONE_ID = -1;
/** Stands for "any" in a rollup row's text dimension (no channel, priority or tag is empty). */
export const ANY_TEXT = '';

export interface RollupDimensions {
  readonly departmentId: number;
  readonly agentId: number;
  readonly channel: string;
  readonly priority: string;
  readonly tag: string;
}

export interface RollupIncrement extends RollupDimensions {
  readonly kind: StatisticsFact['kind'];
  readonly slot: number;
  readonly bin: number;
  readonly count: number;
}

export function rollupSlotOf(at: number): number {
  return Math.floor(at / ROLLUP_SLOT_MS);
}

/**
 * The rows one fact adds to. A ticket's creation is also added by channel beside each other dimension, so
 * "created, by channel" reads one grouping's rows whatever single filter a report has.
 */
export function rollupDimensionsOf(fact: Pick<StatisticsFact, 'kind' | 'departmentId' | 'agentId' | 'channel' | 'priority' | 'tags'>): RollupDimensions[] {
  const department = fact.departmentId ?? NONE_ID;
  const agent = fact.agentId ?? NONE_ID;
  const any = { departmentId: ANY_ID, agentId: ANY_ID, channel: ANY_TEXT, priority: ANY_TEXT, tag: ANY_TEXT };
  const every = { departmentId: department, agentId: agent, channel: fact.channel, priority: fact.priority, tag: ANY_TEXT };
  const byChannel = { ...any, channel: fact.channel };
  // An agent's presence belongs to no ticket: it is kept for everyone and per agent only.
  if (AGENT_ONLY.has(fact.kind)) return [any, { ...any, agentId: agent }];
  return [
    any,
    { ...any, departmentId: department },
    { ...any, agentId: agent },
    byChannel,
    { ...any, priority: fact.priority },
    ...fact.tags.map((tag) => ({ ...any, tag })),
    every,
    ...fact.tags.map((tag) => ({ ...every, tag })),
    ...(fact.kind === 'created'
      ? [
          { ...byChannel, departmentId: department },
          { ...byChannel, agentId: agent },
          { ...byChannel, priority: fact.priority },
          ...fact.tags.map((tag) => ({ ...byChannel, tag })),
        ]
      : []),
  ];
}

class IncrementSums {
  readonly #sums = new Map<string, { -readonly [K in keyof RollupIncrement]: RollupIncrement[K] }>();

  add(increment: RollupIncrement): void {
    const key = `${increment.kind}|${increment.slot}|${increment.bin}|${increment.departmentId}|${increment.agentId}|${increment.channel}|${increment.priority}|${increment.tag}`;
    const known = this.#sums.get(key);
    if (known) known.count += increment.count;
    else this.#sums.set(key, { ...increment });
  }

  /** In one order, so that two writers touching the same rows never wait for each other crosswise. */
  sorted(): RollupIncrement[] {
    return [...this.#sums.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, increment]) => increment);
  }
}

/** Facts summed by quarter-hour rollup row: what a batch of facts adds, one increment per row it touches. */
export function rollupIncrements(facts: readonly StatisticsFact[]): RollupIncrement[] {
  const sums = new IncrementSums();
  for (const fact of facts) {
    const slot = rollupSlotOf(fact.at);
    const bin = binOf(fact);
    for (const dimensions of rollupDimensionsOf(fact)) sums.add({ kind: fact.kind, slot, bin, ...dimensions, count: fact.count });
  }
  return sums.sorted();
}

/**
 * Quarter-hour increments summed into coarser rows: a time zone's local days (`dayOf` a quarter hour's
 * start; every zone's days begin on a quarter hour, so none is split).
 */
export function regroupIncrements(increments: readonly RollupIncrement[], dayOf: (slotStart: number) => number): RollupIncrement[] {
  return regroupSlots(increments, (slot) => dayOf(slot * ROLLUP_SLOT_MS));
}

/** Increments summed again under new time keys computed from their own (a month's quarter and year, say). */
export function regroupSlots(increments: readonly RollupIncrement[], keyOf: (slot: number) => number): RollupIncrement[] {
  const sums = new IncrementSums();
  const keys = new Map<number, number>();
  for (const increment of increments) {
    let key = keys.get(increment.slot);
    if (key === undefined) {
      key = keyOf(increment.slot);
      keys.set(increment.slot, key);
    }
    sums.add({ ...increment, slot: key });
  }
  return sums.sorted();
}

export interface StatisticsFilters {
  readonly departmentId?: number | undefined;
  readonly agentId?: number | undefined;
  readonly channel?: Channel | undefined;
  readonly priority?: Priority | undefined;
  readonly tag?: string | undefined;
}

/**
 * A condition on one rollup column: equal to a value, one of a few (every channel or priority, which the
 * index reads as that many ranges), any value but "any" (every row of a grouping), or above a value (every
 * agent's own rows: neither "any" nor "none", one range of the index).
 */
export type RollupCondition<T> = { readonly equals: T } | { readonly oneOf: readonly T[] } | { readonly notEquals: T } | { readonly above: T };

export type RollupSelection = { readonly [K in keyof RollupDimensions]: RollupCondition<RollupDimensions[K]> };

const ID_DIMENSIONS = ['departmentId', 'agentId'] as const;
const TEXT_DIMENSIONS = ['channel', 'priority'] as const;

/**
 * Which rollup rows answer a report with these filters, split by `groupBy` when given (one figure per agent,
 * or per channel, which is asked of creations only). No dimension named: the "all" rows; one: that
 * dimension's own rows (one filter split by channel: the creations' pairs); more: the all-dimensions rows.
 */
export function rollupSelection(filters: StatisticsFilters, groupBy?: 'agentId' | 'channel'): RollupSelection {
  const named = new Set<keyof RollupDimensions>();
  for (const key of [...ID_DIMENSIONS, ...TEXT_DIMENSIONS, 'tag'] as const) if (filters[key] !== undefined) named.add(key);
  const pairedWithChannel = groupBy === 'channel' && named.size === 1 && !named.has('channel');
  if (groupBy) named.add(groupBy);
  const specific = named.size >= 2 && !pairedWithChannel;
  const selection: Record<string, RollupCondition<number | string>> = {};
  for (const key of ID_DIMENSIONS) {
    const value = filters[key];
    selection[key] = value !== undefined ? { equals: value } : named.has(key) || specific ? { notEquals: ANY_ID } : { equals: ANY_ID };
  }
  // Split by agent, "none" is no one's row to show: every agent's rows are the ids above "any".
  if (groupBy === 'agentId' && filters.agentId === undefined) selection.agentId = { above: ANY_ID };
  for (const key of TEXT_DIMENSIONS) {
    const value = filters[key];
    selection[key] = value !== undefined ? { equals: value } : named.has(key) || specific ? { oneOf: key === 'channel' ? CHANNELS : PRIORITIES } : { equals: ANY_TEXT };
  }
  // The all-dimensions rows exist with no tag and once per tag: without a tag filter, the ones with none.
  selection.tag = filters.tag !== undefined ? { equals: filters.tag } : { equals: ANY_TEXT };
  return selection as RollupSelection;
}

// ---- histograms: durations and reply counts kept in bins, so medians and p90 come from sums.

/**
 * The lower bounds of the duration bins, in seconds: every second of the first minute, every minute of the
 * first hour, every five minutes of the first day, every hour of the first 30 days, then every day to a year.
 * A median or p90 is reported as its bin's lower bound: exact to the unit a person reads it in.
 */
const DURATION_STEPS: readonly (readonly [upTo: number, step: number])[] = [
  [60, 1],
  [3600, 60],
  [86_400, 300],
  [30 * 86_400, 3600],
  [366 * 86_400, 86_400],
];
const DURATION_BOUNDS: readonly number[] = (() => {
  const bounds: number[] = [];
  let from = 0;
  for (const [upTo, step] of DURATION_STEPS) {
    for (let at = from; at < upTo; at += step) bounds.push(at);
    from = upTo;
  }
  bounds.push(from);
  return bounds;
})();

/** Reply counts are kept exactly up to this; more land in the last bin. */
const NUMBER_BINS = 1000;

export function durationBin(secondsTaken: number): number {
  let low = 0;
  let high = DURATION_BOUNDS.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (DURATION_BOUNDS[middle]! <= secondsTaken) low = middle;
    else high = middle - 1;
  }
  return low;
}

function binOf(fact: StatisticsFact): number {
  const kind = FACT_VALUE_KINDS[fact.kind];
  if (kind === 'count' || fact.value === null) return 0;
  if (kind === 'seconds') return durationBin(fact.value);
  return Math.min(Math.max(0, Math.round(fact.value)), NUMBER_BINS);
}

/** The value a bin stands for: its lower bound (seconds, or the number itself). */
export function binValue(kind: 'seconds' | 'number', bin: number): number {
  return kind === 'seconds' ? DURATION_BOUNDS[Math.min(bin, DURATION_BOUNDS.length - 1)]! : bin;
}

/**
 * The bins at `shares` (0.5 for the median, 0.9 for p90) of a histogram, nearest rank: for each, the
 * smallest bin with at least that share of the counts at or below it. Nulls when the histogram is empty.
 */
export function histogramPercentileBins(histogram: ReadonlyMap<number, number>, shares: readonly number[]): (number | null)[] {
  let total = 0;
  for (const count of histogram.values()) total += count;
  if (total <= 0) return shares.map(() => null);
  const bins = [...histogram.keys()].sort((a, b) => a - b);
  const ranks = shares.map((share) => Math.max(1, Math.ceil(share * total)));
  const found: (number | null)[] = shares.map(() => null);
  let seen = 0;
  let next = 0;
  const order = ranks.map((_, i) => i).sort((a, b) => ranks[a]! - ranks[b]!);
  for (const bin of bins) {
    seen += histogram.get(bin)!;
    while (next < order.length && seen >= ranks[order[next]!]!) found[order[next++]!] = bin;
    if (next === order.length) break;
  }
  return found;
}

/** The values at `shares` of a histogram (histogramPercentileBins, each bin read as its value). */
export function histogramPercentiles(histogram: ReadonlyMap<number, number>, shares: readonly number[], kind: 'seconds' | 'number'): (number | null)[] {
  return histogramPercentileBins(histogram, shares).map((bin) => (bin === null ? null : binValue(kind, bin)));
}
