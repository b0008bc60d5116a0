import type { TicketSatisfactionDto } from '@parley/protocol';
import type { Em } from '../../db/orm.js';
import { SatisfactionSurvey } from './satisfaction.entity.js';

/** A ticket's survey as agents see it, or null when its customer was not asked. */
export async function ticketSatisfaction(em: Em, ticketId: number): Promise<TicketSatisfactionDto | null> {
  const survey = await em.findOne(SatisfactionSurvey, { ticket: ticketId });
  if (!survey) return null;
  return {
    way: survey.way,
    askedAt: survey.askedAt.toISOString(),
    sentAt: survey.sentAt?.toISOString() ?? null,
    rating: survey.rating ?? null,
    comment: survey.comment ?? null,
    ratedAt: survey.ratedAt?.toISOString() ?? null,
  };
}
