import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import { BASE_STATUSES, type BaseStatus, explainTrigger, isOpenAt, type SlaTarget, type TimeRule as DomainTimeRule, timeRuleWindow } from '@parley/domain';
import type { AppContext } from '../app-context.js';
import { forkScope } from '../app-context.js';
import type { Em } from '../db/orm.js';
import { sql } from '../db/sql.js';
import { applyRuleActions } from '../modules/automation/rule-actions.js';
import { TimeRule, TimeRuleFiring } from '../modules/automation/automation.entity.js';
import { triggerTicket } from '../modules/automation/apply-triggers.js';
import { Ticket } from '../modules/tickets/ticket.entity.js';
import { runTicketChange } from '../modules/tickets/ticket.service.js';

/** At most this many tickets are examined per rule and sweep; the next sweep carries on. */
export const TIME_RULE_BATCH = 200;

/** The ticket column each anchor is stored in (each indexed together with the status). */
const ANCHOR_COLUMN = {
  created: 'created_at',
  status_changed: 'status_changed_at',
  last_customer_message: 'last_customer_message_at',
  last_agent_reply: 'last_agent_reply_at',
} as const;

/** The stored due time of each SLA target: the anchor of an `sla_due_within` rule. */
const DUE_COLUMN = {
  first_response: 'sla_first_response_due_at',
  next_response: 'sla_next_response_due_at',
  resolution: 'sla_resolution_due_at',
  chat_answer: 'sla_chat_answer_due_at',
} as const satisfies Record<SlaTarget, string>;

export interface SweepReport {
  readonly examined: number;
  readonly acted: number;
}

/**
 * One sweep of the time rules. For each enabled rule one indexed query finds the tickets whose anchor is old
 * enough and whose window the rule has not acted in; each is then checked and changed under its lock. The
 * unique (rule, ticket, window) firing row decides, with several instances sweeping, which one acts: the
 * other's insert fails and its transaction rolls back, so nothing happens twice.
 */
export async function sweepTimeRules(app: AppContext, batchSize = TIME_RULE_BATCH): Promise<SweepReport> {
  await app.automation.refresh();
  const em = app.orm.em.fork() as Em;
  const rules = await em.find(TimeRule, { enabled: true }, { orderBy: { position: 'asc', id: 'asc' } });
  let examined = 0;
  let acted = 0;
  for (const rule of rules) {
    const candidates = await candidatesOf(em, rule, app.clock.now(), batchSize);
    examined += candidates.length;
    for (const ticketId of candidates) if (await actOnce(app, rule, ticketId)) acted++;
  }
  return { examined, acted };
}

/**
 * The tickets a rule may act on now: anchored at least the rule's minutes ago (a business-hours window can only
 * be later, so this is a superset the domain narrows), in a status the rule's conditions allow, not internal,
 * not already acted on in this window. For `sla_due_within` the anchor is the target's due time, and the
 * soonest due time (indexed with the status) bounds it first: a target due within the window implies it.
 */
async function candidatesOf(em: Em, rule: TimeRule, now: Date, limit: number): Promise<number[]> {
  const { time } = rule;
  const column = time.since === 'sla_due_within' ? DUE_COLUMN[time.target] : ANCHOR_COLUMN[time.since];
  const { db, values: v } = sql(em);
  const bound = v.date(new Date(time.since === 'sla_due_within' ? now.getTime() + time.minutes * 60_000 : now.getTime() - time.minutes * 60_000));
  let query = db
    .selectFrom('ticket as t')
    .select('t.id')
    .where('t.status', 'in', statusesOf(rule));
  if (time.since === 'sla_due_within') query = query.where('t.sla_next_due_at', '<=', bound as never);
  const rows = await query
    .where(`t.${column}` as never, '<=', bound as never)
    .where('t.internal', '=', v.bool(false) as never)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('time_rule_firing as f')
            .select('f.id')
            .where('f.rule_id', '=', rule.id)
            .whereRef('f.ticket_id', '=', 't.id')
            .whereRef('f.anchor_at', '=', `t.${column}` as never),
        ),
      ),
    )
    .orderBy(`t.${column}` as never)
    .limit(limit)
    .execute();
  return rows.map((row) => Number(row.id));
}

/** The base statuses a rule's status conditions allow, so the candidate query stays on the (status, anchor) indexes. */
function statusesOf(rule: TimeRule): BaseStatus[] {
  let allowed: BaseStatus[] = [...BASE_STATUSES];
  for (const condition of rule.conditions) {
    if (condition.field !== 'status' || condition.values.some((value) => value.startsWith('custom:'))) continue;
    const values = condition.values as readonly string[];
    allowed = allowed.filter((status) => values.includes(status) === (condition.op === 'is'));
  }
  return allowed.length > 0 ? allowed : ['new'];
}

async function actOnce(app: AppContext, rule: TimeRule, ticketId: number): Promise<boolean> {
  try {
    const { result } = await runTicketChange(forkScope(app, null), (tx) => lockTicket(tx, ticketId), null, async (work) => {
      const window = timeRuleWindow(rule.time, anchorsOf(work.ticket), app.serviceLevels.calendarFor(work.ticket.departmentId ?? null));
      if (!window || window.holdsFrom > work.at.getTime()) return false;
      const ticket = await triggerTicket(work.em, work.ticket);
      const asTrigger = { ...toDomain(rule), events: [], match: 'all' as const };
      const withinBusinessHours = isOpenAt(app.serviceLevels.calendarFor(work.ticket.departmentId ?? null), work.at.getTime());
      const context = { event: 'ticket_created' as const, ticket, message: null, withinBusinessHours, firedInChain: [], depth: 0, firingsLastHour: 0 };
      if (ticket.internal || !explainTrigger(asTrigger, context).holds) return false;
      // The firing row first: a second instance acting on the same window fails here, before changing anything.
      work.em.create(TimeRuleFiring, { rule: rule.id, ticket: work.ticket.id, windowKey: window.key, anchorAt: new Date(anchorAt(rule, work.ticket)), firedAt: work.at });
      await work.em.flush();
      await applyRuleActions(app, work, { kind: 'time_rule', id: rule.id, name: rule.name }, rule.actions);
      return true;
    });
    return result;
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) return false;
    throw error;
  }
}

function lockTicket(tx: Em, id: number): Promise<Ticket> {
  const lock = tx.getPlatform() instanceof PostgreSqlPlatform ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {};
  return tx.findOneOrFail(Ticket, { id }, lock);
}

export function anchorsOf(ticket: Ticket) {
  return {
    createdAt: ticket.createdAt.getTime(),
    lastCustomerMessageAt: ticket.lastCustomerMessageAt?.getTime() ?? null,
    lastAgentReplyAt: ticket.lastAgentReplyAt?.getTime() ?? null,
    statusChangedAt: (ticket.statusChangedAt ?? ticket.createdAt).getTime(),
    slaDueAt: slaDueAtOf(ticket),
  };
}

/** The due times of the ticket's SLA clocks still counting, as stored. */
function slaDueAtOf(ticket: Ticket): Partial<Record<SlaTarget, number>> {
  const stored: Record<SlaTarget, Date | null | undefined> = {
    first_response: ticket.slaFirstResponseDueAt,
    next_response: ticket.slaNextResponseDueAt,
    resolution: ticket.slaResolutionDueAt,
    chat_answer: ticket.slaChatAnswerDueAt,
  };
  return Object.fromEntries(Object.entries(stored).flatMap(([target, due]) => (due ? [[target, due.getTime()]] : [])));
}

function anchorAt(rule: TimeRule, ticket: Ticket): number {
  const anchors = anchorsOf(ticket);
  switch (rule.time.since) {
    case 'created':
      return anchors.createdAt;
    case 'status_changed':
      return anchors.statusChangedAt;
    case 'last_customer_message':
      return anchors.lastCustomerMessageAt ?? 0;
    case 'last_agent_reply':
      return anchors.lastAgentReplyAt ?? 0;
    case 'sla_due_within':
      return anchors.slaDueAt[rule.time.target] ?? 0;
  }
}

function toDomain(rule: TimeRule): DomainTimeRule {
  return { id: rule.id, name: rule.name, enabled: rule.enabled, time: rule.time, conditions: rule.conditions, actions: rule.actions };
}
