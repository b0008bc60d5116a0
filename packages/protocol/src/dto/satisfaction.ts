import { RATING_COMMENT_MAX_LENGTH, SATISFACTION_RATINGS, SURVEY_LOCALES, SURVEY_WAYS } from '@parley/domain';
import { z } from 'zod';
import { IsoDateTime } from '../common.js';

export const SatisfactionRatingName = z.enum(SATISFACTION_RATINGS);

/** A ticket's survey as agents see it: asked (how and when) and, once answered, the rating and comment. */
export const TicketSatisfactionDto = z.object({
  way: z.enum(SURVEY_WAYS),
  askedAt: IsoDateTime,
  /** When the survey letter went into the outbox (null while it waits, and for the widget's). */
  sentAt: IsoDateTime.nullable(),
  rating: SatisfactionRatingName.nullable(),
  comment: z.string().nullable(),
  ratedAt: IsoDateTime.nullable(),
});
export type TicketSatisfactionDto = z.infer<typeof TicketSatisfactionDto>;

/** The survey link's (or the widget's) answer: the token it was given, good or bad, and what the customer added. */
export const SubmitRatingRequest = z.strictObject({
  token: z.string().min(1).max(200),
  rating: SatisfactionRatingName,
  comment: z.string().max(RATING_COMMENT_MAX_LENGTH).optional(),
});
export type SubmitRatingRequest = z.infer<typeof SubmitRatingRequest>;

/** What the customer is told back: only their own answer, never anything about the ticket. */
export const SubmittedRatingDto = z.object({ rating: SatisfactionRatingName, ratedAt: IsoDateTime });
export type SubmittedRatingDto = z.infer<typeof SubmittedRatingDto>;

/** One rating with a comment, as the Statistics screen lists them (newest first). */
export const RatingCommentDto = z.object({
  ticketId: z.number().int(),
  number: z.string(),
  subject: z.string(),
  rating: SatisfactionRatingName,
  comment: z.string(),
  ratedAt: IsoDateTime,
  agentId: z.number().int().nullable().describe('The agent whose help was rated (the ticket\'s when the rating came).'),
  agentName: z.string().nullable(),
});
export type RatingCommentDto = z.infer<typeof RatingCommentDto>;

export const SatisfactionSettingsDto = z.object({
  enabled: z.boolean(),
  locale: z.enum(SURVEY_LOCALES).describe('The language of survey letters; the rating page follows the customer\'s browser when it can.'),
  reopenOnBad: z.boolean().describe('A bad rating reopens the resolved ticket.'),
  notifyOnBad: z.boolean().describe('A bad rating tells the ticket\'s agent in the console.'),
});
export type SatisfactionSettingsDto = z.infer<typeof SatisfactionSettingsDto>;

export const UpdateSatisfactionSettingsRequest = SatisfactionSettingsDto.partial().strict();
export type UpdateSatisfactionSettingsRequest = z.infer<typeof UpdateSatisfactionSettingsRequest>;
