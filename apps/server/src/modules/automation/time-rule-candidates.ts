import { BASE_STATUSES, type BaseStatus, type Channel, type Priority, type SlaTarget, type TimeRuleAnchors, type TriggerTicket } from '@parley/domain';
import type { Em } from '../../db/orm.js';
import { sql, type ValueCodec } from '../../db/sql.js';
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

/** Where a rule's walk through one status's tickets stands: the last (order value, id) looked at. */
type Cursor = { readonly at: number; readonly id: number };

interface Walk {
  cursor: Cursor | null;
  /** The time bound of the previous sweep: tickets past it since then are new to the rule. */
  bound: number | null;
}

/** Tickets newly past a rule's time bound that one sweep takes at most; more wait for the walk. */
const FRESH_LIMIT = 2000;

/**
 * The tickets a time rule may act on, status by status, on an index on (status, anchor) — or (status, soonest
 * SLA due) for `sla_due_within`: anchored long enough ago (or due soon enough), not internal, not already acted
 * on in this window, narrowed by the rule's simple conditions (priority, channel, department, agent), which
 * the domain judges again with the rest. Two reads per rule and status keep a sweep's cost independent of the
 * queue's size:
 *  - the fresh slice: tickets whose anchor passed the rule's bound since the previous sweep (what a busy desk
 *    produces in one interval), so a rule reacts at once;
 *  - the walk: `scan` index entries after where the previous sweep stopped, starting over at the end, so a
 *    ticket that came to match some other way (a tag added to an old ticket) is found within a few cycles,
 *    and tickets whose time holds but whose other conditions do not never hold back the rest.
 * The walks live in this instance's memory: several instances each walk the queue, and the firing row's
 * unique index still decides who acts.
 */
export class TimeRuleCandidates {
  readonly #walks = new Map<string, Walk>();

  constructor(private readonly scan = 500) {}

  async next(em: Em, rule: TimeRule, now: Date): Promise<TimeRuleCandidate[]> {
    const found = new Map<number, TimeRuleCandidate>();
    for (const status of statusesOf(rule)) {
      const key = `${rule.id}:${rule.updatedAt.getTime()}:${status}`;
      const walk = this.#walks.get(key) ?? { cursor: null, bound: null };
      this.#walks.set(key, walk);
      const plan = shapeOf(rule, now);
      if (walk.bound !== null && walk.bound < plan.bound) {
        for (const candidate of await readCandidates(em, rule, plan, status, { after: walk.bound }, FRESH_LIMIT)) found.set(candidate.id, candidate);
      }
      const step = await walkStep(em, rule, plan, status, walk.cursor, this.scan);
      walk.cursor = step.next;
      for (const candidate of step.candidates) found.set(candidate.id, candidate);
      walk.bound = plan.bound;
    }
    return [...found.values()];
  }

  /** Forgets the walks of rules that no longer exist or changed (a new shape starts from the beginning). */
  retain(rules: readonly TimeRule[]): void {
    const live = new Set(rules.map((rule) => `${rule.id}:${rule.updatedAt.getTime()}`));
    for (const key of this.#walks.keys()) if (!live.has(key.slice(0, key.lastIndexOf(':')))) this.#walks.delete(key);
  }
}

interface Shape {
  /** The indexed column the walk follows. */
  readonly order: string;
  /** The column the rule's window counts from (the order column, or a target's due time). */
  readonly anchor: string;
  /** Tickets whose order value is at most this (epoch ms) may be in the window. */
  readonly bound: number;
}

function shapeOf(rule: TimeRule, now: Date): Shape {
  const { time } = rule;
  if (time.since === 'sla_due_within') return { order: 'sla_next_due_at', anchor: DUE_COLUMN[time.target], bound: now.getTime() + time.minutes * 60_000 };
  return { order: ANCHOR_COLUMN[time.since], anchor: ANCHOR_COLUMN[time.since], bound: now.getTime() - time.minutes * 60_000 };
}

/**
 * The next `scan` entries of the (status, order) index after the cursor, read with what the domain needs to
 * judge them in the same statement (one round trip: on PostgreSQL each costs more than the reading), and
 * where the walk goes on from. Tickets the rule already acted on in their current window are left out here;
 * the rest is the domain's to judge (its window, its conditions, internal tickets).
 */
async function walkStep(em: Em, rule: TimeRule, shape: Shape, status: BaseStatus, cursor: Cursor | null, scan: number): Promise<{ candidates: TimeRuleCandidate[]; next: Cursor | null }> {
  const { db, values: v } = sql(em);
  let walked = db
    .selectFrom('ticket as w')
    .select(['w.id as walk_id'])
    .select(`w.${shape.order} as order_value` as never)
    .where('w.status', '=', status)
    .where(`w.${shape.order}` as never, '<=', v.date(new Date(shape.bound)) as never);
  if (cursor) {
    // A range the index can start from, then the ties already seen left out.
    const at = v.date(new Date(cursor.at));
    walked = walked.where(`w.${shape.order}` as never, '>=', at as never).where((eb) => eb.not(eb.and([eb(`w.${shape.order}` as never, '=', at as never), eb('w.id', '<=', cursor.id)])));
  }
  walked = walked.orderBy(`w.${shape.order}` as never).orderBy('w.id').limit(scan);
  const rows = await db
    .selectFrom(walked.as('w'))
    .innerJoin('ticket as t', 't.id', 'w.walk_id' as never)
    .leftJoin('contact as c', 'c.id', 't.contact_id')
    .select(CANDIDATE_COLUMNS)
    .select(['w.order_value' as never])
    .select(({ exists, selectFrom }) =>
      exists(
        selectFrom('time_rule_firing as f')
          .select('f.id')
          .where('f.rule_id', '=', rule.id)
          .whereRef('f.ticket_id', '=', 't.id')
          .whereRef('f.anchor_at', '=', `t.${shape.anchor}` as never),
      ).as('fired'),
    )
    .orderBy('w.order_value' as never)
    .orderBy('t.id')
    .execute();
  const last = rows.at(-1) as { id: unknown; order_value: unknown } | undefined;
  return {
    candidates: rows.filter((row) => !v.readBool((row as { fired: unknown }).fired)).map((row) => toCandidate(v, row)),
    next: rows.length < scan || !last ? null : { at: v.readDate(last.order_value).getTime(), id: Number(last.id) },
  };
}

/** The candidates among the given tickets (or those past `after`), with what the domain needs to judge them. */
async function readCandidates(em: Em, rule: TimeRule, shape: Shape, status: BaseStatus, among: { readonly after: number }, limit: number): Promise<TimeRuleCandidate[]> {
  const query = sql(em);
  const { db, values: v } = query;
  const bound = v.date(new Date(shape.bound));
  let select = db
    .selectFrom('ticket as t')
    .leftJoin('contact as c', 'c.id', 't.contact_id')
    .select(CANDIDATE_COLUMNS)
    .where('t.status', '=', status)
    .where(`t.${shape.order}` as never, '<=', bound as never)
    .where(`t.${shape.anchor}` as never, '<=', bound as never)
    .where('t.internal', '=', v.bool(false) as never)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('time_rule_firing as f')
            .select('f.id')
            .where('f.rule_id', '=', rule.id)
            .whereRef('f.ticket_id', '=', 't.id')
            .whereRef('f.anchor_at', '=', `t.${shape.anchor}` as never),
        ),
      ),
    );
  select = select.where(`t.${shape.order}` as never, '>', v.date(new Date(among.after)) as never);
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
  const rows = await select.orderBy(`t.${shape.order}` as never).orderBy('t.id').limit(limit).execute();
  return rows.map((row) => toCandidate(v, row));
}

const CANDIDATE_COLUMNS = [
  't.id', 't.channel', 't.department_id', 't.assigned_agent_id', 't.status', 't.custom_status_id', 't.priority', 't.tags', 't.subject',
  't.created_by_agent_id', 't.internal', 't.created_at', 't.last_customer_message_at', 't.last_agent_reply_at', 't.status_changed_at',
  't.sla_first_response_due_at', 't.sla_next_response_due_at', 't.sla_resolution_due_at', 't.sla_chat_answer_due_at', 'c.primary_email', 'c.company_id',
] as const;

/** A candidate row as the domain's time window and conditions see it. */
function toCandidate(v: ValueCodec, row: unknown): TimeRuleCandidate {
  const r = row as Record<(typeof CANDIDATE_COLUMNS)[number] extends `${string}.${infer C}` ? C : never, unknown>;
  const date = (value: unknown) => v.readDateOrNull(value)?.getTime() ?? null;
  const slaDueAt: Partial<Record<SlaTarget, number>> = {};
  for (const [target, column] of Object.entries(DUE_COLUMN) as [SlaTarget, keyof typeof r][]) {
    const at = date(r[column]);
    if (at !== null) slaDueAt[target] = at;
  }
  return {
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
