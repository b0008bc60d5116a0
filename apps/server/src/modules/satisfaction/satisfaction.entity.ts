import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { SATISFACTION_RATINGS, SURVEY_LOCALES, SURVEY_WAYS } from '@parley/domain';
import { Agent } from '../agents/agent.entity.js';
import { Department } from '../organisation/department.entity.js';
import { Ticket } from '../tickets/ticket.entity.js';

/**
 * A ticket's satisfaction survey: one per ticket (the customer is asked once), made in the transaction that
 * resolved the ticket or ended the chat. A letter's survey waits with `sentAt` null until the survey letters
 * job puts its letter into the outbox; the rating is taken once, by a conditional update on `ratedAt`.
 */
export const SatisfactionSurvey = defineEntity({
  name: 'SatisfactionSurvey',
  tableName: 'satisfaction_survey',
  properties: {
    id: p.integer().primary().autoincrement(),
    ticket: () => p.manyToOne(Ticket).mapToPk().fieldName('ticket_id').deleteRule('cascade').unique(),
    way: p.enum([...SURVEY_WAYS]),
    locale: p.enum([...SURVEY_LOCALES]),
    /** Where the letter goes (null for the widget's). */
    recipient: p.string().length(254).strictNullable(),
    askedAt: p.datetime(),
    sentAt: p.datetime().strictNullable(),
    expiresAt: p.datetime(),
    rating: p.enum([...SATISFACTION_RATINGS]).strictNullable(),
    comment: p.text().strictNullable(),
    ratedAt: p.datetime().strictNullable(),
    /** Whose help was rated: the ticket's department and agent when the rating came (the statistics' attribution). */
    ratedDepartmentId: () => p.manyToOne(Department).mapToPk().fieldName('rated_department_id').strictNullable().deleteRule('set null'),
    ratedAgentId: () => p.manyToOne(Agent).mapToPk().fieldName('rated_agent_id').strictNullable().deleteRule('set null'),
  },
  indexes: [
    { properties: ['way', 'sentAt'], name: 'satisfaction_survey_unsent' },
    { properties: ['ratedAt'], name: 'satisfaction_survey_rated' },
  ],
});
export type SatisfactionSurvey = InferEntity<typeof SatisfactionSurvey>;
