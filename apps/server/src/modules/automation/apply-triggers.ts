import { isOpenAt, planTriggers, type TriggerEvent, type TriggerTicket } from '@parley/domain';
import type { AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { Contact } from '../contacts/contact.entity.js';
import { Ticket, type ThreadItem } from '../tickets/ticket.entity.js';
import { TicketWork } from '../tickets/ticket-transaction.js';
import { TriggerFiring } from './automation.entity.js';
import { applyRuleActions } from './rule-actions.js';

interface EventFact {
  readonly event: TriggerEvent;
  /** The message the event is about (customer message, reply, note). */
  readonly message: string | null;
}

/**
 * The triggers of everything a ticket's work did, applied in that work's own transaction (before its flush and
 * commit), so a rule's change commits or rolls back with the event that caused it; `also` names events the
 * work's items do not show (a chat that ended unanswered is missed). When no enabled rule listens to any of
 * the events this returns without a single SQL statement.
 */
export async function applyTriggers(app: AppContext, work: TicketWork, also: readonly TriggerEvent[] = []): Promise<void> {
  const facts = [...eventsOf(work, 0), ...also.map((event) => ({ event, message: null }))];
  if (!app.automation.listensToAny(facts.map((fact) => fact.event))) return;
  await runChain(app, work, facts, 0, [], { firingsLastHour: null });
}

/**
 * For writes that do not go through a TicketWork (the row writers of new tickets, filed letters, visitor
 * messages, and the SLA alarms): runs the rules listening to `event` on the ticket inside `tx`. Answers the
 * work to announce after commit (`publish`), or null when nothing listened or nothing acted.
 */
export async function runTriggersForEvent(app: AppContext, tx: Em, ticketId: number, event: TriggerEvent, message: string | null = null): Promise<TicketWork | null> {
  if (!app.automation.listensTo(event)) return null;
  const ticket = await tx.findOne(Ticket, { id: ticketId }, { refresh: true });
  if (!ticket) return null;
  const work = new TicketWork(tx, ticket, app.clock.now(), null);
  await runChain(app, work, [{ event, message }], 0, [], { firingsLastHour: null });
  if (!work.changed) return null;
  await tx.flush();
  return work;
}

async function runChain(app: AppContext, work: TicketWork, facts: readonly EventFact[], depth: number, chain: readonly number[], counter: { firingsLastHour: number | null }): Promise<void> {
  let ticket: TriggerTicket | null = null;
  for (const fact of facts) {
    if (!app.automation.listensTo(fact.event)) continue;
    ticket ??= await triggerTicket(work.em, work.ticket);
    const context = async () => ({
      event: fact.event,
      ticket: ticket!,
      message: fact.message,
      withinBusinessHours: isOpenAt(app.serviceLevels.calendarFor(work.ticket.departmentId ?? null), work.at.getTime()),
      firedInChain: chain,
      depth,
      firingsLastHour: counter.firingsLastHour ?? 0,
    });
    let plan = planTriggers(app.automation.triggers, await context());
    if (plan.firings.length === 0 && plan.held === null) continue;
    // The rate limit is read only when some rule would act: an event nobody's conditions match costs nothing more.
    if (counter.firingsLastHour === null) {
      counter.firingsLastHour = await work.em.count(TriggerFiring, { ticket: work.ticket.id, firedAt: { $gt: new Date(work.at.getTime() - 3_600_000) } });
      plan = planTriggers(app.automation.triggers, await context());
    }
    if (plan.held) app.logger.warn({ ticketId: work.ticket.id, event: fact.event, held: plan.held }, 'automation loop guard held the triggers');
    for (const firing of plan.firings) {
      const trigger = app.automation.triggers.find((candidate) => candidate.id === firing.triggerId)!;
      const before = work.items.length;
      await applyRuleActions(app, work, { kind: 'trigger', id: trigger.id, name: trigger.name }, firing.actions);
      work.em.create(TriggerFiring, { ticket: work.ticket.id, rule: trigger.id, firedAt: work.at });
      counter.firingsLastHour += 1;
      ticket = null;
      chain = [...chain, trigger.id];
      // The rule's own changes are events too; rules listening to them run one level deeper.
      const caused = eventsOf(work, before).filter((caused) => caused.event !== 'agent_reply' && caused.event !== 'internal_note');
      if (caused.length > 0) await runChain(app, work, caused, depth + 1, chain, counter);
    }
  }
}

/** The trigger events of the items a work appended from `from` on (and its creation). */
function eventsOf(work: TicketWork, from: number): EventFact[] {
  const facts: EventFact[] = [];
  if (from === 0 && work.created) {
    facts.push({ event: 'ticket_created', message: firstMessage(work.items) });
    if (work.ticket.channel === 'chat') facts.push({ event: 'chat_started', message: firstMessage(work.items) });
  }
  for (const item of work.items.slice(from)) {
    const event = eventOf(item);
    if (event) facts.push({ event, message: item.kind === 'system_event' ? null : item.body });
  }
  return facts;
}

function eventOf(item: ThreadItem): TriggerEvent | null {
  switch (item.kind) {
    case 'customer_message':
      return 'customer_message';
    case 'agent_reply':
      return 'agent_reply';
    case 'internal_note':
      return 'internal_note';
    case 'system_event':
      switch (item.systemEvent?.type) {
        case 'status_changed':
        case 'assigned':
        case 'transferred':
        case 'tags_changed':
        case 'priority_changed':
          return item.systemEvent.type;
        case 'sla_alarm':
          return item.systemEvent.kind === 'warning' ? 'sla_warning' : 'sla_breach';
        default:
          return null;
      }
    default:
      return null;
  }
}

function firstMessage(items: readonly ThreadItem[]): string | null {
  return items.find((item) => item.kind !== 'system_event')?.body ?? null;
}

/** The ticket as the domain's conditions see it; the contact is read only when the ticket has one. */
export async function triggerTicket(em: Em, ticket: Ticket): Promise<TriggerTicket> {
  const contact = ticket.contactId ? await em.findOne(Contact, { id: ticket.contactId }, { fields: ['id', 'primaryEmail', 'company'] }) : null;
  return {
    channel: ticket.channel,
    departmentId: ticket.departmentId ?? null,
    assignedAgentId: ticket.assignedAgentId ?? null,
    status: ticket.status,
    customStatusId: ticket.customStatusId ?? null,
    priority: ticket.priority,
    companyId: contact?.company ?? null,
    tags: ticket.tags,
    subject: ticket.subject,
    contactEmail: contact?.primaryEmail ?? null,
    createdByAgent: ticket.createdByAgentId !== null && ticket.createdByAgentId !== undefined,
    internal: ticket.internal,
  };
}
