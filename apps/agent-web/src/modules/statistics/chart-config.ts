import type { StatisticsMetric } from '@parley/domain';
import type { ChartConfiguration, ChartDataset } from 'chart.js';
import { type FigureKind, formatFigure } from './statistics-format';

// A type-only import of Chart.js: this file builds the chart's description and stays out of its chunk.

export interface PlottedSeries {
  readonly metric: StatisticsMetric;
  readonly name: string;
  readonly kind: FigureKind;
  readonly values: readonly (number | null)[];
  /** The period's own figure (a median over the whole period is no sum of the units'). */
  readonly total: number | null;
}

/** Distinct in hue and readable on the light and the dark surface alike (each at least 3:1 on both). */
const PALETTE = ['#3b82f6', '#f97316', '#16a34a', '#db2777', '#8b5cf6', '#0891b2', '#ca8a04', '#dc2626'];

/**
 * Counts of what happened in a unit are bars; levels (the backlog) and medians are lines. Each kind of figure
 * has its own axis, durations' ticks written as durations, so tickets and minutes never share a scale.
 */
export function chartConfig(labels: readonly string[], series: readonly PlottedSeries[], locale: string, options: { reducedMotion: boolean; textColor: string; gridColor: string }): ChartConfiguration<'bar' | 'line'> {
  const datasets = series.map((s, i): ChartDataset<'bar' | 'line', (number | null)[]> => {
    const color = PALETTE[i % PALETTE.length]!;
    const asLine = s.kind !== 'count' || s.metric === 'backlog';
    return {
      type: asLine ? 'line' : 'bar',
      label: s.name,
      data: [...s.values],
      yAxisID: s.kind,
      backgroundColor: color,
      borderColor: color,
      borderWidth: asLine ? 2 : 0,
      spanGaps: true,
      pointRadius: labels.length > 60 ? 0 : 3,
      order: asLine ? 0 : 1,
    };
  });
  const kinds = new Set(series.map((s) => s.kind));
  const tick = (kind: FigureKind) => (value: number | string) => formatFigure(Number(value), kind, locale);
  const axis = (kind: FigureKind, position: 'left' | 'right', first: boolean) => ({
    type: 'linear' as const,
    display: kinds.has(kind),
    position,
    beginAtZero: true,
    grid: { display: first, color: options.gridColor },
    ticks: { color: options.textColor, precision: kind === 'count' ? 0 : undefined, callback: tick(kind) },
  });
  const countFirst = kinds.has('count');
  return {
    type: 'bar',
    data: { labels: [...labels], datasets },
    options: {
      locale,
      responsive: true,
      maintainAspectRatio: false,
      animation: options.reducedMotion ? false : undefined,
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: { ticks: { color: options.textColor, autoSkip: true, maxRotation: 0 }, grid: { display: false } },
        count: axis('count', 'left', true),
        seconds: axis('seconds', countFirst ? 'right' : 'left', !countFirst),
        number: axis('number', 'right', !countFirst && !kinds.has('seconds')),
        share: { ...axis('share', 'right', !countFirst && !kinds.has('seconds') && !kinds.has('number')), max: 1 },
      },
      plugins: {
        legend: { labels: { color: options.textColor } },
        tooltip: {
          callbacks: {
            label: (item) => `${item.dataset.label ?? ''}: ${formatFigure(item.raw as number | null, series[item.datasetIndex]!.kind, locale)}`,
          },
        },
      },
    },
  } as ChartConfiguration<'bar' | 'line'>;
}
