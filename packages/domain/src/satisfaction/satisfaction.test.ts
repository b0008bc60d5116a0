import { describe, expect, it } from 'vitest';
import { formatRatingToken, ratingTokenPayload, verifiedRatingToken } from './rating-token.js';
import {
  DEFAULT_SATISFACTION_SETTINGS, ratingComment, ratingConsequences, ratingRefusal, readSatisfactionSettings, SURVEY_LOCALES, type SurveyFacts, surveyDecision,
  surveyLocaleFromAcceptLanguage,
} from './satisfaction.js';
import { surveyLetter, surveyWords } from './survey-texts.js';

const facts = (change: Partial<SurveyFacts> = {}): SurveyFacts => ({
  settings: { enabled: true },
  moment: 'resolved',
  ticket: { internal: false, channel: 'email', folder: 'inbox' },
  contactAddress: 'ana@example.com',
  newestLetterAutomated: null,
  answered: true,
  alreadyAsked: false,
  ...change,
});

describe('whether a customer is asked to rate', () => {
  it('asks a resolved email or web-form ticket by letter, an ended chat in the widget', () => {
    expect(surveyDecision(facts())).toEqual({ ask: true, way: 'email' });
    expect(surveyDecision(facts({ ticket: { internal: false, channel: 'web_form', folder: 'inbox' } }))).toEqual({ ask: true, way: 'email' });
    expect(surveyDecision(facts({ moment: 'chat_ended', ticket: { internal: false, channel: 'chat', folder: 'inbox' }, contactAddress: null }))).toEqual({ ask: true, way: 'widget' });
  });

  it('never asks about internal tickets, robots, the unanswered, the trash, twice, or when switched off', () => {
    expect(surveyDecision(facts({ ticket: { internal: true, channel: 'email', folder: 'inbox' } }))).toEqual({ ask: false, reason: 'internal_ticket' });
    expect(surveyDecision(facts({ ticket: { internal: false, channel: 'internal', folder: 'inbox' } }))).toEqual({ ask: false, reason: 'internal_ticket' });
    expect(surveyDecision(facts({ newestLetterAutomated: 'auto_reply' }))).toEqual({ ask: false, reason: 'automated_mail' });
    expect(surveyDecision(facts({ newestLetterAutomated: 'bounce' }))).toEqual({ ask: false, reason: 'automated_mail' });
    expect(surveyDecision(facts({ answered: false }))).toEqual({ ask: false, reason: 'not_answered' });
    expect(surveyDecision(facts({ ticket: { internal: false, channel: 'email', folder: 'spam' } }))).toEqual({ ask: false, reason: 'not_in_queue' });
    expect(surveyDecision(facts({ alreadyAsked: true }))).toEqual({ ask: false, reason: 'already_asked' });
    expect(surveyDecision(facts({ settings: { enabled: false } }))).toEqual({ ask: false, reason: 'disabled' });
    expect(surveyDecision(facts({ contactAddress: null }))).toEqual({ ask: false, reason: 'no_address' });
    // A chat an agent resolved is asked in the widget too; an API ticket has no way to ask.
    expect(surveyDecision(facts({ ticket: { internal: false, channel: 'chat', folder: 'inbox' }, contactAddress: null }))).toEqual({ ask: true, way: 'widget' });
    expect(surveyDecision(facts({ ticket: { internal: false, channel: 'api', folder: 'inbox' } }))).toEqual({ ask: false, reason: 'channel_without_survey' });
    expect(surveyDecision(facts({ moment: 'chat_ended' }))).toEqual({ ask: false, reason: 'channel_without_survey' });
  });
});

describe('a rating', () => {
  it('is taken once, within its time', () => {
    const now = new Date('2027-01-10T00:00:00Z');
    expect(ratingRefusal({ ratedAt: null, expiresAt: new Date('2027-01-11T00:00:00Z') }, now)).toBeNull();
    expect(ratingRefusal({ ratedAt: new Date('2027-01-09T00:00:00Z'), expiresAt: new Date('2027-01-11T00:00:00Z') }, now)).toBe('already_rated');
    expect(ratingRefusal({ ratedAt: null, expiresAt: now }, now)).toBe('expired');
  });

  it('reopens a resolved ticket and tells its agent when bad, as the desk chose', () => {
    const resolved = { status: 'resolved' as const, assignedAgentId: 7 };
    expect(ratingConsequences({ reopenOnBad: true, notifyOnBad: true }, 'good', resolved)).toEqual({ reopen: false, notifyAgentId: null });
    expect(ratingConsequences({ reopenOnBad: true, notifyOnBad: true }, 'bad', resolved)).toEqual({ reopen: true, notifyAgentId: 7 });
    expect(ratingConsequences({ reopenOnBad: true, notifyOnBad: false }, 'bad', { status: 'open', assignedAgentId: 7 })).toEqual({ reopen: false, notifyAgentId: null });
    expect(ratingConsequences({ reopenOnBad: false, notifyOnBad: true }, 'bad', { status: 'resolved', assignedAgentId: null })).toEqual({ reopen: false, notifyAgentId: null });
  });

  it('keeps a comment trimmed, and an empty one as none', () => {
    expect(ratingComment('  Thanks!  ')).toBe('Thanks!');
    expect(ratingComment('   ')).toBeNull();
    expect(ratingComment(undefined)).toBeNull();
  });
});

describe('survey tokens', () => {
  const sign = (payload: string) => `sig-${payload}`.replace(/[^A-Za-z0-9_-]/g, '_').padEnd(24, 'x');
  const matches = (payload: string, signature: string) => sign(payload) === signature;

  it('name their survey when signed, and nothing otherwise', () => {
    const token = formatRatingToken(1234, sign(ratingTokenPayload(1234)));
    expect(token.startsWith('pcs1.ya.')).toBe(true);
    expect(verifiedRatingToken(token, matches)).toBe(1234);
    expect(verifiedRatingToken(token.replace('pcs1.ya.', 'pcs1.yb.'), matches)).toBeNull();
    expect(verifiedRatingToken(token.replace('pcs1.ya.', 'pcs1.0ya.'), matches)).toBeNull();
    expect(verifiedRatingToken(token.replace('pcs1.', 'pcs2.'), matches)).toBeNull();
    expect(verifiedRatingToken(`${token}.x`, matches)).toBeNull();
    expect(verifiedRatingToken('', matches)).toBeNull();
    expect(verifiedRatingToken('a'.repeat(201), matches)).toBeNull();
    expect(() => ratingTokenPayload(0)).toThrow(RangeError);
  });
});

describe('the survey\'s language and words', () => {
  it('follows Accept-Language by its weights, among the survey\'s languages', () => {
    expect(surveyLocaleFromAcceptLanguage('de-DE,lv;q=0.8,ru;q=0.9')).toBe('ru');
    expect(surveyLocaleFromAcceptLanguage('uk-UA')).toBe('uk');
    expect(surveyLocaleFromAcceptLanguage('de, fr;q=0.5')).toBeNull();
    expect(surveyLocaleFromAcceptLanguage('el;q=0')).toBeNull();
    expect(surveyLocaleFromAcceptLanguage(undefined)).toBeNull();
  });

  it('reads stored settings with the defaults filled in, and an unknown language as English', () => {
    expect(readSatisfactionSettings(null)).toEqual(DEFAULT_SATISFACTION_SETTINGS);
    expect(readSatisfactionSettings({ reopenOnBad: true, locale: 'xx' as never })).toEqual({ ...DEFAULT_SATISFACTION_SETTINGS, reopenOnBad: true, locale: 'en' });
  });

  it('has every word in every language, and a letter whose HTML takes nothing of the ticket as markup', () => {
    for (const locale of SURVEY_LOCALES) {
      const words = surveyWords(locale);
      for (const [key, value] of Object.entries(words)) expect(typeof value === 'function' ? value({ number: '1', subject: 's' }) : value, `${locale}.${key}`).not.toBe('');
    }
    const letter = surveyLetter('lv', { number: '42', subject: '<b>Rēķins</b> & co', goodUrl: 'https://desk.example/rate/t?rating=good&lang=lv', badUrl: 'https://desk.example/rate/t?rating=bad&lang=lv' });
    expect(letter.subject).toBe('[#42] Kā mums veicās? <b>Rēķins</b> & co');
    expect(letter.text).toContain('https://desk.example/rate/t?rating=good&lang=lv');
    expect(letter.html).toContain('&lt;b&gt;Rēķins&lt;/b&gt; &amp; co');
    expect(letter.html).toContain('href="https://desk.example/rate/t?rating=bad&amp;lang=lv"');
    expect(letter.html).not.toContain('<b>');
  });
});
