import { CHANNELS, type Channel } from '../ticket/ticket.js';
import { SLA_TARGETS } from '../sla/sla-policy.js';
import { CHAT_FACTS, FACT_VALUE_KINDS, PRESENCE_FACTS, SATISFACTION_FACTS, SLA_FACTS, type StatisticsFactKind } from './facts.js';
import { binValue, histogramPercentiles } from './rollup.js';

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
  'first_response_bh.median',
  'first_response_bh.p90',
  'resolution_bh.median',
  'resolution_bh.p90',
  'replies_per_ticket.median',
  'replies_per_ticket.p90',
  'chats_started',
  'chats_answered',
  'chats_missed',
  'chats_transferred',
  'chats_accepted',
  'offline_forms',
  'chat_wait.median',
  'chat_wait.p90',
  'chat_duration.median',
  'chat_duration.p90',
  'sla_met.first_response',
  'sla_breached.first_response',
  'sla_met.next_response',
  'sla_breached.next_response',
  'sla_met.resolution',
  'sla_breached.resolution',
  'sla_met.chat_answer',
  'sla_breached.chat_answer',
  'satisfaction',
  'ratings',
  'ratings_good',
  'ratings_bad',
  'rating_comments',
] as const;
export type StatisticsMetric = (typeof STATISTICS_METRICS)[number];

/** Figures only the agents' table shows: an agent's own time online and away (seconds, summed over the period). */
export const AGENT_ONLY_METRICS = ['online_time', 'away_time'] as const;
export type AgentOnlyMetric = (typeof AGENT_ONLY_METRICS)[number];

/** The figures of the agents' table, one row per agent. */
export const AGENT_STATISTICS_METRICS = ['resolved', 'replies', 'chats_accepted', 'first_response.median', 'resolution.median', 'satisfaction', 'ratings', 'online_time', 'away_time'] as const satisfies readonly (
  | StatisticsMetric
  | AgentOnlyMetric
)[];
export type AgentStatisticsMetric = (typeof AGENT_STATISTICS_METRICS)[number];

/** The ticket facts behind the agents' table's figures (its presence is read apart): nothing else is read per agent. */
export const AGENT_TICKET_FACTS = ['resolved', 'reply', 'chat_accepted', 'first_response', 'resolution', 'rated_good', 'rated_bad'] as const satisfies readonly StatisticsFactKind[];

const SECONDS_METRICS = ['first_response.', 'resolution.', 'first_response_bh.', 'resolution_bh.', 'chat_wait.', 'chat_duration.', 'online_time', 'away_time'];

/** How a figure is read: a count, a duration in seconds, a plain number, or a share between 0 and 1. */
export const STATISTICS_FIGURE_KINDS = ['count', 'seconds', 'number', 'share'] as const;
export type StatisticsFigureKind = (typeof STATISTICS_FIGURE_KINDS)[number];

/** What a figure is: a count (summed over units), seconds, a number or a share (read as they are, never summed; time online and away is summed). */
export function statisticsMetricKind(metric: StatisticsMetric | AgentOnlyMetric): StatisticsFigureKind {
  if (metric === 'satisfaction') return 'share';
  if (SECONDS_METRICS.some((prefix) => metric.startsWith(prefix))) return 'seconds';
  if (metric.startsWith('replies_per_ticket.')) return 'number';
  return 'count';
}

/** The facts whose values are kept in histograms: durations and replies per ticket. */
export const HISTOGRAM_FACTS = ['first_response', 'resolution', 'first_response_bh', 'resolution_bh', 'replies_per_ticket', 'chat_wait', 'chat_duration'] as const satisfies readonly StatisticsFactKind[];
export type HistogramFact = (typeof HISTOGRAM_FACTS)[number];

const HISTOGRAMS: ReadonlySet<StatisticsFactKind> = new Set(HISTOGRAM_FACTS);

/** The facts a report reads (an agent's presence only the agents' table does). */
export const REPORT_FACTS: readonly StatisticsFactKind[] = [
  'created', 'resolved', 'reopened', 'backlog', 'reply', 'first_response', 'resolution', 'first_response_bh', 'resolution_bh', 'replies_per_ticket',
  ...CHAT_FACTS, ...SLA_FACTS, ...SATISFACTION_FACTS,
];

/** The facts that are only counted. */
export const COUNT_FACTS: readonly StatisticsFactKind[] = REPORT_FACTS.filter((kind) => !HISTOGRAMS.has(kind));

/** What the agents' table reads: the report's facts and the agents' presence. */
export const AGENT_REPORT_FACTS: readonly StatisticsFactKind[] = [...REPORT_FACTS, ...PRESENCE_FACTS];

/** The counted facts behind the counted metrics (besides created, by channel, and the backlog). */
const COUNTED_METRICS: readonly (readonly [StatisticsMetric | AgentOnlyMetric, StatisticsFactKind])[] = [
  ['created', 'created'],
  ['resolved', 'resolved'],
  ['reopened', 'reopened'],
  ['replies', 'reply'],
  ['chats_started', 'chat_started'],
  ['chats_answered', 'chat_answered'],
  ['chats_missed', 'chat_missed'],
  ['chats_transferred', 'chat_transferred'],
  ['chats_accepted', 'chat_accepted'],
  ['offline_forms', 'offline_form'],
  ...SLA_TARGETS.flatMap((target) => [[`sla_met.${target}`, `sla_met:${target}`] as const, [`sla_breached.${target}`, `sla_miss:${target}`] as const]),
  ['online_time', 'online_time'],
  ['away_time', 'away_time'],
  ['ratings_good', 'rated_good'],
  ['ratings_bad', 'rated_bad'],
  ['rating_comments', 'rating_comment'],
];

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

/** The shares a report takes of each histogram: the median and p90. */
export const REPORT_SHARES = [0.5, 0.9] as const;

/** A histogram's figures for one unit, taken ahead (a day's, kept by the fold): its count and percentile bins. */
export interface UnitPercentiles {
  readonly bucket: number;
  readonly kind: HistogramFact;
  readonly count: number;
  /** The bins at REPORT_SHARES, in order; null when empty. */
  readonly bins: readonly (number | null)[];
}

export interface StatisticsFigures {
  /** One value per unit, null where a median has nothing to be taken of. */
  readonly values: Record<StatisticsMetric | AgentOnlyMetric, (number | null)[]>;
  /** The period's figure: counts summed, the backlog at its end, medians over the whole period. */
  readonly totals: Record<StatisticsMetric | AgentOnlyMetric, number | null>;
}

export interface FigureSources {
  readonly units: number;
  /** Summed rollup rows by unit; histogram facts may be left out when `percentiles` gives them. */
  readonly sums: readonly RollupSum[];
  /** Per-unit percentiles taken ahead, instead of histograms in `sums`. */
  readonly percentiles?: readonly UnitPercentiles[];
  /** The whole period's histograms (bucket 0), for its medians; `sums` serve when not given. */
  readonly whole?: readonly RollupSum[];
  /** Tickets created, by unit and channel. */
  readonly byChannel: readonly RollupSum[];
  /** The backlog as it stood when the period began. */
  readonly backlogBefore: number;
}

/** A report's figures from its summed rollup rows. */
export function statisticsFigures(sources: FigureSources): StatisticsFigures {
  const { units } = sources;
  const perUnit = new Map<StatisticsFactKind, UnitSums[]>();
  const whole = new Map<StatisticsFactKind, UnitSums>();
  for (const kind of AGENT_REPORT_FACTS) {
    perUnit.set(
      kind,
      Array.from({ length: units }, () => new UnitSums()),
    );
    whole.set(kind, new UnitSums());
  }
  for (const sum of sources.sums) perUnit.get(sum.kind)?.[sum.bucket]?.add(sum.bin, sum.count);
  for (const sum of sources.whole ?? sources.sums) whole.get(sum.kind)?.add(sum.bin, sum.count);
  const values = {} as Record<StatisticsMetric | AgentOnlyMetric, (number | null)[]>;
  const totals = {} as Record<StatisticsMetric | AgentOnlyMetric, number | null>;
  const counts = (kind: StatisticsFactKind) => perUnit.get(kind)!.map((unit) => unit.count);
  const put = (metric: StatisticsMetric | AgentOnlyMetric, series: (number | null)[], total: number | null) => {
    values[metric] = series;
    totals[metric] = total;
  };
  const summed = (series: number[]) => series.reduce((a, b) => a + b, 0);
  for (const [metric, kind] of COUNTED_METRICS) {
    const series = counts(kind);
    put(metric, series, summed(series));
  }
  for (const channel of CHANNELS) {
    const series = new Array<number>(units).fill(0);
    for (const sum of sources.byChannel) if (sum.kind === 'created' && sum.channel === channel && sum.bucket < units) series[sum.bucket]! += sum.count;
    put(`created.${channel as Channel}`, series, summed(series));
  }
  // Ratings: all of them, and the share of good ones (none when nobody rated).
  const good = values.ratings_good as number[];
  const bad = values.ratings_bad as number[];
  const ratings = good.map((g, i) => g + bad[i]!);
  put('ratings', ratings, summed(ratings));
  const share = (g: number, all: number) => (all === 0 ? null : g / all);
  put('satisfaction', good.map((g, i) => share(g, ratings[i]!)), share(totals.ratings_good as number, totals.ratings as number));
  let open = sources.backlogBefore;
  const backlog = counts('backlog').map((change) => (open += change));
  put('backlog', backlog, units > 0 ? backlog[units - 1]! : sources.backlogBefore);
  for (const kind of HISTOGRAM_FACTS) {
    const valueKind = FACT_VALUE_KINDS[kind] as 'seconds' | 'number';
    let perUnitValues: (number | null)[][];
    if (sources.percentiles) {
      perUnitValues = Array.from({ length: units }, () => REPORT_SHARES.map(() => null));
      for (const taken of sources.percentiles) {
        if (taken.kind === kind && taken.bucket < units) perUnitValues[taken.bucket] = taken.bins.map((bin) => (bin === null ? null : binValue(valueKind, bin)));
      }
    } else perUnitValues = perUnit.get(kind)!.map((unit) => histogramPercentiles(unit.histogram, REPORT_SHARES, valueKind));
    const [median, p90] = histogramPercentiles(whole.get(kind)!.histogram, REPORT_SHARES, valueKind);
    put(`${kind}.median`, perUnitValues.map((pair) => pair[0] ?? null), median ?? null);
    put(`${kind}.p90`, perUnitValues.map((pair) => pair[1] ?? null), p90 ?? null);
  }
  return { values, totals };
}
