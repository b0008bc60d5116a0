import { LockMode } from '@mikro-orm/core';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import { isPostponeDue, wake } from '@parley/domain';
import type { AppContext } from '../app-context.js';
import { forkScope } from '../app-context.js';
import type { Em } from '../db/orm.js';
import { rowsInPages } from '../db/rows-in-pages.js';
import { Ticket } from '../modules/tickets/ticket.entity.js';
import { toTicketState } from '../modules/tickets/ticket.presenter.js';
import { runTicketChange } from '../modules/tickets/ticket.service.js';

/**
 * Wakes postponed tickets whose time has come: they become Open and wait for an agent again. Safe with
 * several instances running it: each ticket is re-checked under its lock, so it wakes exactly once.
 */
export async function wakePostponedTickets(app: AppContext, batchSize = 100): Promise<number> {
  const scope = forkScope(app, null);
  const now = app.clock.now();
  // Page by page past tickets that could not be woken (below), which stay due at the front of the order.
  const due = rowsInPages(
    batchSize,
    (after: { at: Date; id: number } | null, limit) => {
      const past = after ? { $or: [{ postponedUntil: { $gt: after.at } }, { postponedUntil: after.at, id: { $gt: after.id } }] } : {};
      return scope.em.find(Ticket, { status: 'postponed', postponedUntil: { $lte: now }, ...past }, { fields: ['id', 'postponedUntil'], limit, orderBy: { postponedUntil: 'asc', id: 'asc' } });
    },
    (ticket) => ({ at: ticket.postponedUntil!, id: ticket.id }),
  );
  let woken = 0;
  for await (const { id } of due) {
    try {
      if (await wakeOne(scope, id)) woken++;
    } catch (error) {
      // One ticket whose change fails (a rule's action, a constraint) must not keep every later one asleep:
      // it is logged and stays due, so the next sweep tries it again.
      app.logger.error({ err: error, ticketId: id, job: 'wake-postponed' }, 'waking a postponed ticket failed');
    }
  }
  return woken;
}

async function wakeOne(scope: ReturnType<typeof forkScope>, id: number): Promise<boolean> {
  const { result } = await runTicketChange(
    scope,
    async (tx: Em) => {
      const lock = tx.getPlatform() instanceof PostgreSqlPlatform ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {};
      return tx.findOneOrFail(Ticket, { id }, lock);
    },
    null,
    (work) => {
      if (!isPostponeDue(toTicketState(work.ticket), work.at)) return false;
      work.apply(wake(toTicketState(work.ticket), work.at));
      return true;
    },
  );
  return result;
}
