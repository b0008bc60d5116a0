import type { AgentOnlyMetric, StatisticsFigureKind, StatisticsMetric, StatisticsUnit } from '@parley/domain';
import type { StatisticsUnitDto } from '@parley/protocol';
import { formatDuration } from '../../composables/use-duration';

export type FigureKind = StatisticsFigureKind;

/** The message key of a metric's name: `created.chat` → `statistics.metrics.created/chat` (a dot would nest). */
export function metricKey(metric: StatisticsMetric | AgentOnlyMetric): string {
  return `statistics.metrics.${metric.replace('.', '/')}`;
}

/** A figure as the agent reads it: counts and numbers through Intl.NumberFormat, seconds as a duration. */
export function formatFigure(value: number | null, kind: FigureKind, locale: string): string {
  if (value === null) return '—';
  if (kind === 'seconds') return formatDuration(value, locale);
  if (kind === 'share') return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value);
  return new Intl.NumberFormat(locale, { maximumFractionDigits: kind === 'number' ? 1 : 0 }).format(value);
}

/**
 * Which way is good. Durations (but a chat's length), the backlog, reopenings, missed chats, breached targets
 * replies per ticket and bad ratings are better lower; resolved tickets, answered chats, met targets, good
 * ratings and the share of them higher; more
 * tickets or chats, or more replies, are neither (they are the demand, not the service).
 */
function betterWhen(metric: StatisticsMetric, kind: FigureKind): 'lower' | 'higher' | null {
  if (metric === 'chat_duration.median' || metric === 'chat_duration.p90') return null;
  if (kind === 'seconds' || metric === 'backlog' || metric === 'reopened' || metric === 'chats_missed' || metric.startsWith('sla_breached.') || metric.startsWith('replies_per_ticket.')) return 'lower';
  if (metric === 'resolved' || metric === 'chats_answered' || metric.startsWith('sla_met.') || metric === 'satisfaction' || metric === 'ratings_good') return 'higher';
  if (metric === 'ratings_bad') return 'lower';
  return null;
}

export interface Comparison {
  readonly direction: 'up' | 'down' | 'same';
  /** The change as a share of the previous figure; null when that was zero (no percentage of nothing). */
  readonly change: number | null;
  readonly verdict: 'better' | 'worse' | 'neutral';
}

/** The period's figure against the previous period's; null when either has nothing to compare. */
export function compare(metric: StatisticsMetric, kind: FigureKind, total: number | null, previous: number | null): Comparison | null {
  if (total === null || previous === null) return null;
  const direction = total > previous ? 'up' : total < previous ? 'down' : 'same';
  const wanted = betterWhen(metric, kind);
  const verdict = direction === 'same' || wanted === null ? 'neutral' : (direction === 'down') === (wanted === 'lower') ? 'better' : 'worse';
  return { direction, change: previous === 0 ? null : (total - previous) / previous, verdict };
}

/** A change's size as a percentage; the words around it say which way. */
export function formatChange(change: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(Math.abs(change));
}

/**
 * Each unit's name in the agent's language and the period's time zone: hours as times (with the date when
 * the period has several days), days as weekday and date, weeks as "week of <Monday>", months as month and year. The
 * repeated autumn hour would read twice the same, so those two carry their zone's abbreviation.
 */
export function unitLabels(units: readonly StatisticsUnitDto[], unit: StatisticsUnit, timeZone: string, locale: string, weekOf: (date: string) => string): string[] {
  if (unit === 'hour') {
    const severalDays = new Set(units.map((u) => u.label.slice(0, 10))).size > 1;
    const style: Intl.DateTimeFormatOptions = severalDays ? { timeZone, dateStyle: 'short', timeStyle: 'short' } : { timeZone, timeStyle: 'short' };
    const plain = units.map((u) => new Intl.DateTimeFormat(locale, style).format(new Date(u.start)));
    const zoned = new Intl.DateTimeFormat(locale, { timeZone, hour: 'numeric', minute: '2-digit', timeZoneName: 'short', ...(severalDays ? { day: 'numeric', month: 'numeric' } : {}) });
    return plain.map((text, i) => (plain.indexOf(text) !== plain.lastIndexOf(text) ? zoned.format(new Date(units[i]!.start)) : text));
  }
  // Day, week and month labels are calendar dates: formatted as such, they cannot slip across a midnight.
  const calendar = (label: string, options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(new Date(`${label}T00:00:00Z`));
  // The period's heading has the year: a day repeats it only when the period spans two years.
  const year = new Set(units.map((u) => u.label.slice(0, 4))).size > 1 ? ({ year: 'numeric' } as const) : {};
  if (unit === 'day') return units.map((u) => calendar(u.label, { weekday: 'short', day: 'numeric', month: 'short', ...year }));
  if (unit === 'week') return units.map((u) => weekOf(calendar(u.label, { day: 'numeric', month: 'short', ...year })));
  return units.map((u) => calendar(u.label, { month: 'long', year: 'numeric' }));
}

/** A calendar day as the date inputs' neighbours show it: "30 Nov 2026". */
export function formatDay(day: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}
