import { SLA_TARGETS, type SlaTarget } from '../sla/sla-policy.js';
import type { BaseStatus } from '../ticket/status.js';
import type { Channel, Priority } from '../ticket/ticket.js';

/**
 * What statistics count. Each fact is one thing that happened to a ticket, stamped with when it happened and
 * with the ticket's department, agent, channel, priority and tags at that moment: figures are attributed
 * where the work was done, so a transfer moves the ticket's future, not its past.
 */
export const TICKET_FACTS = ['created', 'resolved', 'reopened', 'backlog', 'first_response', 'resolution', 'replies_per_ticket', 'reply', 'first_response_bh', 'resolution_bh'] as const;

/**
 * A chat's facts (chatFacts): started (a session begins waiting), answered (first taken by an agent, with
 * chat_wait, the wait until then), accepted (every taking, the agent's count: a transferred chat is taken
 * again), missed (ended before anyone took it), transferred, chat_duration (start to end of an answered
 * chat); and offline_form, a message left through the widget's offline form.
 */
export const CHAT_FACTS = ['chat_started', 'chat_answered', 'chat_accepted', 'chat_missed', 'chat_transferred', 'chat_wait', 'chat_duration', 'offline_form'] as const;
export type ChatFactKind = (typeof CHAT_FACTS)[number];

/** A service-level target met (its clock stopped before it was due) or missed (its breach recorded), per target. */
export type SlaFactKind = `sla_met:${SlaTarget}` | `sla_miss:${SlaTarget}`;
export const SLA_FACTS: readonly SlaFactKind[] = SLA_TARGETS.flatMap((target) => [`sla_met:${target}` as const, `sla_miss:${target}` as const]);

/** Seconds an agent spent online or away, counted per quarter hour (presenceFacts). */
export const PRESENCE_FACTS = ['online_time', 'away_time'] as const;
export type PresenceFactKind = (typeof PRESENCE_FACTS)[number];

/** A customer's rating of the help they got, good or bad, and whether it came with a comment (ratingFacts). */
export const SATISFACTION_FACTS = ['rated_good', 'rated_bad', 'rating_comment'] as const;
export type SatisfactionFactKind = (typeof SATISFACTION_FACTS)[number];

export const STATISTICS_FACTS = [...TICKET_FACTS, ...CHAT_FACTS, ...SLA_FACTS, ...PRESENCE_FACTS, ...SATISFACTION_FACTS] as const;
export type StatisticsFactKind = (typeof TICKET_FACTS)[number] | ChatFactKind | SlaFactKind | PresenceFactKind | SatisfactionFactKind;

const SECONDS_FACTS: ReadonlySet<string> = new Set(['first_response', 'resolution', 'first_response_bh', 'resolution_bh', 'chat_wait', 'chat_duration']);

/** How a fact's value is kept: counts only, a duration in seconds, or a plain number (replies). */
export const FACT_VALUE_KINDS: Readonly<Record<StatisticsFactKind, 'count' | 'seconds' | 'number'>> = Object.fromEntries(
  STATISTICS_FACTS.map((kind) => [kind, SECONDS_FACTS.has(kind) ? 'seconds' : kind === 'replies_per_ticket' ? 'number' : 'count']),
) as Record<StatisticsFactKind, 'count' | 'seconds' | 'number'>;

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
 * Seconds of business time between two instants (ms), by the calendar of the ticket's department; absent when
 * its department works by no calendar of its own or the default one (then only elapsed times are kept).
 */
export type BusinessSeconds = (from: number, to: number) => number;

/**
 * The facts one write of a ticket produces (`before` null for a new ticket). A resolve produces its count and
 * its resolution time; the replies it took are added by `repliesPerTicketFact`, which needs the thread. Where
 * the department works by a calendar, first response and resolution are also measured in its business hours
 * (`first_response_bh`, `resolution_bh`).
 */
export function ticketFacts(before: TicketStatisticsState | null, after: TicketStatisticsState, at: number, businessSeconds?: BusinessSeconds): StatisticsFact[] {
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
  // A duration from the ticket's creation, elapsed and (with a calendar) in business hours.
  const timed = (kind: 'first_response' | 'resolution', to: number) => {
    facts.push(fact(kind, now, 1, seconds(after.createdAt, to), to));
    if (businessSeconds) facts.push(fact(`${kind}_bh`, now, 1, businessSeconds(after.createdAt.getTime(), to), to));
  };
  if (before === null) {
    facts.push(fact('created', now, 1, null, after.createdAt.getTime()));
    if (inBacklog(after)) facts.push(fact('backlog', now, 1, null, after.createdAt.getTime()));
    // A ticket an agent opens with a reply was answered as it was made.
    if (after.firstAgentReplyAt) timed('first_response', after.firstAgentReplyAt.getTime());
    if (after.status === 'resolved') {
      facts.push(fact('resolved', now, 1, null));
      timed('resolution', at);
    }
    return facts;
  }
  if (before.firstAgentReplyAt === null && after.firstAgentReplyAt !== null) timed('first_response', after.firstAgentReplyAt.getTime());
  if (before.status !== 'resolved' && after.status === 'resolved') {
    facts.push(fact('resolved', now, 1, null));
    timed('resolution', at);
  }
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

// ---- chats

/** What chat statistics read of a chat's routing session, before and after a write. */
export interface ChatStatisticsState {
  readonly phase: 'waiting' | 'offered' | 'active' | 'ended';
  readonly ownerAgentId: number | null;
  /** When this chat began waiting for its first agent (a chat reopened by the visitor begins again). */
  readonly startedAt: Date;
  /** When an agent first took this chat; null while nobody has. */
  readonly acceptedAt: Date | null;
}

const pending = (phase: ChatStatisticsState['phase']) => phase === 'waiting' || phase === 'offered';

/**
 * The facts of one change of a chat's session (`before` null for a new one), attributed to the chat ticket's
 * department, channel, priority and tags and to the agent who takes or holds the chat (none while it waits).
 * `transferred`: the change is the owner handing the chat on (a requeue after the owner vanished is not).
 */
export function chatFacts(
  ticket: Omit<TicketStatisticsState, 'status' | 'folder' | 'createdAt' | 'firstAgentReplyAt'>,
  before: ChatStatisticsState | null,
  after: ChatStatisticsState,
  at: number,
  transferred = false,
): StatisticsFact[] {
  const facts: StatisticsFact[] = [];
  const base = dimensionsOf(ticket as TicketStatisticsState);
  const fact = (kind: StatisticsFactKind, agentId: number | null, value: number | null = null): StatisticsFact => ({ kind, ticketId: ticket.id, at, count: 1, value, ...base, agentId });
  if ((before === null || before.phase === 'ended') && pending(after.phase)) facts.push(fact('chat_started', null));
  if (before === null) return facts;
  if (pending(before.phase) && after.phase === 'active') {
    facts.push(fact('chat_accepted', after.ownerAgentId));
    if (before.acceptedAt === null) facts.push(fact('chat_answered', after.ownerAgentId), fact('chat_wait', after.ownerAgentId, seconds(before.startedAt, at)));
  }
  if (transferred && before.phase === 'active' && after.phase !== 'active') facts.push(fact('chat_transferred', before.ownerAgentId));
  if (before.phase !== 'ended' && after.phase === 'ended') {
    if (before.acceptedAt === null) facts.push(fact('chat_missed', null));
    else facts.push(fact('chat_duration', before.ownerAgentId, seconds(before.startedAt, at)));
  }
  return facts;
}

/**
 * A customer's rating, counted when it is given, with the ticket's department, channel, priority and tags then
 * and for its agent then (the one whose help was rated); a comment is counted beside it.
 */
export function ratingFacts(
  ticket: Omit<TicketStatisticsState, 'status' | 'folder' | 'createdAt' | 'firstAgentReplyAt'>,
  rating: 'good' | 'bad',
  commented: boolean,
  at: number,
): StatisticsFact[] {
  const base = { ticketId: ticket.id, at, count: 1, value: null, ...dimensionsOf(ticket as TicketStatisticsState) };
  return [{ ...base, kind: rating === 'good' ? 'rated_good' : 'rated_bad' }, ...(commented ? [{ ...base, kind: 'rating_comment' as const }] : [])];
}

/** A message left through the widget's offline form, counted with the ticket it made. */
export function offlineFormFact(ticket: Omit<TicketStatisticsState, 'status' | 'folder' | 'firstAgentReplyAt'>): StatisticsFact {
  return { kind: 'offline_form', ticketId: ticket.id, at: ticket.createdAt.getTime(), count: 1, value: null, ...dimensionsOf(ticket as TicketStatisticsState) };
}

// ---- service levels

/** A target met or breached on a ticket, attributed to the ticket as it stands. */
export function slaFact(ticket: Omit<TicketStatisticsState, 'status' | 'folder' | 'createdAt' | 'firstAgentReplyAt'>, outcome: 'met' | 'miss', target: SlaTarget, at: number): StatisticsFact {
  return { kind: `sla_${outcome}:${target}`, ticketId: ticket.id, at, count: 1, value: null, ...dimensionsOf(ticket as TicketStatisticsState) };
}

// ---- presence

/** The availabilities whose time is counted. */
export const COUNTED_PRESENCE = { online: 'online_time', away: 'away_time' } as const;

/**
 * The seconds an agent spent in a state from `from` to `to` (ms), one fact per quarter hour it touches, each
 * holding that quarter hour's seconds: both ends are taken to the whole second below, so quarter hours (whole
 * seconds) split them exactly and any period of whole quarter hours sums to the exact time. Presence is the
 * agent's own: no department, channel, priority or tags (rollupDimensionsOf keeps only the agent).
 */
export function presenceFacts(agentId: number, state: keyof typeof COUNTED_PRESENCE, from: number, to: number): StatisticsFact[] {
  const facts: StatisticsFact[] = [];
  const slotSeconds = 15 * 60;
  let start = Math.floor(from / 1000);
  const end = Math.floor(to / 1000);
  while (start < end) {
    const slotEnd = (Math.floor(start / slotSeconds) + 1) * slotSeconds;
    const pieceEnd = Math.min(slotEnd, end);
    facts.push({
      kind: COUNTED_PRESENCE[state],
      ticketId: 0,
      at: start * 1000,
      count: pieceEnd - start,
      value: null,
      departmentId: null,
      agentId,
      channel: 'internal',
      priority: 'normal',
      tags: [],
    });
    start = pieceEnd;
  }
  return facts;
}
