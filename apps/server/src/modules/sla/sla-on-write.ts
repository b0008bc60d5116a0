import { ChangeSetType, type EventSubscriber, type FlushEventArgs } from '@mikro-orm/core';
import { type BaseStatus, type SlaHistory, slaHistoryAfter, slaSchedule } from '@parley/domain';
import type { Clock } from '../../clock.js';
import type { Em, Orm } from '../../db/orm.js';
import { sql } from '../../db/sql.js';
import { Contact } from '../contacts/contact.entity.js';
import { Ticket } from '../tickets/ticket.entity.js';
import type { ServiceLevels } from './service-levels.js';

/** The ticket's stored service-level columns. */
export type SlaColumns = Pick<
  Ticket,
  'slaPolicyId' | 'slaHistory' | 'slaFirstResponseDueAt' | 'slaNextResponseDueAt' | 'slaResolutionDueAt' | 'slaChatAnswerDueAt' | 'slaNextDueAt' | 'slaNextAlarmAt'
>;

/** What a ticket's schedule is computed from. */
export type SlaSource = Pick<
  Ticket,
  'internal' | 'departmentId' | 'channel' | 'priority' | 'tags' | 'status' | 'createdAt' | 'createdByAgentId' | 'firstAgentReplyAt' | 'waitingSince' | 'lastCustomerMessageAt'
> &
  Partial<Pick<Ticket, 'slaPolicyId' | 'slaHistory' | 'slaNextAlarmAt'>>;

/** The ticket fields a schedule depends on: a write that changes none of them leaves it as it is. */
const RELEVANT = new Set<string>(['status', 'priority', 'departmentId', 'tags', 'channel', 'internal', 'firstAgentReplyAt', 'waitingSince', 'contactId']);

export function touchesSla(changed: Iterable<string>): boolean {
  for (const field of changed) if (RELEVANT.has(field)) return true;
  return false;
}

/**
 * The ticket's service-level columns after a write (the domain's slaSchedule), or null when there is
 * nothing to store: no policy is on and the ticket had none. `previousStatus` is null for a new ticket.
 */
export function slaColumnsAfter(levels: ServiceLevels, ticket: SlaSource, previousStatus: BaseStatus | null, at: Date, companyId: number | null): SlaColumns | null {
  if (!levels.active && (ticket.slaPolicyId ?? null) === null) return null;
  const history: SlaHistory = slaHistoryAfter(ticket.slaHistory ?? null, {
    from: previousStatus,
    to: ticket.status,
    at: at.getTime(),
    // An agent's outgoing ticket makes no first-response promise; one logging a customer's call does.
    openedByCustomer: ticket.createdByAgentId === null || ticket.createdByAgentId === undefined || (ticket.lastCustomerMessageAt ?? null) !== null,
  });
  const now = at.getTime();
  const storedAlarm = ticket.slaNextAlarmAt?.getTime() ?? null;
  const schedule = slaSchedule({
    ticket: {
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
    },
    history,
    policies: levels.policies,
    calendar: levels.calendarFor(ticket.departmentId ?? null),
    alarmsFrom: storedAlarm !== null && storedAlarm < now ? storedAlarm : now,
  });
  const date = (ms: number | null) => (ms === null ? null : new Date(ms));
  return {
    slaPolicyId: schedule.policyId,
    slaHistory: schedule.history,
    slaFirstResponseDueAt: date(schedule.dueAt.first_response),
    slaNextResponseDueAt: date(schedule.dueAt.next_response),
    slaResolutionDueAt: date(schedule.dueAt.resolution),
    slaChatAnswerDueAt: date(schedule.dueAt.chat_answer),
    slaNextDueAt: date(schedule.nextDueAt),
    slaNextAlarmAt: date(schedule.nextAlarmAt),
  };
}

/** The contact's company when a policy looks at it; read from the unit of work when it holds the contact. */
export async function companyOfContact(em: Em, levels: ServiceLevels, contactId: number | null | undefined): Promise<number | null> {
  if (!levels.needsCompany || contactId === null || contactId === undefined) return null;
  const loaded = em.getUnitOfWork().getById(Contact, contactId);
  if (loaded && loaded.company !== undefined) return loaded.company ?? null;
  const row = await sql(em).db.selectFrom('contact').select('company_id').where('id', '=', contactId).executeTakeFirst();
  return (row?.company_id as number | null | undefined) ?? null;
}

/**
 * Keeps every ticket the unit of work writes on schedule, in the same flush: whichever use case created or
 * changed it, the due times it stores follow. Writes through the row writer (ticket-rows.ts) do the same
 * with slaColumnsAfter.
 */
class SlaOnFlush implements EventSubscriber {
  constructor(
    private readonly levels: ServiceLevels,
    private readonly clock: Clock,
  ) {}

  async onFlush({ em, uow }: FlushEventArgs): Promise<void> {
    for (const changeSet of uow.getChangeSets()) {
      if (changeSet.meta.class !== Ticket.class && changeSet.meta.className !== 'Ticket') continue;
      if (changeSet.type !== ChangeSetType.CREATE && changeSet.type !== ChangeSetType.UPDATE) continue;
      const created = changeSet.type === ChangeSetType.CREATE;
      if (!created && !touchesSla(Object.keys(changeSet.payload))) continue;
      const ticket = changeSet.entity as Ticket;
      const previousStatus = created ? null : ((changeSet.originalEntity as { status?: BaseStatus } | undefined)?.status ?? ticket.status);
      // The app's clock, not the row's update stamp (the entity's own onUpdate hook stamps it with the wall clock).
      const at = this.clock.now();
      const columns = slaColumnsAfter(this.levels, ticket, previousStatus, at, await companyOfContact(em as Em, this.levels, ticket.contactId));
      if (!columns) continue;
      Object.assign(ticket, columns);
      uow.recomputeSingleChangeSet(ticket);
    }
  }
}

const attached = new WeakMap<object, ServiceLevels>();

/** Puts the ORM's ticket writes on schedule: its unit of work's flushes, and the row writer through serviceLevelsOf. */
export function attachServiceLevels(orm: Orm, levels: ServiceLevels, clock: Clock): void {
  attached.set(orm.config, levels);
  orm.em.getEventManager().registerSubscriber(new SlaOnFlush(levels, clock));
}

/** The service levels the entity manager's ORM keeps tickets on, if any (none in tools and tests that open a bare ORM). */
export function serviceLevelsOf(em: Em): ServiceLevels | undefined {
  return attached.get(em.config);
}
