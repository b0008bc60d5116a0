import { describe, expect, it } from 'vitest';
import { classifyAutomatedMail, mayAnswerAutomatically } from './automated-mail.js';

describe('automated mail', () => {
  it('takes a person\'s letter for what it is, Exchange\'s suppress header included', () => {
    expect(classifyAutomatedMail({})).toBeNull();
    expect(classifyAutomatedMail({ autoSubmitted: 'no', precedence: 'normal', returnPath: '<anna@example.com>', fromAddress: 'anna@example.com' })).toBeNull();
    expect(classifyAutomatedMail({ autoReplyMarkers: ['X-Auto-Response-Suppress'] })).toBeNull();
    expect(mayAnswerAutomatically(null)).toBe(true);
  });

  it('recognizes bounces: delivery reports, the null sender, mailer-daemon', () => {
    expect(classifyAutomatedMail({ contentType: 'multipart/report; report-type=delivery-status; boundary="x"' })).toBe('bounce');
    expect(classifyAutomatedMail({ contentType: 'multipart/report; report-type="disposition-notification"' })).toBe('bounce');
    expect(classifyAutomatedMail({ returnPath: ' <> ' })).toBe('bounce');
    expect(classifyAutomatedMail({ fromAddress: 'MAILER-DAEMON@mx.example.com' })).toBe('bounce');
    expect(classifyAutomatedMail({ fromAddress: 'postmaster@example.com', autoSubmitted: 'auto-replied' })).toBe('bounce');
    expect(classifyAutomatedMail({ contentType: 'multipart/mixed; report-type=delivery-status' })).toBeNull();
  });

  it('recognizes auto-replies by Auto-Submitted, the X-Autoreply family and Precedence', () => {
    expect(classifyAutomatedMail({ autoSubmitted: 'auto-replied' })).toBe('auto_reply');
    expect(classifyAutomatedMail({ autoSubmitted: 'Auto-Generated' })).toBe('auto_reply');
    expect(classifyAutomatedMail({ autoReplyMarkers: ['X-Autoreply'] })).toBe('auto_reply');
    expect(classifyAutomatedMail({ autoReplyMarkers: ['x-autorespond'] })).toBe('auto_reply');
    expect(classifyAutomatedMail({ precedence: 'junk' })).toBe('auto_reply');
    expect(classifyAutomatedMail({ precedence: 'auto_reply' })).toBe('auto_reply');
    expect(mayAnswerAutomatically('auto_reply')).toBe(false);
  });

  it('recognizes mailing-list traffic by Precedence and List-* headers', () => {
    expect(classifyAutomatedMail({ precedence: 'bulk' })).toBe('mailing_list');
    expect(classifyAutomatedMail({ precedence: 'LIST' })).toBe('mailing_list');
    expect(classifyAutomatedMail({ listHeaders: true })).toBe('mailing_list');
    expect(mayAnswerAutomatically('mailing_list')).toBe(false);
    expect(mayAnswerAutomatically('bounce')).toBe(false);
  });
});
