import { AGENT_STATISTICS_METRICS, PRIORITIES, STATISTICS_FIGURE_KINDS, STATISTICS_METRICS, STATISTICS_UNITS, TAG_MAX_LENGTH } from '@parley/domain';
import { z } from 'zod';
import { IdParam, IsoDateTime } from '../common.js';
import { Channel } from './ticket.js';

const CalendarDate = z.iso.date().describe('A calendar date in the viewer\'s time zone, YYYY-MM-DD.');

/** An IANA time zone this runtime knows (`Europe/Riga`, `Asia/Kolkata`, `UTC`); fixed offsets are refused. */
export const IanaTimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => {
    if (!/^[A-Za-z]/.test(zone)) return false;
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'an IANA time zone such as Europe/Riga');

export const StatisticsMetric = z.enum(STATISTICS_METRICS);
export const AgentStatisticsMetric = z.enum(AGENT_STATISTICS_METRICS);

/** A report's period, unit and filters; every figure is attributed where it happened (a transfer moves a ticket's future, not its past). */
export const StatisticsQuery = z.strictObject({
  from: CalendarDate,
  until: CalendarDate.describe('The day after the last one shown (exclusive).'),
  unit: z.enum(STATISTICS_UNITS).default('day'),
  timeZone: IanaTimeZone.describe('Units begin at midnights (and hours) of this zone, whatever its offset that day.'),
  departmentId: IdParam.optional(),
  agentId: IdParam.optional(),
  channel: Channel.optional(),
  priority: z.enum(PRIORITIES).optional(),
  tag: z.string().trim().min(1).max(TAG_MAX_LENGTH).optional(),
});
export type StatisticsQuery = z.output<typeof StatisticsQuery>;

/** The comments customers left with their ratings over a period, with a report's filters (department and agent as rated). */
export const RatingCommentsQuery = StatisticsQuery.extend({
  rating: z.enum(['good', 'bad']).optional(),
  cursor: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type RatingCommentsQuery = z.output<typeof RatingCommentsQuery>;

export const StatisticsExportQuery = StatisticsQuery.extend({
  table: z.enum(['overview', 'agents']).default('overview').describe('`overview`: one row per unit; `agents`: one row per agent.'),
  locale: z.string().max(20).optional().describe('Column headings in this language (en, bg, el, lv, ru, uk); English by default.'),
});
export type StatisticsExportQuery = z.output<typeof StatisticsExportQuery>;

const PeriodDto = z.object({ from: z.string(), until: z.string(), unit: z.enum(STATISTICS_UNITS), timeZone: z.string() });

export const StatisticsUnitDto = z.object({
  label: z.string().describe('`2027-03-28` for a day, week (its Monday) or month (its 1st); `2027-03-28T03:00` for an hour.'),
  start: IsoDateTime,
  end: IsoDateTime,
});
export type StatisticsUnitDto = z.infer<typeof StatisticsUnitDto>;

export const StatisticsSeriesDto = z.object({
  metric: StatisticsMetric,
  kind: z.enum(STATISTICS_FIGURE_KINDS).describe('`seconds`: a duration; medians and p90 are exact to the second under a minute, the minute under an hour, five minutes under a day. `share`: between 0 and 1 (satisfaction: the good ratings among all).'),
  values: z.array(z.number().nullable()).describe('One per unit; null where there was nothing to take a median of.'),
  total: z.number().nullable().describe('The whole period: counts summed, the backlog at its end, medians over all of it.'),
  previousTotal: z.number().nullable().describe('The same for the previous period of as many days.'),
});
export type StatisticsSeriesDto = z.infer<typeof StatisticsSeriesDto>;

export const StatisticsReportDto = z.object({
  period: PeriodDto,
  previousPeriod: PeriodDto,
  units: z.array(StatisticsUnitDto),
  series: z.array(StatisticsSeriesDto),
  businessHours: z.boolean().describe('Whether any business calendar is set up (or the period has times measured by one): without one the `*_bh.*` series (first response and resolution in business hours) are empty.'),
  serviceLevels: z.boolean().describe('Whether any service-level policy is set up: without one the `sla_met.*` and `sla_breached.*` series have nothing to count.'),
});
export type StatisticsReportDto = z.infer<typeof StatisticsReportDto>;

export const AgentStatisticsRowDto = z.object({
  agentId: z.number().int(),
  name: z.string(),
  values: z.record(AgentStatisticsMetric, z.number().nullable()),
});
export type AgentStatisticsRowDto = z.infer<typeof AgentStatisticsRowDto>;

export const AgentStatisticsDto = z.object({
  period: PeriodDto,
  metrics: z.array(AgentStatisticsMetric),
  kinds: z.record(AgentStatisticsMetric, z.enum(STATISTICS_FIGURE_KINDS)),
  rows: z.array(AgentStatisticsRowDto),
});
export type AgentStatisticsDto = z.infer<typeof AgentStatisticsDto>;
