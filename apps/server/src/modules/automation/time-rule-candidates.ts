import { BASE_STATUSES, type BaseStatus, type Channel, type Priority, type SlaTarget, type TimeRuleAnchors, type TriggerTicket } from '@parley/domain';
import type { Em } from '../../db/orm.js';
import { sql } from '../../db/sql.js';
import type { TimeRule } from './automation.entity.js';

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

/** One candidate as the domain's time window and conditions see it, read in the candidate query itself. */
export interface TimeRuleCandidate {
  readonly id: number;
  readonly departmentId: number | null;
  readonly ticket: TriggerTicket;
  readonly anchors: TimeRuleAnchors;
}

/** Where a rule's walk through one status's candidates stands: the last (order value, id) seen. */
type Cursor = { readonly at: number; readonly id: number };

/**
 * Pages through the tickets a time rule may act on, status by status, in the order of an index on (status,
 * anchor): anchored long enough ago (or, for `sla_due_within`, due soon enough), not internal, not already acted
 * on in this window, and narrowed by the rule's simple conditions (status, priority, channel, department,
 * agent), which the domain judges again. Each sweep carries on after where the last one stopped and starts
 * over at the end, so tickets that pass the time test but not the other conditions never hold back the rest.
 * The cursors live in this instance's memory: several instances each walk the queue, and the firing row's
 * unique index still decides who acts.
 */
export class TimeRuleCandidates {
  readonly #cursors = new Map<string, Cursor>();

  async next(em: Em, rule: TimeRule, now: Date, limit: number): Promise<TimeRuleCandidate[]> {
    const found: TimeRuleCandidate[] = [];
    for (const status of statusesOf(rule)) {
      if (found.length >= limit) break;
      found.push(...(await this.#page(em, rule, status, now, limit - found.length)));
    }
    return found;
  }

  /** Forgets the walks of rules that no longer exist or changed (a new shape starts from the beginning). */
  retain(rules: readonly TimeRule[]): void {
    const live = new Set(rules.map((rule) => `${rule.id}:${rule.updatedAt.getTime()}`));
    for (const key of this.#cursors.keys()) if (!live.has(key.slice(0, key.lastIndexOf(':')))) this.#cursors.delete(key);
  }

  async #page(em: Em, rule: TimeRule, status: BaseStatus, now: Date, limit: number): Promise<TimeRuleCandidate[]> {
    const key = `${rule.id}:${rule.updatedAt.getTime()}:${status}`;
    const cursor = this.#cursors.get(key) ?? null;
    const rows = await candidateRows(em, rule, status, now, cursor, limit);
    const last = rows.at(-1);
    if (rows.length < limit || !last) this.#cursors.delete(key);
    else this.#cursors.set(key, { at: last.order, id: last.candidate.id });
    return rows.map((row) => row.candidate);
  }
}

async function candidateRows(em: Em, rule: TimeRule, status: BaseStatus, now: Date, cursor: Cursor | null, limit: number) {
  const { time } = rule;
  const query = sql(em);
  const { db, values: v } = query;
  const due = time.since === 'sla_due_within';
  // For sla_due_within the walk follows the soonest due time (indexed); the target's own due time bounds it too.
  const order = due ? 'sla_next_due_at' : ANCHOR_COLUMN[time.since];
  const anchor = due ? DUE_COLUMN[time.target] : ANCHOR_COLUMN[time.since];
  const bound = v.date(new Date(due ? now.getTime() + time.minutes * 60_000 : now.getTime() - time.minutes * 60_000));
  let select = db
    .selectFrom('ticket as t')
    .leftJoin('contact as c', 'c.id', 't.contact_id')
    .select([
      't.id', 't.channel', 't.department_id', 't.assigned_agent_id', 't.status', 't.custom_status_id', 't.priority', 't.tags', 't.subject',
      't.created_by_agent_id', 't.internal', 't.created_at', 't.last_customer_message_at', 't.last_agent_reply_at', 't.status_changed_at',
      't.sla_first_response_due_at', 't.sla_next_response_due_at', 't.sla_resolution_due_at', 't.sla_chat_answer_due_at', 'c.primary_email', 'c.company_id',
    ])
    .select(`t.${order} as order_value` as never)
    .where('t.status', '=', status)
    .where(`t.${order}` as never, '<=', bound as never)
    .where(`t.${anchor}` as never, '<=', bound as never)
    .where('t.internal', '=', v.bool(false) as never)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('time_rule_firing as f')
            .select('f.id')
            .where('f.rule_id', '=', rule.id)
            .whereRef('f.ticket_id', '=', 't.id')
            .whereRef('f.anchor_at', '=', `t.${anchor}` as never),
        ),
      ),
    );
  for (const condition of rule.conditions) {
    if (condition.field !== 'priority' && condition.field !== 'channel' && condition.field !== 'department' && condition.field !== 'agent') continue;
    const column = { priority: 't.priority', channel: 't.channel', department: 't.department_id', agent: 't.assigned_agent_id' }[condition.field];
    const values = condition.values as readonly (string | number | null)[];
    const listed = values.filter((value) => value !== null) as (string | number)[];
    const withNull = values.includes(null);
    select =
      condition.op === 'is'
        ? select.where((eb) => eb.or([...(listed.length > 0 ? [eb(column as never, 'in', listed as never)] : []), ...(withNull ? [eb(column as never, 'is', null)] : [])]))
        : select.where((eb) => eb.and([...(listed.length > 0 ? [eb.or([eb(column as never, 'not in', listed as never), eb(column as never, 'is', null)])] : []), ...(withNull ? [eb(column as never, 'is not', null)] : [])]));
  }
  if (cursor) {
    const at = v.date(new Date(cursor.at));
    select = select.where((eb) => eb.or([eb(`t.${order}` as never, '>', at as never), eb.and([eb(`t.${order}` as never, '=', at as never), eb('t.id', '>', cursor.id)])]));
  }
  const rows = await select.orderBy(`t.${order}` as never).orderBy('t.id').limit(limit).execute();
  return rows.map((r) => {
    const date = (value: unknown) => v.readDateOrNull(value)?.getTime() ?? null;
    const slaDueAt: Partial<Record<SlaTarget, number>> = {};
    for (const [target, column] of Object.entries(DUE_COLUMN) as [SlaTarget, keyof typeof r][]) {
      const at = date(r[column]);
      if (at !== null) slaDueAt[target] = at;
    }
    const candidate: TimeRuleCandidate = {
      id: Number(r.id),
      departmentId: v.readIntOrNull(r.department_id),
      ticket: {
        channel: r.channel as Channel,
        departmentId: v.readIntOrNull(r.department_id),
        assignedAgentId: v.readIntOrNull(r.assigned_agent_id),
        status: r.status as BaseStatus,
        customStatusId: v.readIntOrNull(r.custom_status_id),
        priority: r.priority as Priority,
        companyId: v.readIntOrNull(r.company_id),
        tags: v.readJson<string[]>(r.tags),
        subject: String(r.subject),
        contactEmail: (r.primary_email as string | null) ?? null,
        createdByAgent: r.created_by_agent_id !== null && r.created_by_agent_id !== undefined,
        internal: v.readBool(r.internal),
      },
      anchors: {
        createdAt: date(r.created_at)!,
        lastCustomerMessageAt: date(r.last_customer_message_at),
        lastAgentReplyAt: date(r.last_agent_reply_at),
        statusChangedAt: date(r.status_changed_at) ?? date(r.created_at)!,
        slaDueAt,
      },
    };
    return { candidate, order: date((r as Record<string, unknown>).order_value)! };
  });
}

/** The base statuses a rule's status conditions allow: one indexed walk each. */
export function statusesOf(rule: Pick<TimeRule, 'conditions'>): BaseStatus[] {
  let allowed: BaseStatus[] = [...BASE_STATUSES];
  for (const condition of rule.conditions) {
    if (condition.field !== 'status' || condition.values.some((value) => value.startsWith('custom:'))) continue;
    const values = condition.values as readonly string[];
    allowed = allowed.filter((status) => values.includes(status) === (condition.op === 'is'));
  }
  return allowed;
}
