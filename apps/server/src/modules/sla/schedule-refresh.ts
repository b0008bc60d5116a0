import type { AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { Ticket } from '../tickets/ticket.entity.js';
import { companyOfContact, slaColumnsAfter } from './sla-on-write.js';

const BATCH = 500;

/**
 * After a policy or a calendar changed: every ticket still counting gets its due times again, in batches
 * of one transaction each (a policy that now covers more tickets, or fewer, or counts other hours). Resolved
 * and trashed tickets keep what they had. Answers how many tickets were looked at.
 */
export async function refreshSchedules(app: AppContext): Promise<number> {
  let after = 0;
  let seen = 0;
  for (;;) {
    const em = app.orm.em.fork() as Em;
    const batch = await em.transactional(async (tx) => {
      const tickets = await tx.find(Ticket, { id: { $gt: after }, status: { $ne: 'resolved' }, folder: 'inbox' }, { orderBy: { id: 'asc' }, limit: BATCH });
      const now = app.clock.now();
      for (const ticket of tickets) {
        const columns = slaColumnsAfter(app.serviceLevels, ticket, ticket.status, now, await companyOfContact(tx as Em, app.serviceLevels, ticket.contactId));
        if (columns) Object.assign(ticket, columns);
      }
      return tickets;
    });
    seen += batch.length;
    if (batch.length < BATCH) return seen;
    after = batch.at(-1)!.id;
  }
}

/** Reloads the policies and calendars here, then refreshes the schedules in the background (logged if it fails). */
export async function serviceLevelsChanged(app: AppContext): Promise<void> {
  await app.serviceLevels.load();
  void refreshSchedules(app).catch((error: unknown) => app.logger.error({ err: error }, 'refreshing service-level schedules failed'));
}
