import { api } from '@parley/protocol';
import type { Router } from 'express';
import type { AppContext } from '../../app-context.js';
import { notFound } from '../../http/http-error.js';
import { mount } from '../../http/route.js';
import { SenderBlock } from './sender-block.entity.js';
import { moveTicketToFolder } from './ticket-folder.service.js';
import { emptyTrash } from './trash-purge.js';

export function registerSpamRoutes(router: Router, app: AppContext): void {
  mount(router, app, api.moveToTrash, ({ scope, params }) => moveTicketToFolder(scope, params.id, 'trash'));
  mount(router, app, api.restoreTicket, ({ scope, params }) => moveTicketToFolder(scope, params.id, 'inbox'));
  mount(router, app, api.markSpam, ({ scope, params, body }) => moveTicketToFolder(scope, params.id, 'spam', body.block === 'none' ? null : body.block));
  mount(router, app, api.emptyTrash, async () => ({ purged: await emptyTrash(app) }));
  mount(router, app, api.listSenderBlocks, async ({ scope }) => {
    const blocks = await scope.em.find(SenderBlock, {}, { orderBy: { id: 'desc' } });
    return {
      items: blocks.map((b) => ({ id: b.id, kind: b.kind, value: b.value, createdByAgentId: b.createdByAgentId ?? null, createdAt: b.createdAt.toISOString() })),
    };
  });
  mount(router, app, api.deleteSenderBlock, async ({ scope, params }) => {
    const removed = await scope.em.nativeDelete(SenderBlock, { id: params.id });
    if (removed === 0) throw notFound(`Sender block ${params.id}`);
    return { ok: true as const };
  });
}
