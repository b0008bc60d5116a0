import type { AppContext } from '../app-context.js';
import { sweepPresence } from '../modules/statistics/presence-time.js';
import { removeAbandonedVisitorUploads, removeStalePartialUploads } from './abandoned-uploads.job.js';
import { processPendingMail } from '../modules/email/ingest-mail.js';
import { wakePostponedTickets } from './wake-postponed.job.js';
import { purgeExpiredTrash } from '../modules/spam/trash-purge.js';
import { purgePortalRows } from '../modules/portal/portal-purge.js';
import { sweepTimeRules } from './time-rules.job.js';
import { sweepSlaAlarms } from './sla-alarms.job.js';
import { backfillSearch } from '../modules/search/search-reindex.js';
import { queueSurveyLetters } from '../modules/satisfaction/survey-letters.js';
import { sweepCalls } from '../modules/calls/call.service.js';

/** Chat routing is checked at least this often: a visitor's wait is counted in seconds, not in minutes. */
const CHAT_ROUTING_MAX_INTERVAL_MS = 5_000;
/** Calls ring for 30 s: their timers are looked at every few seconds, so a missed call stops ringing on time. */
const CALLS_MAX_INTERVAL_MS = 2_000;

/**
 * Periodic jobs. Their state is the database (a postponed ticket's wake-up time, a queued mail's next
 * attempt, a visitor's unsent upload, a chat's session), so a restart or a second instance loses and doubles
 * nothing; the interval only decides how soon after its time a ticket wakes, a mail is retried, an unanswered
 * chat is offered more widely, or a chat whose agent is gone is requeued.
 */
export function startScheduler(app: AppContext, intervalMs: number): () => Promise<void> {
  let stopping = false;
  let backfilled = false;
  const stops = [
    // Rows from before full-text search, indexed once in the background (a long pass stops with the server).
    every(app, intervalMs, 'search-backfill', async () => {
      if (backfilled) return;
      await backfillSearch(app, () => stopping);
      backfilled = !stopping;
    }),
    every(app, intervalMs, 'wake-postponed', () => wakePostponedTickets(app)),
    every(app, intervalMs, 'mail-outbox', () => app.outbox.deliverDue()),
    // Surveys made by resolutions whose letters are not in the outbox yet (a crash, no mail server until now).
    every(app, intervalMs, 'survey-letters', () => queueSurveyLetters(app)),
    every(app, intervalMs, 'webhooks', () => app.webhooks.outbox.deliverDue()),
    // Replies held for want of a mail server, once another instance's mailbox change or start made one.
    every(app, intervalMs, 'held-mail', () => app.outbox.releaseHeld()),
    every(app, intervalMs, 'abandoned-uploads', () => removeAbandonedVisitorUploads(app)),
    every(app, intervalMs, 'stale-partial-uploads', () => removeStalePartialUploads(app)),
    every(app, intervalMs, 'trash-purge', () => purgeExpiredTrash(app)),
    every(app, intervalMs, 'portal-purge', () => purgePortalRows(app)),
    // Letters stored but not filed when a process stopped between the two.
    every(app, intervalMs, 'pending-mail', () => processPendingMail(app)),
    every(app, Math.min(intervalMs, CHAT_ROUTING_MAX_INTERVAL_MS), 'chat-routing', () => app.chatRouter.tick()),
    every(app, Math.min(intervalMs, CALLS_MAX_INTERVAL_MS), 'calls', () => sweepCalls(app)),
    every(app, intervalMs, 'automation', () => sweepTimeRules(app)),
    every(app, intervalMs, 'sla-alarms', () => sweepSlaAlarms(app)),
    every(app, intervalMs, 'statistics-fold', () => app.statistics.caughtUp()),
    every(app, intervalMs, 'statistics-zones', () => app.statistics.built()),
    // Agents' time online and away: closed at each quarter hour, and consoles gone from every instance noticed.
    every(app, intervalMs, 'statistics-presence', () => sweepPresence(app)),
  ];
  return async () => {
    stopping = true;
    await Promise.all(stops.map((stop) => stop()));
  };
}

/** Runs `job` every `intervalMs`, never two runs of it at once; a failure is logged and the next tick tries again. */
function every(app: AppContext, intervalMs: number, name: string, job: () => Promise<unknown>): () => Promise<void> {
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running) return;
    running = job()
      .catch((error: unknown) => app.logger.error({ err: error, job: name }, 'job failed'))
      .finally(() => {
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
