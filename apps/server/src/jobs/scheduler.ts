import type { AppContext } from '../app-context.js';
import { removeAbandonedVisitorUploads } from './abandoned-uploads.job.js';
import { processPendingMail } from '../modules/email/ingest-mail.js';
import { wakePostponedTickets } from './wake-postponed.job.js';

/**
 * Periodic jobs. Their state is the database (a postponed ticket's wake-up time, a queued mail's next
 * attempt, a visitor's unsent upload), so a restart or a second instance loses and doubles nothing; the interval only decides how soon
 * after its time a ticket wakes or a mail is retried.
 */
export function startScheduler(app: AppContext, intervalMs: number): () => Promise<void> {
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running) return;
    running = Promise.all([
      wakePostponedTickets(app).catch((error: unknown) => app.logger.error({ err: error, job: 'wake-postponed' }, 'job failed')),
      app.outbox.deliverDue().catch((error: unknown) => app.logger.error({ err: error, job: 'mail-outbox' }, 'job failed')),
      removeAbandonedVisitorUploads(app).catch((error: unknown) => app.logger.error({ err: error, job: 'abandoned-uploads' }, 'job failed')),
      // Letters stored but not filed when a process stopped between the two.
      processPendingMail(app).catch((error: unknown) => app.logger.error({ err: error, job: 'pending-mail' }, 'job failed')),
    ]).finally(() => {
      running = null;
    });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
