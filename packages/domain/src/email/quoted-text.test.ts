import { describe, expect, it } from 'vitest';
import { isAttributionLine, isQuotedHeaderBlock, splitQuotedText } from './quoted-text.js';

describe('isAttributionLine', () => {
  it.each([
    'On Mon, 3 May 2026 at 10:00, Ann Lee <ann@example.com> wrote:',
    'Am 03.05.2026 um 10:00 schrieb Ann Lee <ann@example.com>:',
    'Le lun. 3 mai 2026 à 10:00, Ann <ann@example.com> a écrit :',
    'El lun, 3 may 2026 a las 10:00, Ann (<ann@example.com>) escribió:',
    'пн, 3 мая 2026 г. в 10:00, Анна <ann@example.com>:  написал:',
    '3.05.2026, 10:00, Анна <ann@example.com> написа:',
    'пн, 3 трав. 2026 о 10:00 Анна <ann@example.com> пише:',
    'Στις Δευ 3 Μαΐ 2026 στις 10:00, ο/η Άννα <ann@example.com> έγραψε:',
    'pirmd., 2026. g. 3. maijs, plkst. 10:00 — Anna <ann@example.com> rakstīja:',
    '-----Original Message-----',
    '---------- Forwarded message ---------',
  ])('recognises %s', (line) => {
    expect(isAttributionLine(line)).toBe(true);
  });

  it.each([
    'On Monday we wrote the report.',
    'I wrote: the printer is on fire',
    'Thanks, Ann',
    '',
    `On ${'x'.repeat(500)} wrote:`,
  ])('leaves ordinary prose alone: %s', (line) => {
    expect(isAttributionLine(line)).toBe(false);
  });
});

describe('isQuotedHeaderBlock', () => {
  it('recognises Outlook header blocks in several languages', () => {
    expect(isQuotedHeaderBlock(['From: Ann Lee <ann@example.com>', 'Sent: Monday, May 3, 2026 10:00', 'To: help@example.com'])).toBe(true);
    expect(isQuotedHeaderBlock(['Von: Ann Lee', 'Gesendet: Montag', 'An: help@example.com', 'Betreff: Drucker'])).toBe(true);
    expect(isQuotedHeaderBlock(['От: Анна', 'Отправлено: 3 мая 2026 г.', 'Кому: help@example.com', 'Тема: Принтер'])).toBe(true);
  });

  it('does not take one "From:" line for a header block', () => {
    expect(isQuotedHeaderBlock(['From: the sales team we heard nothing.', 'Please call me back.'])).toBe(false);
    expect(isQuotedHeaderBlock(['Sent: yesterday', 'From: Ann'])).toBe(false);
    expect(isQuotedHeaderBlock(['From: Ann'])).toBe(false);
  });
});

describe('splitQuotedText', () => {
  it('folds trailing > lines with their attribution line', () => {
    const text = 'Still broken, sorry.\n\nAnn\n\nOn Mon, 3 May 2026 at 10:00, Help <help@example.com> wrote:\n> Have you tried turning it off?\n>\n> Bob\n';
    const split = splitQuotedText(text);
    expect(split.main).toBe('Still broken, sorry.\n\nAnn');
    expect(split.quoted).toMatch(/^On Mon.*wrote:\n> Have you tried/);
  });

  it('folds an Outlook header block and everything after it', () => {
    const text = 'Thanks, that fixed it.\n\nFrom: Help <help@example.com>\nSent: Monday, May 3, 2026 10:00\nTo: Ann\nSubject: Printer\n\nHave you tried…';
    const split = splitQuotedText(text);
    expect(split.main).toBe('Thanks, that fixed it.');
    expect(split.quoted).toMatch(/^From: Help/);
  });

  it('keeps inline answers between quotes unfolded, folding only the trailing quote', () => {
    const text = '> Which model?\nLaserJet 4\n> And the error?\nE13';
    expect(splitQuotedText(text)).toEqual({ main: text, quoted: null });
  });

  it('leaves a letter without a quote, or one that is only a quote, whole', () => {
    expect(splitQuotedText('Hello,\nthe printer is on fire.')).toEqual({ main: 'Hello,\nthe printer is on fire.', quoted: null });
    expect(splitQuotedText('> only a quote\n> here')).toEqual({ main: '> only a quote\n> here', quoted: null });
  });
});
