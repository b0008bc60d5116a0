import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { api } from '@parley/protocol';
import type { Router } from 'express';
import type { AppContext } from '../../app-context.js';
import { mount, SENT } from '../../http/route.js';
import { ratingComments } from './rating-comments.js';
import { agentsCsv, reportCsv } from './statistics-csv.js';
import { agentStatistics, assertMayRead, statisticsReport, statisticsRequest } from './statistics.service.js';

export function registerStatisticsRoutes(router: Router, app: AppContext): void {
  mount(router, app, api.statistics, ({ scope, query }) => {
    const request = statisticsRequest(query);
    assertMayRead(scope.agent, request.filters);
    return statisticsReport(app, scope.em, request);
  });
  mount(router, app, api.agentStatistics, ({ scope, query }) => {
    const request = statisticsRequest(query);
    assertMayRead(scope.agent, request.filters);
    return agentStatistics(app, scope.em, request);
  });
  mount(router, app, api.ratingComments, ({ scope, query }) => {
    const { rating, cursor, limit, ...rest } = query;
    const request = statisticsRequest(rest);
    assertMayRead(scope.agent, request.filters);
    return ratingComments(scope.em, request, { rating, cursor, limit });
  });
  mount(router, app, api.exportStatistics, async ({ scope, query, res }) => {
    const { table, locale, ...rest } = query;
    const request = statisticsRequest(rest);
    assertMayRead(scope.agent, request.filters);
    const lines = table === 'agents' ? agentsCsv(await agentStatistics(app, scope.em, request), locale) : reportCsv(await statisticsReport(app, scope.em, request), locale);
    res.set({
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="parley-statistics-${table}-${request.period.from}-${request.period.until}.csv"`,
      'Cache-Control': 'no-store',
    });
    await pipeline(Readable.from(lines), res);
    return SENT;
  });
}
