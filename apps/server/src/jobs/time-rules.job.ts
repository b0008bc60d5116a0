import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import { type BusinessCalendar, explainTimeRule, isOpenAt, type SlaTarget, type TimeRuleAnchors, type TriggerTicket, timeRuleAnchor } from '@parley/domain';
import type { AppContext } from '../app-context.js';
import { forkScope } from '../app-context.js';
import type { Em } from '../db/orm.js';
import { applyRuleActions } from '../modules/automation/rule-actions.js';
import { TimeRule, TimeRuleFiring } from '../modules/automation/automation.entity.js';
import { TimeRuleCandidates } from '../modules/automation/time-rule-candidates.js';
import { triggerTicket } from '../modules/automation/apply-triggers.js';
import { Ticket } from '../modules/tickets/ticket.entity.js';
import { runTicketChange } from '../modules/tickets/ticket.service.js';

/** How many index entries each rule's walk looks at per status and sweep; the next sweep carries on. */
export const TIME_RULE_SCAN = 500;

export interface SweepReport {
  /** Tickets whose rows the candidate queries returned and the domain judged. */
  readonly examined: number;
  readonly acted: number;
}

/** Each app's walks through the candidates, carried from one sweep to the next. */
const walks = new WeakMap<AppContext, { scan: number; candidates: TimeRuleCandidates }>();

/**
 * One sweep of the time rules. For each enabled rule, indexed queries page through the tickets whose anchor is
 * old enough and whose window the rule has not acted in, returning what the domain needs to judge them; only
 * those whose time window and conditions hold are then changed, each under its lock and judged again. The
 * unique (rule, ticket, window) firing row decides, with several instances sweeping, which one acts: the
 * other's insert fails and its transaction rolls back, so nothing happens twice.
 */
export async function sweepTimeRules(app: AppContext, scan = TIME_RULE_SCAN): Promise<SweepReport> {
  await app.automation.refresh();
  const em = app.orm.em.fork() as Em;
  const rules = await em.find(TimeRule, { enabled: true }, { orderBy: { position: 'asc', id: 'asc' } });
  const candidates = walks.get(app)?.scan === scan ? walks.get(app)!.candidates : new TimeRuleCandidates(scan);
  walks.set(app, { scan, candidates });
  candidates.retain(rules);
  let examined = 0;
  let acted = 0;
  const now = app.clock.now();
  // Whether each calendar is open now, worked out once per sweep rather than once per candidate.
  const open = new Map<BusinessCalendar, boolean>();
  const openNow = (calendar: BusinessCalendar) => open.get(calendar) ?? open.set(calendar, isOpenAt(calendar, now.getTime())).get(calendar)!;
  for (const rule of rules) {
    const page = await candidates.next(em, rule, now);
    examined += page.length;
    for (const candidate of page) {
      if (!judge(app, rule, candidate.departmentId, candidate.ticket, candidate.anchors, now, openNow).holds) continue;
      if (await actOnce(app, rule, candidate.id)) acted++;
    }
  }
  return { examined, acted };
}

/** The domain's verdict on the rule for the ticket at `now`. */
function judge(
  app: AppContext,
  rule: TimeRule,
  departmentId: number | null,
  ticket: TriggerTicket,
  anchors: TimeRuleAnchors,
  now: Date,
  openNow: (calendar: BusinessCalendar) => boolean = (calendar) => isOpenAt(calendar, now.getTime()),
) {
  const calendar = app.serviceLevels.calendarFor(departmentId);
  return explainTimeRule(rule, ticket, anchors, calendar, now.getTime(), openNow(calendar));
}

async function actOnce(app: AppContext, rule: TimeRule, ticketId: number): Promise<boolean> {
  try {
    const { result } = await runTicketChange(forkScope(app, null), (tx) => lockTicket(tx, ticketId), null, async (work) => {
      const anchors = anchorsOf(work.ticket);
      const verdict = judge(app, rule, work.ticket.departmentId ?? null, await triggerTicket(work.em, work.ticket), anchors, work.at);
      const anchor = timeRuleAnchor(rule.time, anchors);
      if (!verdict.holds || !verdict.window || anchor === null) return false;
      // The firing row first: a second instance acting on the same window fails here, before changing anything.
      work.em.create(TimeRuleFiring, { rule: rule.id, ticket: work.ticket.id, windowKey: verdict.window.key, anchorAt: new Date(anchor), firedAt: work.at });
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
