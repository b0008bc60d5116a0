import type { AutomatedMailKind } from '../email/automated-mail.js';
import type { Channel } from '../ticket/ticket.js';
import type { BaseStatus } from '../ticket/status.js';

/**
 * Customer satisfaction: once a customer's request is done (a ticket resolved, a chat ended), they are asked
 * once whether they were helped, good or bad with an optional comment. Email and web-form customers get a
 * letter with a signed link; a chat visitor is asked in the widget. The rating lands on the ticket, in the
 * statistics, and a bad one can reopen the ticket or tell its agent.
 */
export const SATISFACTION_RATINGS = ['good', 'bad'] as const;
export type SatisfactionRating = (typeof SATISFACTION_RATINGS)[number];

/** How a customer is asked: by a letter with the link, or in the chat widget. */
export const SURVEY_WAYS = ['email', 'widget'] as const;
export type SurveyWay = (typeof SURVEY_WAYS)[number];

export const RATING_COMMENT_MAX_LENGTH = 2000;
/** A survey can be answered for this long after it was made. */
export const SURVEY_TTL_DAYS = 30;
export const SURVEY_TTL_MS = SURVEY_TTL_DAYS * 86_400_000;

export const SATISFACTION_SETTING = 'satisfaction';

/** The languages a survey letter and the rating page speak. */
export const SURVEY_LOCALES = ['en', 'bg', 'el', 'lv', 'ru', 'uk'] as const;
export type SurveyLocale = (typeof SURVEY_LOCALES)[number];

export interface SatisfactionSettings {
  /** Whether customers are asked at all. */
  readonly enabled: boolean;
  /** The language of survey letters (the rating page follows the customer's browser when it can). */
  readonly locale: SurveyLocale;
  /** A bad rating reopens a resolved ticket. */
  readonly reopenOnBad: boolean;
  /** A bad rating tells the ticket's agent in the console. */
  readonly notifyOnBad: boolean;
}

export const DEFAULT_SATISFACTION_SETTINGS: SatisfactionSettings = { enabled: true, locale: 'en', reopenOnBad: false, notifyOnBad: true };

/** Settings as stored (a partial or older JSON object, or nothing) with the defaults filled in. */
export function readSatisfactionSettings(stored: Partial<SatisfactionSettings> | null | undefined): SatisfactionSettings {
  const merged = { ...DEFAULT_SATISFACTION_SETTINGS, ...(stored ?? {}) };
  return { ...merged, locale: surveyLocaleOf(merged.locale) ?? 'en' };
}

/** One of the survey's languages from a tag such as `lv-LV` or `ru`; null when none fits. */
export function surveyLocaleOf(tag: string | null | undefined): SurveyLocale | null {
  const language = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return language && (SURVEY_LOCALES as readonly string[]).includes(language) ? (language as SurveyLocale) : null;
}

/** The first of the survey's languages an Accept-Language header asks for, by its weights. */
export function surveyLocaleFromAcceptLanguage(header: string | null | undefined): SurveyLocale | null {
  if (!header) return null;
  const asked = header
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag, weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((entry) => entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { tag } of asked) {
    const locale = surveyLocaleOf(tag);
    if (locale) return locale;
  }
  return null;
}

/** Why a customer is not asked. */
export type NoSurveyReason = 'disabled' | 'internal_ticket' | 'already_asked' | 'not_in_queue' | 'channel_without_survey' | 'no_address' | 'automated_mail' | 'not_answered';

export type SurveyDecision = { readonly ask: true; readonly way: SurveyWay } | { readonly ask: false; readonly reason: NoSurveyReason };

export interface SurveyFacts {
  readonly settings: Pick<SatisfactionSettings, 'enabled'>;
  /** What just happened: the ticket became resolved, or the visitor ended the chat. */
  readonly moment: 'resolved' | 'chat_ended';
  readonly ticket: { readonly internal: boolean; readonly channel: Channel; readonly folder: string };
  /** The customer's address, for a letter. */
  readonly contactAddress: string | null;
  /** The newest letter of the customer's was itself automated (an auto-reply, a bounce, list traffic). */
  readonly newestLetterAutomated: AutomatedMailKind | null;
  /** An agent answered the customer at all (a chat nobody took is missed, not rated). */
  readonly answered: boolean;
  /** The ticket already has its survey: a customer is asked once. */
  readonly alreadyAsked: boolean;
}

/**
 * Whether and how to ask. A resolved email or web-form ticket is asked by letter; a chat, ended by its visitor
 * or resolved by an agent, in the widget (never by letter). Never for internal tickets, tickets in the trash or spam,
 * customers without an address, or automated mail (RFC 3834: no automatic letter answers a robot); only
 * once per ticket, and only when an agent had answered.
 */
export function surveyDecision(facts: SurveyFacts): SurveyDecision {
  if (!facts.settings.enabled) return { ask: false, reason: 'disabled' };
  if (facts.ticket.internal || facts.ticket.channel === 'internal') return { ask: false, reason: 'internal_ticket' };
  if (facts.ticket.folder !== 'inbox') return { ask: false, reason: 'not_in_queue' };
  if (facts.alreadyAsked) return { ask: false, reason: 'already_asked' };
  if (!facts.answered) return { ask: false, reason: 'not_answered' };
  if (facts.ticket.channel === 'chat') return { ask: true, way: 'widget' };
  if (facts.moment === 'chat_ended') return { ask: false, reason: 'channel_without_survey' };
  if (facts.ticket.channel !== 'email' && facts.ticket.channel !== 'web_form') return { ask: false, reason: 'channel_without_survey' };
  if (!facts.contactAddress) return { ask: false, reason: 'no_address' };
  if (facts.newestLetterAutomated !== null) return { ask: false, reason: 'automated_mail' };
  return { ask: true, way: 'email' };
}

/** Why a rating is not taken. */
export type RatingRefusal = 'already_rated' | 'expired';

/** Whether a survey still takes a rating at `now`: once, within its time. */
export function ratingRefusal(survey: { readonly ratedAt: Date | null; readonly expiresAt: Date }, now: Date): RatingRefusal | null {
  if (survey.ratedAt !== null) return 'already_rated';
  if (survey.expiresAt.getTime() <= now.getTime()) return 'expired';
  return null;
}

/** What a rating does to its ticket: a bad one may reopen it (when resolved) and may tell its agent. */
export function ratingConsequences(
  settings: Pick<SatisfactionSettings, 'reopenOnBad' | 'notifyOnBad'>,
  rating: SatisfactionRating,
  ticket: { readonly status: BaseStatus; readonly assignedAgentId: number | null },
): { readonly reopen: boolean; readonly notifyAgentId: number | null } {
  if (rating === 'good') return { reopen: false, notifyAgentId: null };
  return {
    reopen: settings.reopenOnBad && ticket.status === 'resolved',
    notifyAgentId: settings.notifyOnBad ? ticket.assignedAgentId : null,
  };
}

/** A comment as kept: trimmed, empty is none. */
export function ratingComment(comment: string | null | undefined): string | null {
  const trimmed = comment?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}
