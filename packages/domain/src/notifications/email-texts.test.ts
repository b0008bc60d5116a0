import { describe, expect, it } from 'vitest';
import { NOTIFICATION_LOCALES, notificationMail } from './email-texts.js';

const facts = { number: '1042', subject: 'Printer on fire', department: 'Support', customer: 'Anna', by: 'Ben', excerpt: 'It is\nreally on fire.', url: 'https://help.example/tickets/1042' };

describe('notification emails', () => {
  it('lead the subject with the ticket number, quote what was written and link to the ticket', () => {
    const mail = notificationMail('customer_reply', 'en', facts);
    expect(mail.subject).toBe('[#1042] Anna replied: Printer on fire');
    expect(mail.text).toContain('> It is\n> really on fire.');
    expect(mail.text).toContain('Open the ticket: https://help.example/tickets/1042');
  });

  it('speak each of the six languages, and English for an unknown one', () => {
    const subjects = NOTIFICATION_LOCALES.map((locale) => notificationMail('assigned', locale, facts).subject);
    expect(new Set(subjects).size).toBe(6);
    for (const subject of subjects) expect(subject.startsWith('[#1042] ')).toBe(true);
    expect(notificationMail('assigned', 'de', facts).subject).toBe('[#1042] Assigned to you: Printer on fire');
    expect(notificationMail('assigned', 'ru', { ...facts, by: null }).text.startsWith('Это обращение назначено вам.')).toBe(true);
  });

  it('shortens a long message and keeps a subject on one line', () => {
    const mail = notificationMail('new_ticket', 'lv', { ...facts, subject: 'Line one\nline two', excerpt: 'x'.repeat(5000) });
    expect(mail.subject).toBe('[#1042] Jauns pieteikums nodaļā Support: Line one line two');
    expect(mail.text.length).toBeLessThan(1400);
  });
});
