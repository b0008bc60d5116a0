import type { Em } from '../../db/orm.js';
import { SatisfactionSurvey } from './satisfaction.entity.js';

/** The chat's widget survey that still takes a rating, if it has one (an agent resolved the chat before it ended). */
export async function openWidgetSurvey(em: Em, ticketId: number, now: Date): Promise<SatisfactionSurvey | null> {
  return em.findOne(SatisfactionSurvey, { ticket: ticketId, way: 'widget', ratedAt: null, expiresAt: { $gt: now } });
}
