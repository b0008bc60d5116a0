import { DomainError, ErrorCodes, statisticsBuckets } from '@parley/domain';
import type { RatingCommentDto, RatingCommentsQuery } from '@parley/protocol';
import type { Em } from '../../db/orm.js';
import { sql } from '../../db/sql.js';
import { ticketNumber } from '../tickets/ticket.presenter.js';
import type { StatisticsRequest } from './statistics.service.js';

/** `<rated at, ms>.<survey id>`: where a newest-first list of ratings resumes. */
function positionOf(cursor: string | undefined): { at: number; id: number } | null {
  if (cursor === undefined) return null;
  const match = /^(\d{1,15})\.(\d{1,15})$/.exec(cursor);
  if (!match) throw new DomainError(ErrorCodes.requestInvalidCursor, 'cursor: not a cursor of this list.');
  return { at: Number(match[1]), id: Number(match[2]) };
}

/**
 * The comments customers left with their ratings in the period, newest first. Department and agent are those
 * the rating was counted for (as in the figures); channel, priority and tag are the ticket's.
 */
export async function ratingComments(em: Em, request: StatisticsRequest, query: Pick<RatingCommentsQuery, 'rating' | 'cursor' | 'limit'>): Promise<{ items: RatingCommentDto[]; nextCursor: string | null }> {
  const buckets = statisticsBuckets(request.period);
  if (!buckets || buckets.length === 0) throw new DomainError(ErrorCodes.statisticsPeriodInvalid, 'The period must run forward over whole days (from before until).');
  const after = positionOf(query.cursor);
  const q = sql(em);
  const { filters } = request;
  let select = q.db
    .selectFrom('satisfaction_survey as s')
    .innerJoin('ticket as t', 't.id', 's.ticket_id')
    .leftJoin('agent as a', 'a.id', 's.rated_agent_id')
    .select(['s.id', 's.ticket_id', 't.subject', 's.rating', 's.comment', 's.rated_at', 's.rated_agent_id', 'a.name'])
    .where('s.rated_at', '>=', q.values.date(new Date(buckets[0]!.start)) as never)
    .where('s.rated_at', '<', q.values.date(new Date(buckets.at(-1)!.end)) as never)
    .where('s.comment', 'is not', null);
  if (filters.departmentId !== undefined) select = select.where('s.rated_department_id', '=', filters.departmentId);
  if (filters.agentId !== undefined) select = select.where('s.rated_agent_id', '=', filters.agentId);
  if (filters.channel !== undefined) select = select.where('t.channel', '=', filters.channel);
  if (filters.priority !== undefined) select = select.where('t.priority', '=', filters.priority);
  if (filters.tag !== undefined) {
    const tag = filters.tag;
    select = select.where((eb) => eb.exists(eb.selectFrom('ticket_tag as g').select('g.ticket_id').whereRef('g.ticket_id', '=', 't.id').where('g.tag', '=', tag)));
  }
  if (query.rating !== undefined) select = select.where('s.rating', '=', query.rating);
  if (after) {
    const at = q.values.date(new Date(after.at)) as never;
    select = select.where((eb) => eb.or([eb('s.rated_at', '<', at), eb.and([eb('s.rated_at', '=', at), eb('s.id', '<', after.id)])]));
  }
  const rows = await select.orderBy('s.rated_at', 'desc').orderBy('s.id', 'desc').limit(query.limit + 1).execute();
  const page = rows.slice(0, query.limit);
  const items = page.map((row) => ({
    ticketId: Number(row.ticket_id),
    number: ticketNumber(Number(row.ticket_id)),
    subject: String(row.subject),
    rating: row.rating as RatingCommentDto['rating'],
    comment: String(row.comment),
    ratedAt: q.values.readDate(row.rated_at).toISOString(),
    agentId: q.values.readIntOrNull(row.rated_agent_id),
    agentName: (row.name as string | null) ?? null,
  }));
  const last = page.at(-1);
  return { items, nextCursor: rows.length > query.limit && last ? `${q.values.readDate(last.rated_at).getTime()}.${Number(last.id)}` : null };
}
