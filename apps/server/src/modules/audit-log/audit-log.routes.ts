import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { api } from '@parley/protocol';
import type { Router } from 'express';
import type { AppContext } from '../../app-context.js';
import { mount, SENT } from '../../http/route.js';
import { auditLogCsv, listAuditLog } from './audit-log.service.js';

export function registerAuditLogRoutes(router: Router, app: AppContext): void {
  mount(router, app, api.listAuditLog, ({ scope, query }) => listAuditLog(scope, query));
  mount(router, app, api.exportAuditLog, async ({ scope, query, res }) => {
    const { format: _format, ...filter } = query;
    const day = app.clock.now().toISOString().slice(0, 10);
    res.set({
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="parley-audit-log-${day}.csv"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    await pipeline(Readable.from(auditLogCsv(scope.em, filter)), res);
    return SENT;
  });
}
