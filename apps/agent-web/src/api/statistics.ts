import type { AgentStatisticsDto, Api, QueryOf, ResponseOf, StatisticsReportDto } from '@parley/protocol';
import { http, queryString } from './http';

/** A report's period, unit and filters as the API takes them (`until` is the day after the last one shown). */
export type StatisticsRequest = QueryOf<Api['statistics']>;
export type StatisticsTable = QueryOf<Api['exportStatistics']>['table'];

export function fetchStatistics(query: StatisticsRequest): Promise<StatisticsReportDto> {
  return http.request<StatisticsReportDto>('GET', `/statistics${queryString(query)}`);
}

export function fetchAgentStatistics(query: StatisticsRequest): Promise<AgentStatisticsDto> {
  return http.request<AgentStatisticsDto>('GET', `/statistics/agents${queryString(query)}`);
}

/**
 * The CSV export is a plain download the browser makes with the session cookie (a GET needs no CSRF token),
 * as the audit log's is: its address, with the report's query, the table and the headings' language.
 */
export function statisticsExportUrl(query: StatisticsRequest, table: StatisticsTable, locale: string): string {
  return `/api/v1/statistics/export${queryString({ ...query, table, locale })}`;
}

export type RatingCommentsPage = ResponseOf<Api['ratingComments']>;

/** The comments customers left with their ratings in the report's period and filters, newest first. */
export function fetchRatingComments(query: StatisticsRequest, cursor?: string): Promise<RatingCommentsPage> {
  const { unit: _unit, ...period } = query;
  return http.request<RatingCommentsPage>('GET', `/statistics/ratings${queryString({ ...period, ...(cursor ? { cursor } : {}) })}`);
}
