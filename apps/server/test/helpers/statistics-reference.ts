import { bucketIndexOf, type StatisticsBucket, type StatisticsFilters } from '@parley/domain';
import type { Em } from '../../src/db/orm.js';
import { sql } from '../../src/db/sql.js';

/**
 * Statistics recomputed from the raw tables alone (tickets and their thread), replaying each ticket's
 * history from its system events, for tests to compare reports with. Deliberately written without the
 * facts, the rollup or the domain's statistics rules: it only shares the units (statisticsBuckets).
 */

interface Dimensions {
  departmentId: number | null;
  agentId: number | null;
  channel: string;
  priority: string;
  tags: string[];
}

type ChatKind = 'chat_started' | 'chat_answered' | 'chat_accepted' | 'chat_missed' | 'chat_transferred' | 'chat_wait' | 'chat_duration';
type SlaKind = `sla_met:${string}` | `sla_miss:${string}`;
type RatingKind = 'rated_good' | 'rated_bad' | 'rating_comment';
type BusinessKind = 'first_response_bh' | 'resolution_bh';

interface Happening {
  readonly at: number;
  readonly kind: 'created' | 'resolved' | 'reopened' | 'reply' | 'first_response' | 'backlog' | ChatKind | SlaKind | RatingKind | BusinessKind;
  readonly dimensions: Dimensions;
  readonly value?: number;
  readonly count?: number;
}

interface Item {
  readonly ticketId: number;
  readonly kind: string;
  readonly at: number;
  readonly authorAgentId: number | null;
  readonly event: Record<string, unknown> | null;
}

/** The service-level targets the generated history runs under (around the clock), in minutes. */
export const REFERENCE_SLA = { first_response: 60, resolution: 30 * 60, chat_answer: 5 } as const;

/** Business hours of the reference: one department works Monday to Friday, 09:00 to 17:00 in a zone. */
export interface ReferenceWorkingHours {
  readonly departmentId: number;
  readonly timeZone: string;
}

/** The instant of a wall-clock time in a zone, found by trying the offsets it may have (no calendar library). */
function wallClock(zone: string, day: string, time: string): number {
  const format = new Intl.DateTimeFormat('sv-SE', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  for (let offset = -14; offset <= 14; offset++) {
    const sign = offset < 0 ? '-' : '+';
    const instant = Date.parse(`${day}T${time}:00${sign}${String(Math.abs(offset)).padStart(2, '0')}:00`);
    if (format.format(instant) === `${day} ${time}`) return instant;
  }
  throw new Error(`no ${day} ${time} in ${zone}`);
}

/** Seconds of working hours between two instants, summed day by day over the zone's weekdays. */
function workingSeconds(hours: ReferenceWorkingHours, from: number, to: number): number {
  const dayOf = (at: number) => new Intl.DateTimeFormat('en-CA', { timeZone: hours.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  let total = 0;
  for (let day = dayOf(from - 86_400_000); day <= dayOf(to); ) {
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
    if (weekday >= 1 && weekday <= 5) {
      const open = wallClock(hours.timeZone, day, '09:00');
      const close = wallClock(hours.timeZone, day, '17:00');
      total += Math.max(0, Math.min(close, to) - Math.max(open, from));
    }
    const next = new Date(`${day}T12:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    day = next.toISOString().slice(0, 10);
  }
  return Math.round(total / 1000);
}

export async function rawHappenings(em: Em, workingHours?: ReferenceWorkingHours): Promise<Happening[]> {
  const q = sql(em);
  const alarms = (await q.db.selectFrom('ticket_sla_alarm' as never).selectAll().execute()) as Record<string, unknown>[];
  const tickets = await q.db.selectFrom('ticket').selectAll().orderBy('id').execute();
  const items: Item[] = (await q.db.selectFrom('thread_item').select(['ticket_id', 'kind', 'created_at', 'author_agent_id', 'system_event']).orderBy('id').execute()).map((row) => ({
    ticketId: Number(row.ticket_id),
    kind: String(row.kind),
    at: q.values.readDate(row.created_at).getTime(),
    authorAgentId: q.values.readIntOrNull(row.author_agent_id),
    event: q.values.readJsonOrNull<Record<string, unknown>>(row.system_event),
  }));
  const happenings: Happening[] = [];
  for (const ticket of tickets) {
    const id = Number(ticket.id);
    const own = items.filter((item) => item.ticketId === id);
    const createdAt = q.values.readDate(ticket.created_at).getTime();
    // Assignments made with the ticket are part of how it was made.
    const isMove = (item: Item) => item.at > createdAt && item.event !== null && (item.event.type === 'transferred' || item.event.type === 'assigned');
    const moves = own.filter(isMove);
    const statusChanges = own.filter((item) => item.event?.type === 'status_changed');
    // As it was made: the first move's "from", else as it is now.
    const first = moves[0]?.event;
    const dimensions: Dimensions = {
      departmentId: first ? (first.fromDepartmentId as number | null) : q.values.readIntOrNull(ticket.department_id),
      agentId: first ? (first.fromAgentId as number | null) : q.values.readIntOrNull(ticket.assigned_agent_id),
      channel: String(ticket.channel),
      priority: String(ticket.priority),
      tags: q.values.readJson<string[]>(ticket.tags),
    };
    // The ticket's dimensions from each moment on, for what is counted as it stood later (a breach, when recorded).
    const timeline: { at: number; dimensions: Dimensions }[] = [{ at: -Infinity, dimensions: { ...dimensions } }];
    const isChat = ticket.channel === 'chat';
    const history = q.values.readJsonOrNull<{ openedByCustomer: boolean }>(ticket.sla_history);
    let chatAccepted = false;
    // The resolution clock: time unresolved so far, and since when it counts again.
    let unresolvedMs = 0;
    let countingSince: number | null = createdAt;
    let resolved = statusChanges.length > 0 ? statusChanges[0]!.event!.from === 'resolved' : ticket.status === 'resolved';
    happenings.push({ at: createdAt, kind: 'created', dimensions: { ...dimensions } });
    if (isChat) happenings.push({ at: createdAt, kind: 'chat_started', dimensions: { ...dimensions, agentId: null } });
    if (!resolved) happenings.push({ at: createdAt, kind: 'backlog', dimensions: { ...dimensions }, count: 1 });
    const firstReply = q.values.readDateOrNull(ticket.first_agent_reply_at)?.getTime() ?? null;
    let replies = 0;
    let firstReplySeen = false;
    for (const item of own) {
      if (isMove(item) && item.event) {
        const before = { ...dimensions };
        dimensions.departmentId = item.event.toDepartmentId as number | null;
        dimensions.agentId = item.event.toAgentId as number | null;
        timeline.push({ at: item.at, dimensions: { ...dimensions } });
        if (isChat && item.event.type === 'transferred') happenings.push({ at: item.at, kind: 'chat_transferred', dimensions: before });
        if (isChat && item.event.type === 'assigned' && dimensions.agentId !== null) {
          happenings.push({ at: item.at, kind: 'chat_accepted', dimensions: { ...dimensions } });
          if (!chatAccepted) {
            happenings.push({ at: item.at, kind: 'chat_answered', dimensions: { ...dimensions } });
            happenings.push({ at: item.at, kind: 'chat_wait', dimensions: { ...dimensions }, value: (item.at - createdAt) / 1000 });
          }
          chatAccepted = true;
        }
        if (!resolved && (before.departmentId !== dimensions.departmentId || before.agentId !== dimensions.agentId)) {
          happenings.push({ at: item.at, kind: 'backlog', dimensions: before, count: -1 });
          happenings.push({ at: item.at, kind: 'backlog', dimensions: { ...dimensions }, count: 1 });
        }
      }
      if (item.kind === 'agent_reply' && item.authorAgentId !== null) {
        replies++;
        happenings.push({ at: item.at, kind: 'reply', dimensions: { ...dimensions, agentId: item.authorAgentId } });
        if (!firstReplySeen && item.at === firstReply) {
          firstReplySeen = true;
          happenings.push({ at: item.at, kind: 'first_response', dimensions: { ...dimensions }, value: (item.at - createdAt) / 1000 });
          if (workingHours && dimensions.departmentId === workingHours.departmentId) {
            happenings.push({ at: item.at, kind: 'first_response_bh', dimensions: { ...dimensions }, value: workingSeconds(workingHours, createdAt, item.at) });
          }
          if (history?.openedByCustomer && item.at - createdAt < REFERENCE_SLA.first_response * 60_000) happenings.push({ at: item.at, kind: 'sla_met:first_response', dimensions: { ...dimensions } });
          if (isChat && item.at - createdAt < REFERENCE_SLA.chat_answer * 60_000) happenings.push({ at: item.at, kind: 'sla_met:chat_answer', dimensions: { ...dimensions } });
        }
      }
      // A customer's rating, where the ticket stood when it was given.
      if (item.event?.type === 'rated') {
        happenings.push({ at: item.at, kind: item.event.rating === 'good' ? 'rated_good' : 'rated_bad', dimensions: { ...dimensions } });
        if (item.event.comment) happenings.push({ at: item.at, kind: 'rating_comment', dimensions: { ...dimensions } });
      }
      if (isChat && item.event?.type === 'chat_ended') {
        if (chatAccepted) happenings.push({ at: item.at, kind: 'chat_duration', dimensions: { ...dimensions }, value: (item.at - createdAt) / 1000 });
        else happenings.push({ at: item.at, kind: 'chat_missed', dimensions: { ...dimensions, agentId: null } });
      }
      if (item.event?.type === 'status_changed') {
        if (item.event.to === 'resolved' && !resolved) {
          resolved = true;
          if (countingSince !== null) {
            unresolvedMs += item.at - countingSince;
            countingSince = null;
            if (unresolvedMs < REFERENCE_SLA.resolution * 60_000) happenings.push({ at: item.at, kind: 'sla_met:resolution', dimensions: { ...dimensions } });
          }
          happenings.push({ at: item.at, kind: 'resolved', dimensions: { ...dimensions }, value: (item.at - createdAt) / 1000, count: replies });
          if (workingHours && dimensions.departmentId === workingHours.departmentId) {
            happenings.push({ at: item.at, kind: 'resolution_bh', dimensions: { ...dimensions }, value: workingSeconds(workingHours, createdAt, item.at) });
          }
          happenings.push({ at: item.at, kind: 'backlog', dimensions: { ...dimensions }, count: -1 });
        } else if (item.event.from === 'resolved' && item.event.to !== 'resolved') {
          resolved = false;
          countingSince = item.at;
          happenings.push({ at: item.at, kind: 'reopened', dimensions: { ...dimensions } });
          happenings.push({ at: item.at, kind: 'backlog', dimensions: { ...dimensions }, count: 1 });
        }
      }
    }
    // Breaches as the sweep recorded them: at their due time, where the ticket stood when recorded.
    for (const alarm of alarms) {
      if (Number(alarm.ticket_id) !== id || alarm.kind !== 'breach') continue;
      const recordedAt = q.values.readDate(alarm.recorded_at).getTime();
      const standing = timeline.filter((entry) => entry.at <= recordedAt).at(-1)!.dimensions;
      happenings.push({ at: q.values.readDate(alarm.due_at).getTime(), kind: `sla_miss:${String(alarm.target)}`, dimensions: { ...standing } });
    }
  }
  return happenings;
}

function matches(dimensions: Dimensions, filters: StatisticsFilters): boolean {
  return (
    (filters.departmentId === undefined || dimensions.departmentId === filters.departmentId) &&
    (filters.agentId === undefined || dimensions.agentId === filters.agentId) &&
    (filters.channel === undefined || dimensions.channel === filters.channel) &&
    (filters.priority === undefined || dimensions.priority === filters.priority) &&
    (filters.tag === undefined || dimensions.tags.includes(filters.tag))
  );
}

/**
 * A duration as reports show it: the lower end of its step (the second under a minute, the minute under an
 * hour, five minutes under a day, the hour under 30 days, the day beyond), as docs/operations.md says.
 */
function shownDuration(seconds: number | null): number | null {
  if (seconds === null) return null;
  const step = seconds < 60 ? 1 : seconds < 3600 ? 60 : seconds < 86_400 ? 300 : seconds < 30 * 86_400 ? 3600 : 86_400;
  return Math.floor(seconds / step) * step;
}

/** Nearest rank, over exact values. */
function percentile(values: number[], share: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(share * sorted.length)) - 1]!;
}

/** The figures a report should show, per unit, from the raw happenings. */
export function expectedFigures(happenings: readonly Happening[], buckets: readonly StatisticsBucket[], filters: StatisticsFilters) {
  const units = buckets.length;
  const zero = () => new Array<number>(units).fill(0);
  const lists = () => Array.from({ length: units }, () => [] as number[]);
  const created = zero();
  const createdByChannel: Record<string, number[]> = {};
  const resolved = zero();
  const reopened = zero();
  const replies = zero();
  const firstResponse = lists();
  const resolution = lists();
  const repliesPerTicket = lists();
  const backlog = zero();
  const chatWait = lists();
  const firstResponseBh = lists();
  const resolutionBh = lists();
  const chatDuration = lists();
  const other: Record<string, number[]> = {};
  let backlogBefore = 0;
  for (const happening of happenings) {
    if (!matches(happening.dimensions, filters)) continue;
    const unit = bucketIndexOf(buckets, happening.at);
    if (happening.kind === 'backlog') {
      if (happening.at < buckets[0]!.start) backlogBefore += happening.count!;
      else if (unit >= 0) backlog[unit]! += happening.count!;
      continue;
    }
    if (unit < 0) continue;
    if (happening.kind === 'created') {
      created[unit]!++;
      const channel = happening.dimensions.channel;
      createdByChannel[channel] = createdByChannel[channel] ?? zero();
      createdByChannel[channel][unit]!++;
    }
    if (happening.kind === 'resolved') {
      resolved[unit]!++;
      resolution[unit]!.push(happening.value!);
      repliesPerTicket[unit]!.push(happening.count!);
    }
    if (happening.kind === 'reopened') reopened[unit]!++;
    if (happening.kind === 'first_response_bh') firstResponseBh[unit]!.push(happening.value!);
    if (happening.kind === 'resolution_bh') resolutionBh[unit]!.push(happening.value!);
    if (happening.kind === 'chat_wait') chatWait[unit]!.push(happening.value!);
    else if (happening.kind === 'chat_duration') chatDuration[unit]!.push(happening.value!);
    else if (happening.kind.startsWith('chat_') || happening.kind.startsWith('sla_') || happening.kind.startsWith('rat')) {
      const counts = other[happening.kind] ?? zero();
      counts[unit]!++;
      other[happening.kind] = counts;
    }
    if (happening.kind === 'reply') replies[unit]!++;
    if (happening.kind === 'first_response') firstResponse[unit]!.push(happening.value!);
  }
  let open = backlogBefore;
  return {
    created,
    createdByChannel,
    resolved,
    reopened,
    replies,
    backlog: backlog.map((change) => (open += change)),
    'first_response.median': firstResponse.map((values) => percentile(values, 0.5)),
    'first_response.p90': firstResponse.map((values) => percentile(values, 0.9)),
    'resolution.median': resolution.map((values) => percentile(values, 0.5)),
    'resolution.p90': resolution.map((values) => percentile(values, 0.9)),
    'replies_per_ticket.median': repliesPerTicket.map((values) => percentile(values, 0.5)),
    'replies_per_ticket.p90': repliesPerTicket.map((values) => percentile(values, 0.9)),
    counted: (kind: string) => other[kind] ?? zero(),
    chats_accepted: other.chat_accepted ?? zero(),
    'first_response_bh.median': firstResponseBh.map((values) => shownDuration(percentile(values, 0.5))),
    'first_response_bh.p90': firstResponseBh.map((values) => shownDuration(percentile(values, 0.9))),
    'resolution_bh.median': resolutionBh.map((values) => shownDuration(percentile(values, 0.5))),
    'resolution_bh.p90': resolutionBh.map((values) => shownDuration(percentile(values, 0.9))),
    'chat_wait.median': chatWait.map((values) => percentile(values, 0.5)),
    'chat_wait.p90': chatWait.map((values) => percentile(values, 0.9)),
    'chat_duration.median': chatDuration.map((values) => percentile(values, 0.5)),
    'chat_duration.p90': chatDuration.map((values) => percentile(values, 0.9)),
    totals: {
      'chat_wait.median': percentile(chatWait.flat(), 0.5),
      'chat_duration.p90': percentile(chatDuration.flat(), 0.9),
      'first_response.median': percentile(firstResponse.flat(), 0.5),
      'resolution.p90': percentile(resolution.flat(), 0.9),
    },
  };
}

/** One stretch of an agent's presence, as the history set it (ms; the facts count whole seconds). */
export interface PresenceSpan {
  readonly agentId: number;
  readonly state: 'online' | 'away';
  readonly from: number;
  readonly to: number;
}

/** Seconds online and away per agent within [start, end), each stretch taken to the whole second. */
export function expectedPresence(spans: readonly PresenceSpan[], start: number, end: number): Map<number, { online: number; away: number }> {
  const seconds = new Map<number, { online: number; away: number }>();
  for (const span of spans) {
    const from = Math.max(Math.floor(span.from / 1000), start / 1000);
    const to = Math.min(Math.floor(span.to / 1000), end / 1000);
    if (to <= from) continue;
    const entry = seconds.get(span.agentId) ?? { online: 0, away: 0 };
    entry[span.state] += to - from;
    seconds.set(span.agentId, entry);
  }
  return seconds;
}
