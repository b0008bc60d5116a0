import { CHANNELS, type Channel } from '../ticket/ticket.js';
import { FACT_VALUE_KINDS, type StatisticsFactKind } from './facts.js';
import { histogramPercentile } from './rollup.js';

/** The figures a report shows, in the order its table shows them. */
export const STATISTICS_METRICS = [
  'created',
  ...CHANNELS.map((channel) => `created.${channel}` as const),
  'resolved',
  'reopened',
  'backlog',
  'replies',
  'first_response.median',
  'first_response.p90',
  'resolution.median',
  'resolution.p90',
  'replies_per_ticket.median',
  'replies_per_ticket.p90',
] as const;
export type StatisticsMetric = (typeof STATISTICS_METRICS)[number];

/** The figures of the agents' table, one row per agent. */
export const AGENT_STATISTICS_METRICS = ['resolved', 'replies', 'first_response.median', 'resolution.median'] as const satisfies readonly StatisticsMetric[];
export type AgentStatisticsMetric = (typeof AGENT_STATISTICS_METRICS)[number];

/** What a figure is: a count (summed over units), seconds or a number (read as they are, never summed). */
export function statisticsMetricKind(metric: StatisticsMetric): 'count' | 'seconds' | 'number' {
  if (metric.startsWith('first_response.') || metric.startsWith('resolution.')) return 'seconds';
  if (metric.startsWith('replies_per_ticket.')) return 'number';
  return 'count';
}

/** The facts a report reads. */
export const REPORT_FACTS: readonly StatisticsFactKind[] = ['created', 'resolved', 'reopened', 'backlog', 'reply', 'first_response', 'resolution', 'replies_per_ticket'];

/** One summed rollup row of a report's query: a unit (or the whole period), a fact, a bin. */
export interface RollupSum {
  readonly bucket: number;
  readonly kind: StatisticsFactKind;
  readonly bin: number;
  readonly count: number;
  /** Set when the query was split by channel. */
  readonly channel?: string;
}

/** A fact's sums for one unit: its count, and its histogram when it keeps values. */
class UnitSums {
  count = 0;
  readonly histogram = new Map<number, number>();

  add(bin: number, count: number): void {
    this.count += count;
    this.histogram.set(bin, (this.histogram.get(bin) ?? 0) + count);
  }
}

export interface StatisticsFigures {
  /** One value per unit, null where a median has nothing to be taken of. */
  readonly values: Record<StatisticsMetric, (number | null)[]>;
  /** The period's figure: counts summed, the backlog at its end, medians over every unit's values. */
  readonly totals: Record<StatisticsMetric, number | null>;
}

/**
 * A report's figures from its summed rollup rows: `sums` by unit (and by channel for `byChannel`), and the
 * backlog as it stood when the period began.
 */
export function statisticsFigures(units: number, sums: readonly RollupSum[], byChannel: readonly RollupSum[], backlogBefore: number): StatisticsFigures {
  const perUnit = new Map<StatisticsFactKind, UnitSums[]>();
  const whole = new Map<StatisticsFactKind, UnitSums>();
  for (const kind of REPORT_FACTS) {
    perUnit.set(
      kind,
      Array.from({ length: units }, () => new UnitSums()),
    );
    whole.set(kind, new UnitSums());
  }
  for (const sum of sums) {
    perUnit.get(sum.kind)?.[sum.bucket]?.add(sum.bin, sum.count);
    whole.get(sum.kind)?.add(sum.bin, sum.count);
  }
  const values = {} as Record<StatisticsMetric, (number | null)[]>;
  const totals = {} as Record<StatisticsMetric, number | null>;
  const counts = (kind: StatisticsFactKind) => perUnit.get(kind)!.map((unit) => unit.count);
  const put = (metric: StatisticsMetric, series: (number | null)[], total: number | null) => {
    values[metric] = series;
    totals[metric] = total;
  };
  const summed = (series: number[]) => series.reduce((a, b) => a + b, 0);
  for (const [metric, kind] of [
    ['created', 'created'],
    ['resolved', 'resolved'],
    ['reopened', 'reopened'],
    ['replies', 'reply'],
  ] as const) {
    const series = counts(kind);
    put(metric, series, summed(series));
  }
  for (const channel of CHANNELS) {
    const series = new Array<number>(units).fill(0);
    for (const sum of byChannel) if (sum.kind === 'created' && sum.channel === channel && sum.bucket < units) series[sum.bucket]! += sum.count;
    put(`created.${channel as Channel}`, series, summed(series));
  }
  let open = backlogBefore;
  const backlog = counts('backlog').map((change) => (open += change));
  put('backlog', backlog, units > 0 ? backlog[units - 1]! : backlogBefore);
  for (const kind of ['first_response', 'resolution', 'replies_per_ticket'] as const) {
    const valueKind = FACT_VALUE_KINDS[kind] as 'seconds' | 'number';
    for (const [suffix, share] of [
      ['median', 0.5],
      ['p90', 0.9],
    ] as const) {
      put(
        `${kind}.${suffix}`,
        perUnit.get(kind)!.map((unit) => histogramPercentile(unit.histogram, share, valueKind)),
        histogramPercentile(whole.get(kind)!.histogram, share, valueKind),
      );
    }
  }
  return { values, totals };
}
