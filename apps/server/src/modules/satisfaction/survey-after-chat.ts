import { SURVEY_TTL_MS, surveyDecision, surveyLocaleOf } from '@parley/domain';
import type { AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import type { Ticket } from '../tickets/ticket.entity.js';
import { SatisfactionSurvey } from './satisfaction.entity.js';
import { openWidgetSurvey } from './open-widget-survey.js';

/**
 * The widget's survey of a chat the visitor just ended, made in the same transaction (the domain's rule: an
 * answered, non-internal chat, asked once), or the one an agent's resolving made and nobody answered yet.
 * The visitor is asked in their widget's language.
 */
export async function askAfterChat(app: AppContext, tx: Em, ticket: Ticket, widgetLocale: string | null, at: Date): Promise<SatisfactionSurvey | null> {
  const settings = await app.satisfactionSettings.read(tx);
  if (!settings.enabled) return null;
  const open = await openWidgetSurvey(tx, ticket.id, at);
  if (open) return open;
  const asked = await tx.count(SatisfactionSurvey, { ticket: ticket.id });
  const decision = surveyDecision({
    settings,
    moment: 'chat_ended',
    ticket: { internal: ticket.internal, channel: ticket.channel, folder: ticket.folder },
    contactAddress: null,
    newestLetterAutomated: null,
    answered: ticket.firstAgentReplyAt !== null && ticket.firstAgentReplyAt !== undefined,
    alreadyAsked: asked > 0,
  });
  if (!decision.ask) return null;
  return tx.create(SatisfactionSurvey, {
    ticket: ticket.id,
    way: decision.way,
    locale: surveyLocaleOf(widgetLocale) ?? settings.locale,
    recipient: null,
    askedAt: at,
    sentAt: null,
    expiresAt: new Date(at.getTime() + SURVEY_TTL_MS),
    rating: null,
    comment: null,
    ratedAt: null,
  });
}
