import type { BaseStatus } from '../ticket/status.js';
import type { Channel, Priority } from '../ticket/ticket.js';

/**
 * What statistics count. Each fact is one thing that happened to a ticket, stamped with when it happened and
 * with the ticket's department, agent, channel, priority and tags at that moment: figures are attributed
 * where the work was done, so a transfer moves the ticket's future, not its past.
 */
export const STATISTICS_FACTS = ['created', 'resolved', 'reopened', 'backlog', 'first_response', 'resolution', 'replies_per_ticket', 'reply'] as const;
export type StatisticsFactKind = (typeof STATISTICS_FACTS)[number];

/** How a fact's value is kept: counts only, a duration in seconds, or a plain number (replies). */
export const FACT_VALUE_KINDS: Readonly<Record<StatisticsFactKind, 'count' | 'seconds' | 'number'>> = {
  created: 'count',
  resolved: 'count',
  reopened: 'count',
  backlog: 'count',
  reply: 'count',
  first_response: 'seconds',
  resolution: 'seconds',
  replies_per_ticket: 'number',
};

export interface StatisticsDimensions {
  readonly departmentId: number | null;
  readonly agentId: number | null;
  readonly channel: Channel;
  readonly priority: Priority;
  readonly tags: readonly string[];
}

export interface StatisticsFact extends StatisticsDimensions {
  readonly kind: StatisticsFactKind;
  readonly ticketId: number;
  /** Milliseconds since the epoch. */
  readonly at: number;
  /** +1, or -1 when a ticket leaves the backlog. */
  readonly count: number;
  /** Seconds for durations, a count of replies; null for plain counts. */
  readonly value: number | null;
}

/** The ticket fields statistics follow, before and after a write. */
export interface TicketStatisticsState {
  readonly id: number;
  readonly status: BaseStatus;
  readonly folder: string;
  readonly channel: Channel;
  readonly priority: Priority;
  readonly departmentId: number | null;
  readonly assignedAgentId: number | null;
  readonly tags: readonly string[];
  readonly createdAt: Date;
  readonly firstAgentReplyAt: Date | null;
}

/** Open and in the queue (neither resolved, nor in the trash or spam): what the backlog counts. */
export function inBacklog(ticket: Pick<TicketStatisticsState, 'status' | 'folder'>): boolean {
  return ticket.status !== 'resolved' && ticket.folder === 'inbox';
}

function dimensionsOf(ticket: TicketStatisticsState): StatisticsDimensions {
  return { departmentId: ticket.departmentId, agentId: ticket.assignedAgentId, channel: ticket.channel, priority: ticket.priority, tags: [...ticket.tags] };
}

function sameDimensions(a: StatisticsDimensions, b: StatisticsDimensions): boolean {
  return (
    a.departmentId === b.departmentId &&
    a.agentId === b.agentId &&
    a.channel === b.channel &&
    a.priority === b.priority &&
    a.tags.length === b.tags.length &&
    a.tags.every((tag) => b.tags.includes(tag))
  );
}

const seconds = (from: Date, to: Date | number) => Math.max(0, Math.round(((typeof to === 'number' ? to : to.getTime()) - from.getTime()) / 1000));

/**
 * The facts one write of a ticket produces (`before` null for a new ticket). A resolve produces its count and
 * its resolution time; the replies it took are added by `repliesPerTicketFact`, which needs the thread.
 */
export function ticketFacts(before: TicketStatisticsState | null, after: TicketStatisticsState, at: number): StatisticsFact[] {
  const facts: StatisticsFact[] = [];
  const now = dimensionsOf(after);
  const fact = (kind: StatisticsFactKind, dimensions: StatisticsDimensions, count: number, value: number | null, when = at): StatisticsFact => ({
    kind,
    ticketId: after.id,
    at: when,
    count,
    value,
    ...dimensions,
  });
  if (before === null) {
    facts.push(fact('created', now, 1, null, after.createdAt.getTime()));
    if (inBacklog(after)) facts.push(fact('backlog', now, 1, null, after.createdAt.getTime()));
    // A ticket an agent opens with a reply was answered as it was made.
    if (after.firstAgentReplyAt) facts.push(fact('first_response', now, 1, seconds(after.createdAt, after.firstAgentReplyAt), after.firstAgentReplyAt.getTime()));
    if (after.status === 'resolved') facts.push(fact('resolved', now, 1, null), fact('resolution', now, 1, seconds(after.createdAt, at)));
    return facts;
  }
  if (before.firstAgentReplyAt === null && after.firstAgentReplyAt !== null) {
    facts.push(fact('first_response', now, 1, seconds(after.createdAt, after.firstAgentReplyAt), after.firstAgentReplyAt.getTime()));
  }
  if (before.status !== 'resolved' && after.status === 'resolved') facts.push(fact('resolved', now, 1, null), fact('resolution', now, 1, seconds(after.createdAt, at)));
  if (before.status === 'resolved' && after.status !== 'resolved') facts.push(fact('reopened', now, 1, null));
  const was = inBacklog(before);
  const is = inBacklog(after);
  const then = dimensionsOf(before);
  const moved = !sameDimensions(then, now);
  if (was && (!is || moved)) facts.push(fact('backlog', then, -1, null));
  if (is && (!was || moved)) facts.push(fact('backlog', now, 1, null));
  return facts;
}

/** How many replies a resolved ticket took, counted with its resolution. */
export function repliesPerTicketFact(resolved: StatisticsFact, agentReplies: number): StatisticsFact {
  return { ...resolved, kind: 'replies_per_ticket', value: agentReplies };
}

/** An agent's public reply, counted for its author within the ticket's department, channel, priority and tags. */
export function replyFact(ticket: Omit<TicketStatisticsState, 'status' | 'folder' | 'createdAt' | 'firstAgentReplyAt'>, authorAgentId: number, at: number): StatisticsFact {
  return { kind: 'reply', ticketId: ticket.id, at, count: 1, value: null, ...dimensionsOf(ticket as TicketStatisticsState), agentId: authorAgentId };
}
