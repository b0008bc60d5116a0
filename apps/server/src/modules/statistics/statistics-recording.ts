import type { OperationNodeSource } from 'kysely';
import { ChangeSetType, type EventSubscriber, type FlushEventArgs } from '@mikro-orm/core';
import {
  type BusinessSeconds,
  businessTimeBetween,
  type Channel,
  type ChatStatisticsState,
  chatFacts,
  clocksOf,
  offlineFormFact,
  type Priority,
  type replyFact,
  repliesPerTicketFact,
  type SlaHistory,
  type SlaTarget,
  type SlaTicket,
  slaFact,
  slaTargetsMet,
  type StatisticsFact,
  type TicketStatisticsState,
  ticketFacts,
  isAlwaysOpen,
} from '@parley/domain';
import type { Clock } from '../../clock.js';
import type { Em, Orm } from '../../db/orm.js';
import { type Sql, sql } from '../../db/sql.js';
import { serviceLevelsOf, touchesSla } from '../sla/sla-on-write.js';
import type { TicketSlaAlarm } from '../sla/sla.entity.js';
import { Ticket } from '../tickets/ticket.entity.js';
import { StatisticsFact as FactRow } from './statistics.entity.js';

/**
 * Statistics follow every ticket write in the write's own transaction: the unit of work's flushes (the
 * subscriber below) and the row writer's statements (ticket-rows.ts calls `recordFacts`) alike. What the
 * facts are is the domain's rule (ticketFacts); here they are only stored, for the fold to add up.
 */

/** The ticket fields the facts are computed from, changed by a write. */
const FOLLOWED = new Set<string>(['status', 'folder', 'channel', 'priority', 'departmentId', 'assignedAgentId', 'tags', 'firstAgentReplyAt']);

export function touchesStatistics(changed: Iterable<string>): boolean {
  for (const field of changed) if (FOLLOWED.has(field)) return true;
  return false;
}

const asDate = (value: unknown): Date | null => (value === null || value === undefined ? null : value instanceof Date ? value : new Date(value as string | number));

/** A ticket (entity, row or the ORM's snapshot of it) as statistics read it. */
export function statisticsStateOf(ticket: Record<string, unknown>, id: number): TicketStatisticsState {
  const tags = typeof ticket.tags === 'string' ? (JSON.parse(ticket.tags) as string[]) : ((ticket.tags as string[] | undefined) ?? []);
  return {
    id,
    status: ticket.status as TicketStatisticsState['status'],
    folder: (ticket.folder as string | undefined) ?? 'inbox',
    channel: ticket.channel as Channel,
    priority: ticket.priority as Priority,
    departmentId: (ticket.departmentId as number | null | undefined) ?? null,
    assignedAgentId: (ticket.assignedAgentId as number | null | undefined) ?? null,
    tags,
    createdAt: asDate(ticket.createdAt)!,
    firstAgentReplyAt: asDate(ticket.firstAgentReplyAt),
  };
}

/** How many public replies agents (not rules) have written on the ticket so far. */
export async function agentReplyCount(q: Sql, ticketId: number): Promise<number> {
  const row = await q.db
    .selectFrom('thread_item')
    .select((eb) => eb.fn.countAll<number>().as('replies'))
    .where('ticket_id', '=', ticketId)
    .where('kind', '=', 'agent_reply')
    .where('author_agent_id', 'is not', null)
    .executeTakeFirst();
  return Number(row?.replies ?? 0);
}

/** The ticket's dimensions, read for a reply written without the ticket at hand. */
export async function ticketDimensions(q: Sql, ticketId: number): Promise<Parameters<typeof replyFact>[0] | null> {
  const row = await q.db
    .selectFrom('ticket')
    .select(['department_id', 'assigned_agent_id', 'channel', 'priority', 'tags'])
    .where('id', '=', ticketId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: ticketId,
    departmentId: (row.department_id as number | null) ?? null,
    assignedAgentId: (row.assigned_agent_id as number | null) ?? null,
    channel: row.channel as Channel,
    priority: row.priority as Priority,
    tags: q.values.readJson<string[]>(row.tags),
  };
}

/** The columns of a fact's row. */
export const FACT_COLUMNS = ['kind', 'at', 'department_id', 'agent_id', 'channel', 'priority', 'tags', 'count', 'value'] as const;

/** A fact's row. It does not keep the ticket's id: the fold adds facts up by their dimensions and time. */
export function factRow(q: Sql, fact: StatisticsFact): Record<(typeof FACT_COLUMNS)[number], unknown> {
  return {
    kind: fact.kind,
    at: q.values.date(new Date(fact.at)),
    department_id: fact.departmentId,
    agent_id: fact.agentId,
    channel: fact.channel,
    priority: fact.priority,
    tags: q.values.json(fact.tags),
    count: fact.count,
    value: fact.value,
  };
}

/** Stores facts on the entity manager's connection and transaction (the row writer's path). */
export async function recordFacts(em: Em, facts: readonly StatisticsFact[]): Promise<void> {
  await factsInsert(em, facts)?.execute();
}

/** The statement that stores facts on the entity manager's connection; none when there are none to keep. */
export function factsInsert(em: Em, facts: readonly StatisticsFact[]): (OperationNodeSource & { execute(): Promise<unknown> }) | null {
  if (facts.length === 0 || !recordsStatistics(em)) return null;
  const q = sql(em);
  return q.db.insertInto('statistics_fact').values(facts.map((fact) => factRow(q, fact)) as never);
}

/**
 * Business time by the calendar the ticket's department works by (its own, else the default one), for first
 * response and resolution in business hours; none without a calendar (a desk open around the clock included).
 */
export function businessSecondsFor(em: Em, departmentId: number | null): BusinessSeconds | undefined {
  const calendar = serviceLevelsOf(em)?.calendarFor(departmentId);
  if (!calendar || isAlwaysOpen(calendar)) return undefined;
  return (from, to) => Math.max(0, Math.round(businessTimeBetween(calendar, from, to) / 1000));
}

/** The facts of a ticket write, with a resolve's replies counted from the thread (the write's own included: items are written first). */
export async function factsWithReplies(em: Em, facts: StatisticsFact[], ticketId: number): Promise<StatisticsFact[]> {
  const resolved = facts.find((fact) => fact.kind === 'resolved');
  if (!resolved) return facts;
  return [...facts, repliesPerTicketFact(resolved, await agentReplyCount(sql(em), ticketId))];
}

/** Facts handed to each entity manager's next flush (an agent's reply written by a ticket work's row writer). */
const factsOfNextFlush = new WeakMap<Em, StatisticsFact[]>();

/** Stores `facts` with the entity manager's next flush, in one statement with that flush's own facts. */
export function recordFactsWithNextFlush(em: Em, facts: readonly StatisticsFact[]): void {
  if (facts.length === 0) return;
  const waiting = factsOfNextFlush.get(em);
  if (waiting) waiting.push(...facts);
  else factsOfNextFlush.set(em, [...facts]);
}

/**
 * The unit of work's side: every flushed ticket change becomes facts, inserted in the same flush (and so
 * the same transaction) as the change. Agents' replies are counted where they are written (the row writer).
 */
class StatisticsOnFlush implements EventSubscriber {
  constructor(private readonly clock: Clock) {}

  async onFlush({ em, uow }: FlushEventArgs): Promise<void> {
    const facts: StatisticsFact[] = factsOfNextFlush.get(em as Em) ?? [];
    factsOfNextFlush.delete(em as Em);
    const changeSets = uow.getChangeSets();
    for (const changeSet of changeSets) {
      if (changeSet.meta.className !== 'Ticket') continue;
      if (changeSet.type !== ChangeSetType.CREATE && changeSet.type !== ChangeSetType.UPDATE) continue;
      const created = changeSet.type === ChangeSetType.CREATE;
      if (!created && !touchesStatistics(Object.keys(changeSet.payload)) && !touchesSla(Object.keys(changeSet.payload))) continue;
      const ticket = changeSet.entity as Ticket;
      const after = statisticsStateOf(ticket as unknown as Record<string, unknown>, ticket.id ?? 0);
      const before = created ? null : statisticsStateOf({ ...(ticket as unknown as Record<string, unknown>), ...(changeSet.originalEntity as Record<string, unknown>) }, ticket.id);
      // The app's clock, as the service levels read it (the entity's update stamp is the wall clock's).
      const at = this.clock.now().getTime();
      if (!created && touchesSla(Object.keys(changeSet.payload))) {
        facts.push(...slaMetFacts(em as Em, { ...(ticket as unknown as Record<string, unknown>), ...(changeSet.originalEntity as Record<string, unknown>) }, ticket as unknown as Record<string, unknown>, at));
      }
      if (!created && !touchesStatistics(Object.keys(changeSet.payload))) continue;
      const made = ticketFacts(before, after, created ? ticket.createdAt.getTime() : at, businessSecondsFor(em as Em, after.departmentId));
      // Thread items are written before the flush (ticket-transaction.ts), so the count of replies finds this work's own.
      facts.push(...(created ? made : await factsWithReplies(em as Em, made, ticket.id)));
    }
    // A breach is counted once, when the sweep records it (one row per ticket, target and clock start).
    for (const changeSet of changeSets) {
      if (changeSet.type !== ChangeSetType.CREATE || changeSet.meta.className !== 'TicketSlaAlarm') continue;
      const alarm = changeSet.entity as TicketSlaAlarm;
      if (alarm.kind !== 'breach') continue;
      const ticket = uow.getById(Ticket, alarm.ticket) as Ticket | undefined;
      const dimensions = ticket ? statisticsStateOf(ticket as unknown as Record<string, unknown>, ticket.id) : await ticketDimensions(sql(em as Em), alarm.ticket);
      if (dimensions) facts.push(slaFact(dimensions, 'miss', alarm.target, alarm.dueAt.getTime()));
    }
    if (facts.length === 0) return;
    // In the change's transaction the facts go in with one bound insert on its connection: creating, comparing
    // and hydrating an entity per fact cost more than the reply's other writes together (profile of the
    // replies bench). A flush outside a transaction opens its own only after this, so there they join it.
    if (em.isInTransaction()) {
      await recordFacts(em as Em, facts);
      return;
    }
    for (const fact of facts) {
      const row = em.create(FactRow, {
        kind: fact.kind,
        at: new Date(fact.at),
        departmentId: fact.departmentId,
        agentId: fact.agentId,
        channel: fact.channel,
        priority: fact.priority,
        tags: [...fact.tags],
        count: fact.count,
        value: fact.value,
      });
      uow.computeChangeSet(row);
    }
  }
}

// ---- service levels met

const asHistory = (value: unknown): SlaHistory | null => (value === null || value === undefined ? null : typeof value === 'string' ? (JSON.parse(value) as SlaHistory) : (value as SlaHistory));

function slaTicket(ticket: Record<string, unknown>): SlaTicket {
  const time = (value: unknown) => asDate(value)?.getTime() ?? null;
  return {
    internal: Boolean(ticket.internal),
    departmentId: (ticket.departmentId as number | null | undefined) ?? null,
    channel: ticket.channel as Channel,
    priority: ticket.priority as Priority,
    tags: typeof ticket.tags === 'string' ? (JSON.parse(ticket.tags) as string[]) : ((ticket.tags as string[] | undefined) ?? []),
    companyId: null,
    status: ticket.status as SlaTicket['status'],
    createdAt: time(ticket.createdAt)!,
    firstAgentReplyAt: time(ticket.firstAgentReplyAt),
    waitingSince: time(ticket.waitingSince),
  };
}

/**
 * The service-level targets a ticket write met (the domain's slaTargetsMet): the ticket's clocks under its
 * policy before and after the write, each as its stored history and fields say. Only under one policy
 * throughout: a ticket that moved to another policy (or none) met nothing by moving.
 */
export function slaMetFacts(em: Em, before: Record<string, unknown>, after: Record<string, unknown>, at: number): StatisticsFact[] {
  const levels = serviceLevelsOf(em);
  const policyId = (before.slaPolicyId as number | null | undefined) ?? null;
  if (!levels || policyId === null || ((after.slaPolicyId as number | null | undefined) ?? null) !== policyId) return [];
  const policy = levels.policies.find((candidate) => candidate.id === policyId);
  const historyBefore = asHistory(before.slaHistory);
  const historyAfter = asHistory(after.slaHistory);
  if (!policy || !historyBefore || !historyAfter) return [];
  const clocks = (ticket: Record<string, unknown>, history: SlaHistory) => clocksOf(slaTicket(ticket), history, policy, levels.calendarFor((ticket.departmentId as number | null | undefined) ?? null));
  const met: SlaTarget[] = slaTargetsMet(clocks(before, historyBefore), clocks(after, historyAfter), at);
  const id = Number(after.id ?? before.id);
  return met.map((target) => slaFact(statisticsStateOf(after, id), 'met', target, at));
}

// ---- chats

/** A chat's session as chat statistics read it. */
export function chatStatisticsState(row: { phase: ChatStatisticsState['phase']; ownerAgentId?: number | null | undefined; startedAt?: Date | null | undefined; waitingSince: Date; acceptedAt?: Date | null | undefined }): ChatStatisticsState {
  return { phase: row.phase, ownerAgentId: row.ownerAgentId ?? null, startedAt: row.startedAt ?? row.waitingSince, acceptedAt: row.acceptedAt ?? null };
}

/**
 * Stores the facts of a change of a chat's session (the domain's chatFacts) in the change's transaction,
 * attributed to the chat ticket as given (an entity or row as it stands at the change), or as stored.
 */
export async function recordChatFacts(
  em: Em,
  ticket: Record<string, unknown> | number,
  before: ChatStatisticsState | null,
  after: ChatStatisticsState,
  at: Date,
  transferred = false,
): Promise<void> {
  if (!recordsStatistics(em)) return;
  const dimensions = typeof ticket === 'number' ? await ticketDimensions(sql(em), ticket) : statisticsStateOf(ticket, Number(ticket.id));
  if (dimensions) await recordFacts(em, chatFacts(dimensions, before, after, at.getTime(), transferred));
}

/** Counts a message left through the widget's offline form, with the ticket it made. */
export async function recordOfflineForm(em: Em, ticket: Record<string, unknown>): Promise<void> {
  if (!recordsStatistics(em)) return;
  await recordFacts(em, [offlineFormFact(statisticsStateOf(ticket, Number(ticket.id)))]);
}

const recording = new WeakSet<object>();

/** Makes the ORM's writes record statistics facts: its flushes here, the row writer's through `recordsStatistics`. */
export function attachStatisticsRecording(orm: Orm, clock: Clock): void {
  recording.add(orm.config);
  orm.em.getEventManager().registerSubscriber(new StatisticsOnFlush(clock));
}

/** Whether the entity manager's ORM records statistics (not in tools and tests that open a bare ORM). */
export function recordsStatistics(em: Em): boolean {
  return recording.has(em.config);
}
