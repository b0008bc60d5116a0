import { ChangeSetType, type EventSubscriber, type FlushEventArgs, type TransactionEventArgs } from '@mikro-orm/core';
import { type AutomatedMailKind, SURVEY_TTL_MS, type SatisfactionSettings, surveyDecision } from '@parley/domain';
import type { Clock } from '../../clock.js';
import type { Em, Orm } from '../../db/orm.js';
import { type Sql, sql } from '../../db/sql.js';
import type { Ticket } from '../tickets/ticket.entity.js';
import { SatisfactionSurvey } from './satisfaction.entity.js';
import type { SatisfactionSettingsStore } from './satisfaction-settings.js';

/**
 * A resolved ticket's survey (a letter's, or a chat's for the widget) is made in the flush that resolved it, so however a ticket gets resolved (an
 * agent, a mass action, a rule, a reply that resolves) its customer is asked, exactly once, and a resolution
 * that rolls back asks nobody. The letter itself is written into the outbox by the survey letters job, which
 * this wakes once the transaction has committed.
 */
class SurveyOnResolve implements EventSubscriber {
  /** The entity managers (transactions) whose flushes made a survey, until they commit. */
  readonly #made = new WeakSet<object>();

  constructor(
    private readonly clock: Clock,
    private readonly settings: SatisfactionSettingsStore,
    private readonly madeSurveys: () => void,
  ) {}

  async onFlush({ em, uow }: FlushEventArgs): Promise<void> {
    for (const changeSet of uow.getChangeSets()) {
      if (changeSet.type !== ChangeSetType.UPDATE || changeSet.meta.className !== 'Ticket') continue;
      const ticket = changeSet.entity as Ticket;
      const before = changeSet.originalEntity as Partial<Record<string, unknown>> | undefined;
      if (!('status' in changeSet.payload) || ticket.status !== 'resolved' || before?.status === 'resolved') continue;
      // A ticket merged into another is closed, not answered: the surviving ticket is the one to ask about.
      if (ticket.mergedIntoId !== null && ticket.mergedIntoId !== undefined) continue;
      const settings = await this.settings.read(em as Em);
      if (!settings.enabled) continue;
      const survey = await surveyFor(sql(em as Em), settings, ticket, this.clock.now());
      if (!survey) continue;
      uow.computeChangeSet(em.create(SatisfactionSurvey, survey));
      this.#made.add(em);
    }
  }

  afterTransactionCommit({ em }: TransactionEventArgs): void {
    // Should the commit's entity manager not be the flush's, the periodic sweep sends the letter instead.
    if (!this.#made.delete(em)) return;
    this.madeSurveys();
  }
}

/** The survey to make for a ticket just resolved, by the domain's rule; null when its customer is not asked. */
async function surveyFor(q: Sql, settings: SatisfactionSettings, ticket: Ticket, now: Date) {
  if (ticket.channel !== 'email' && ticket.channel !== 'web_form' && ticket.channel !== 'chat') return null;
  const byLetter = ticket.channel !== 'chat';
  const [contact, newestLetter, asked] = await Promise.all([
    byLetter && ticket.contactId ? q.db.selectFrom('contact').select('primary_email').where('id', '=', ticket.contactId).executeTakeFirst() : undefined,
    byLetter
      ? q.db
          .selectFrom('email_message')
          .select('automated')
          .where('ticket_id', '=', ticket.id)
          .where('direction', '=', 'in')
          .orderBy('thread_item_id', 'desc')
          .limit(1)
          .executeTakeFirst()
      : undefined,
    q.db.selectFrom('satisfaction_survey').select('id').where('ticket_id', '=', ticket.id).executeTakeFirst(),
  ]);
  const contactAddress = (contact?.primary_email as string | null | undefined) ?? null;
  const decision = surveyDecision({
    settings,
    moment: 'resolved',
    ticket: { internal: ticket.internal, channel: ticket.channel, folder: ticket.folder },
    contactAddress,
    newestLetterAutomated: (newestLetter?.automated as AutomatedMailKind | null | undefined) ?? null,
    answered: ticket.firstAgentReplyAt !== null && ticket.firstAgentReplyAt !== undefined,
    alreadyAsked: asked !== undefined,
  });
  if (!decision.ask) return null;
  return {
    ticket: ticket.id,
    way: decision.way,
    locale: settings.locale,
    recipient: decision.way === 'email' ? contactAddress : null,
    askedAt: now,
    sentAt: null,
    expiresAt: new Date(now.getTime() + SURVEY_TTL_MS),
    rating: null,
    comment: null,
    ratedAt: null,
  };
}

/** Makes resolutions through the unit of work ask their customers; `madeSurveys` runs after a commit that made some. */
export function attachSurveyOnResolve(orm: Orm, clock: Clock, settings: SatisfactionSettingsStore, madeSurveys: () => void): void {
  orm.em.getEventManager().registerSubscriber(new SurveyOnResolve(clock, settings, madeSurveys));
}
