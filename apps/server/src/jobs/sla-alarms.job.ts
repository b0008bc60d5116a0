import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { clocksOf, dueAlarms, nextAlarmAt, type SlaTicket } from '@parley/domain';
import { type AppContext, forkScope } from '../app-context.js';
import type { Em } from '../db/orm.js';
import { sql } from '../db/sql.js';
import { TicketSlaAlarm } from '../modules/sla/sla.entity.js';
import type { Ticket } from '../modules/tickets/ticket.entity.js';
import { loadTicketLocked } from '../modules/tickets/ticket-load.js';
import { runTicketChange } from '../modules/tickets/ticket.service.js';

/** At most this many tickets are looked at per sweep; the next sweep carries on. */
export const SLA_ALARM_BATCH = 200;

export interface AlarmSweepReport {
  readonly examined: number;
  readonly recorded: number;
}

/**
 * One sweep of service-level alarms. One indexed query finds the tickets whose next alarm time has come; each
 * is then looked at under its lock: its warnings and breaches now due are recorded (a row each, unique per
 * ticket and alarm, so two instances sweeping record each once), shown in the thread as system events (which
 * the SLA warning and breach triggers act on, in the same transaction), and its next alarm time moves on.
 */
export async function sweepSlaAlarms(app: AppContext, batchSize = SLA_ALARM_BATCH): Promise<AlarmSweepReport> {
  await app.serviceLevels.refresh();
  const em = app.orm.em.fork() as Em;
  const { db, values: v } = sql(em);
  const due = await db
    .selectFrom('ticket')
    .select('id')
    .where('sla_next_alarm_at', '<=', v.date(app.clock.now()) as never)
    .orderBy('sla_next_alarm_at')
    .limit(batchSize)
    .execute();
  let recorded = 0;
  for (const { id } of due) recorded += await recordDueAlarms(app, Number(id));
  return { examined: due.length, recorded };
}

async function recordDueAlarms(app: AppContext, ticketId: number): Promise<number> {
  try {
    const { result } = await runTicketChange(forkScope(app, null), (tx) => loadTicketLocked(tx, ticketId), null, async (work) => {
      const ticket = work.ticket;
      const policy = app.serviceLevels.policies.find((p) => p.id === ticket.slaPolicyId);
      if (!policy || !ticket.slaHistory) {
        // The policy was switched off or removed since: nothing more to watch.
        ticket.slaNextAlarmAt = null;
        return 0;
      }
      const clocks = clocksOf(slaTicketOf(ticket), ticket.slaHistory, policy, app.serviceLevels.calendarFor(ticket.departmentId ?? null));
      const recorded = await work.em.find(TicketSlaAlarm, { ticket: ticket.id }, { fields: ['alarmKey'] });
      const keys = recorded.map((row) => row.alarmKey);
      const now = work.at.getTime();
      const alarms = dueAlarms(clocks, keys, now);
      for (const alarm of alarms) {
        work.em.create(TicketSlaAlarm, { ticket: ticket.id, alarmKey: alarm.key, kind: alarm.kind, target: alarm.target, dueAt: new Date(alarm.at), recordedAt: work.at });
        work.recordEvents([{ type: 'sla_alarm', kind: alarm.kind, target: alarm.target, dueAt: new Date(alarm.at).toISOString() }]);
      }
      const next = nextAlarmAt(clocks, [...keys, ...alarms.map((alarm) => alarm.key)]);
      ticket.slaNextAlarmAt = next === null ? null : new Date(next);
      return alarms.length;
    });
    return result;
  } catch (error) {
    // Another instance recorded the same alarm first: its transaction did the work, this one rolled back.
    if (error instanceof UniqueConstraintViolationException) return 0;
    throw error;
  }
}

export function slaTicketOf(ticket: Ticket, companyId: number | null = null): SlaTicket {
  return {
    internal: ticket.internal,
    departmentId: ticket.departmentId ?? null,
    channel: ticket.channel,
    priority: ticket.priority,
    tags: ticket.tags,
    companyId,
    status: ticket.status,
    createdAt: ticket.createdAt.getTime(),
    firstAgentReplyAt: ticket.firstAgentReplyAt?.getTime() ?? null,
    waitingSince: ticket.waitingSince?.getTime() ?? null,
  };
}
