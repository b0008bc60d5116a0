import { DomainError, ErrorCodes, ratingComment, ratingConsequences, ratingFacts, ratingRefusal, reopenOnBadRating, type SatisfactionRating, toStorableText } from '@parley/domain';
import type { SubmittedRatingDto } from '@parley/protocol';
import type { AppContext, Scope } from '../../app-context.js';
import { recordFacts, statisticsStateOf } from '../statistics/statistics-recording.js';
import { loadTicketLocked } from '../tickets/ticket-load.js';
import { ticketNumber, toTicketState } from '../tickets/ticket.presenter.js';
import { runTicketChange } from '../tickets/ticket.service.js';
import { SatisfactionSurvey } from './satisfaction.entity.js';

/**
 * A customer's rating, through their survey's token (the letter's link or the widget's): taken once, by a
 * conditional update of the survey in the same transaction that records it on the ticket's thread (agents
 * only), counts it for statistics and, for a bad one when the desk asks for it, reopens the ticket. After
 * the commit the ticket's agents hear of it, the assignee is told of a bad one, and webhooks get
 * `rating.received`.
 */
export async function submitRating(scope: Scope, input: { token: string; rating: SatisfactionRating; comment?: string | undefined }): Promise<SubmittedRatingDto> {
  const { app } = scope;
  const surveyId = app.ratingLinks.surveyOf(input.token);
  if (surveyId === null) throw invalidLink();
  const survey = await scope.em.fork().findOne(SatisfactionSurvey, { id: surveyId }, { fields: ['id', 'ticket', 'ratedAt', 'expiresAt'] });
  if (!survey) throw invalidLink();
  const refusal = ratingRefusal({ ratedAt: survey.ratedAt ?? null, expiresAt: survey.expiresAt }, app.clock.now());
  if (refusal) throw refused(refusal);
  const comment = ratingComment(input.comment === undefined ? null : toStorableText(input.comment));
  const settings = await app.satisfactionSettings.read(scope.em);
  const { result, ticket } = await runTicketChange(scope, (tx) => loadTicketLocked(tx, survey.ticket), null, async (work) => {
    const at = work.at;
    const taken = await work.em.nativeUpdate(
      SatisfactionSurvey,
      { id: survey.id, ratedAt: null, expiresAt: { $gt: at } },
      { rating: input.rating, comment, ratedAt: at, ratedDepartmentId: work.ticket.departmentId ?? null, ratedAgentId: work.ticket.assignedAgentId ?? null },
    );
    // Another request took it meanwhile (or it expired this very moment): nothing of this one is kept.
    if (taken !== 1) {
      const now = await work.em.findOne(SatisfactionSurvey, { id: survey.id }, { fields: ['ratedAt', 'expiresAt'] });
      throw refused(now ? (ratingRefusal({ ratedAt: now.ratedAt ?? null, expiresAt: now.expiresAt }, at) ?? 'already_rated') : 'already_rated');
    }
    work.recordEvents([{ type: 'rated', rating: input.rating, comment }]);
    const rated = statisticsStateOf(work.ticket as unknown as Record<string, unknown>, work.ticket.id);
    await recordFacts(work.em, ratingFacts(rated, input.rating, comment !== null, at.getTime()));
    const consequences = ratingConsequences(settings, input.rating, { status: work.ticket.status, assignedAgentId: work.ticket.assignedAgentId ?? null });
    if (consequences.reopen) work.apply(reopenOnBadRating(toTicketState(work.ticket), at));
    return { ratedAt: at, notifyAgentId: consequences.notifyAgentId };
  });
  app.events.publish('satisfaction.rated', {
    ticketId: ticket.id,
    surveyId: survey.id,
    rating: input.rating,
    comment,
    ratedAt: result.ratedAt.toISOString(),
    notifyAgentId: result.notifyAgentId,
  });
  return { rating: input.rating, ratedAt: result.ratedAt.toISOString() };
}

function invalidLink(): DomainError {
  return new DomainError(ErrorCodes.satisfactionLinkInvalid, 'This rating link is not valid.');
}

function refused(refusal: 'already_rated' | 'expired'): DomainError {
  return refusal === 'expired'
    ? new DomainError(ErrorCodes.satisfactionExpired, 'This rating link has expired.')
    : new DomainError(ErrorCodes.satisfactionAlreadyRated, 'This survey has already been answered.');
}

/** What a survey page shows before the customer answers: which request, and whether it still takes a rating. */
export async function surveyForPage(app: AppContext, token: string): Promise<{ number: string; refusal: 'invalid' | 'already_rated' | 'expired' | null; locale: string }> {
  const surveyId = app.ratingLinks.surveyOf(token);
  const survey = surveyId === null ? null : await app.orm.em.fork().findOne(SatisfactionSurvey, { id: surveyId }, { fields: ['id', 'ticket', 'ratedAt', 'expiresAt', 'locale'] });
  if (!survey) return { number: '', refusal: 'invalid', locale: 'en' };
  return {
    number: ticketNumber(survey.ticket),
    refusal: ratingRefusal({ ratedAt: survey.ratedAt ?? null, expiresAt: survey.expiresAt }, app.clock.now()),
    locale: survey.locale,
  };
}
