import { csvRow, type StatisticsFigureKind, type StatisticsMetric, statisticsCsvHeadings } from '@parley/domain';
import type { AgentStatisticsDto, StatisticsReportDto } from '@parley/protocol';

/** Spreadsheet programs read a CSV as UTF-8 (Cyrillic, Greek) only when it starts with the byte-order mark. */
const BYTE_ORDER_MARK = '\uFEFF';

/** A figure as a spreadsheet reads it: a share as a percentage (one decimal), the rest as it is (durations in seconds). */
function cell(value: number | null | undefined, kind: StatisticsFigureKind): number | null {
  if (value === null || value === undefined) return null;
  return kind === 'share' ? Math.round(value * 1000) / 10 : value;
}

/** The report's table as CSV lines: one row per unit, then the period's total and the previous period's. */
export function* reportCsv(report: StatisticsReportDto, locale: string | undefined): Generator<string> {
  const headings = statisticsCsvHeadings(locale);
  yield BYTE_ORDER_MARK + csvRow([headings.unit, ...report.series.map((series) => headings.metrics[series.metric])]);
  for (const [index, unit] of report.units.entries()) yield csvRow([unit.label, ...report.series.map((series) => cell(series.values[index], series.kind))]);
  yield csvRow([headings.total, ...report.series.map((series) => cell(series.total, series.kind))]);
  yield csvRow([`${headings.previous} ${report.previousPeriod.from}…${report.previousPeriod.until}`, ...report.series.map((series) => cell(series.previousTotal, series.kind))]);
}

/** The agents' table as CSV lines. */
export function* agentsCsv(table: AgentStatisticsDto, locale: string | undefined): Generator<string> {
  const headings = statisticsCsvHeadings(locale);
  yield BYTE_ORDER_MARK + csvRow([headings.agent, ...table.metrics.map((metric) => headings.metrics[metric as StatisticsMetric])]);
  for (const row of table.rows) yield csvRow([row.name, ...table.metrics.map((metric) => cell(row.values[metric], table.kinds[metric]))]);
}
