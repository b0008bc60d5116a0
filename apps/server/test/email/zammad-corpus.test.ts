import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ParsedEmail, parseEmail } from '../../src/modules/email/parse-email.js';
import { corporaDir } from '../helpers/corpora.js';

/**
 * Zammad's 115 real-world mails (Outlook, Apple Mail, Lotus, Gmail, spam, bounces) with what Zammad's parser
 * made of them: sender, display name, subject, HTML or text, and the files by md5 and name. Zammad is the
 * oracle, not the specification: where it is wrong (mojibake, a garbage address kept, a name split at a
 * comma) or chooses differently, the case is listed below with the reason, and only that field is skipped.
 * The body is checked by its first 60 characters of text, which must appear in ours (Zammad cleans HTML).
 */
const DIVERGENCES: Record<string, { fields: string[]; why: string }> = {
  'mail018.json': { fields: ['attachments'], why: 'mailparser reads the message/delivery-status part into the text body rather than as a file' },
  'mail019.json': { fields: ['body'], why: 'Zammad keeps the HTML <title> ("新建网页 4") at the start of the text; we do not show a title' },
  'mail023.json': { fields: ['body'], why: 'a forwarded message inline with raw 8-bit GB2312 headers: Zammad guesses their charset, we show replacement characters there' },
  'mail027.json': { fields: ['content_type'], why: 'the letter has an HTML alternative; Zammad preferred the text part' },
  'mail033-undelivered-mail-returned-to-sender.json': { fields: ['attachments'], why: 'delivery-status part in the text body (see mail018)' },
  'mail035.json': { fields: ['from_email'], why: 'Zammad keeps the quotes around the address; we strip them' },
  'mail044.json': { fields: ['from_email', 'from_display_name'], why: 'Zammad keeps a trailing dot in the address and takes a display name from another header' },
  'mail046.json': { fields: ['from_display_name', 'attachments'], why: 'Zammad decodes the raw GB2312 name as Latin-1 mojibake; we decode it as GB2312 (武兰成)' },
  'mail049.json': { fields: ['attachments'], why: 'the part has two names (Content-Type name vs Content-Disposition filename); we take the disposition one' },
  'mail053.json': { fields: ['from_email', 'from_display_name', 'attachments'], why: '"MAILER-DAEMON" without a domain is no address; a bounce needs no contact' },
  'mail055.json': { fields: ['attachments'], why: 'delivery-status part in the text body (see mail018)' },
  'mail059.json': { fields: ['from_display_name'], why: 'an unquoted comma in the display name: Zammad keeps "LTD", we keep the whole name' },
  'mail060.json': { fields: ['body'], why: 'Zammad decodes the Japanese part as the wrong charset (mojibake); ours reads it (差出人)' },
  'mail062.json': { fields: ['attachments'], why: 'unnamed text/html parts are read as body alternatives; unnamed videos are numbered past the named Video1–3.MOV' },
  'mail063.json': { fields: ['attachments'], why: 'delivery-status part in the text body (see mail018)' },
  'mail064.json': { fields: ['attachments'], why: 'Zammad mangles the NFD accents of the file name; we keep them (Capture d’écran … à …)' },
  'mail065.json': { fields: ['from_display_name'], why: 'Zammad leaves a broken encoded word ("=20Andreas?="); we decode the name (Bürling, Andreas)' },
  'mail066.json': { fields: ['body'], why: 'Zammad keeps the HTML <title> ("Glückwunschkarte") at the start of the text' },
  'mail071.json': { fields: ['from_email', 'from_display_name'], why: 'a space inside the angle brackets: Zammad keeps "power quadrant system@…", we take the address' },
  'mail072.json': { fields: ['body'], why: 'Zammad shows windows-1250 mojibake ("ŕ", "aoűt"); ours is right (à, août)' },
  'mail073.json': { fields: ['attachments'], why: 'Zammad has a replacement character in the file name; we decode it (Wölbung)' },
  'mail076.json': { fields: ['from_email', 'from_display_name'], why: 'spam with no parseable address at all; we find no sender rather than invent one' },
  'mail078.json': { fields: ['attachments'], why: 'delivery-status part in the text body (see mail018)' },
  'mail082.json': { fields: ['body'], why: 'Zammad turns the apostrophe into a curly quote; ours keeps what was sent' },
  'mail085.json': { fields: ['attachments'], why: 'an unnamed text/html part is read as a body alternative' },
  'mail087.json': { fields: ['from_email', 'from_display_name', 'attachments'], why: '"From: Test test@example.com": we read name Test and address test@example.com; an unnamed part is read into the body' },
  'mail092.json': { fields: ['attachments'], why: 'delivery-status part in the text body (see mail018)' },
  'mail093.json': { fields: ['from_display_name', 'subject'], why: 'Shift_JIS bytes labelled ISO-2022-JP; we do not guess against the label' },
  'mail100.json': { fields: ['attachments'], why: 'one image part with a Content-ID and a Content-Type name: we take its name for both' },
  'mail102.json': { fields: ['content_type', 'attachments'], why: 'Apple Mail text with images: no HTML part; Zammad builds one, and numbers a name differently' },
  'mail111.json': { fields: ['body'], why: 'text and HTML parts mixed (not alternatives): our text is the text parts; the console shows the HTML parts as HTML' },
  'mail112.json': { fields: ['body'], why: 'text and HTML parts mixed (not alternatives): our text is the text parts; the console shows the HTML parts as HTML' },
  'mail117.json': { fields: ['from_email'], why: 'the spoofing case: the encoded word is not decoded into another address (Zammad rewrites it differently, also undecoded)' },
};

/** Text for comparing bodies: tags out, the common entities decoded, whitespace collapsed. */
const words = (html: string) =>
  html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
/** Zammad's own words for a letter without text; not something a parser should produce. */
const ZAMMAD_EMPTY = 'no visible content';

const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');
const lf = (data: Buffer) => Buffer.from(data.toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
const nfc = (value: unknown) => String(value ?? '').normalize('NFC');

interface Expected {
  from_email?: string;
  from_display_name?: string;
  subject?: string | null;
  body?: string | null;
  content_type?: string;
  attachments?: { filename: string; md5_of_data: string; size: number; preferences?: Record<string, unknown> }[];
  _source_box: string;
}

function differences(expected: Expected, got: ParsedEmail): Record<string, string> {
  const found: Record<string, string> = {};
  if (expected.from_email !== undefined && expected.from_email.toLowerCase() !== got.from?.address) found.from_email = `${expected.from_email} ≠ ${got.from?.address}`;
  if (expected.from_display_name !== undefined && (expected.from_display_name || null) !== (got.from?.name ?? null)) found.from_display_name = `${expected.from_display_name} ≠ ${got.from?.name}`;
  if (expected.subject !== undefined && (expected.subject ?? '').replace(/\s+/g, ' ').trim() !== got.subject) found.subject = `${expected.subject} ≠ ${got.subject}`;
  // The body: the start of Zammad's (cleaned) text must be in ours; Zammad rewrites HTML, so equality is the wrong test.
  const wanted = typeof expected.body === 'string' ? words(expected.body).slice(0, 60) : '';
  if (wanted && wanted !== ZAMMAD_EMPTY && !`${words(got.text ?? '')} ${words(got.html ?? '')}`.includes(wanted)) found.body = `«${wanted}» not in the text`;
  if (expected.content_type && (expected.content_type === 'text/html') !== (got.html !== null)) found.content_type = `${expected.content_type}, html ${got.html !== null}`;
  const files = (expected.attachments ?? []).filter((a) => !a.preferences?.['original-format']);
  for (const file of files) {
    const match = got.attachments.find((a) => md5(a.content) === file.md5_of_data || md5(lf(a.content)) === file.md5_of_data);
    if (!match) found.attachments = `${found.attachments ?? ''} missing ${file.filename};`;
    else if (nfc(match.filename) !== nfc(file.filename)) found.attachments = `${found.attachments ?? ''} ${file.filename} named ${match.filename};`;
  }
  return found;
}

const corpora = corporaDir();
const zammad = corpora ? join(corpora, 'zammad') : null;

describe.skipIf(!zammad)('the Zammad mail corpus (shared/corpora/zammad)', () => {
  const cases = zammad ? readdirSync(join(zammad, 'expected-json')).filter((f) => f.endsWith('.json')).sort() : [];

  it('has the cases it should', () => {
    expect(cases.length).toBeGreaterThanOrEqual(115);
  });

  it.each(cases)('%s: sender, subject, body kind and files as expected', async (name) => {
    const expected = JSON.parse(readFileSync(join(zammad!, 'expected-json', name), 'utf8')) as Expected;
    const got = await parseEmail(readFileSync(join(zammad!, expected._source_box)));
    const found = differences(expected, got);
    const allowed = DIVERGENCES[name]?.fields ?? [];
    const unexpected = Object.fromEntries(Object.entries(found).filter(([field]) => !allowed.includes(field)));
    expect(unexpected).toEqual({});
  });

  it('lists only divergences that still occur, so a fixed one is noticed', async () => {
    for (const [name, { fields }] of Object.entries(DIVERGENCES)) {
      const expected = JSON.parse(readFileSync(join(zammad!, 'expected-json', name), 'utf8')) as Expected;
      const found = differences(expected, await parseEmail(readFileSync(join(zammad!, expected._source_box))));
      expect(Object.keys(found).some((field) => fields.includes(field)), name).toBe(true);
    }
  });
});

if (!zammad) console.warn('shared/corpora not found (set PARLEY_CORPORA): the Zammad mail corpus test is skipped');
