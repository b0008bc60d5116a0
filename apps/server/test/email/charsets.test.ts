import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEmail } from '../../src/modules/email/parse-email.js';
import { corporaDir } from '../helpers/corpora.js';

/**
 * The charsets our customers write in, checked against the WHATWG Encoding Standard's own tables rather
 * than against our code: each sentence is encoded byte by byte from the table, wrapped the ways mail clients
 * wrap it (RFC 2047 B and Q subjects, an RFC 2231 file name, a quoted-printable and a base64 body, under
 * several spellings of the label), and must come back as the same text.
 */
const SENTENCES: Record<string, string> = {
  ru: 'Здравствуйте! Мой заказ 1042 не пришёл, помогите, пожалуйста.',
  uk: 'Добрий день! Моє замовлення ще не прийшло, ґудзик і їжак чекають.',
  bg: 'Здравейте! Поръчката ми още не е пристигнала, моля помогнете.',
  el: 'Καλημέρα! Η παραγγελία μου δεν έφτασε ακόμα, βοηθήστε με παρακαλώ.',
  lv: 'Labdien! Mans pasūtījums vēl nav pienācis, lūdzu palīdziet ātri.',
};

/** Which sentences each table can carry, and label spellings clients use for it. */
const CHARSETS: { table: string; labels: string[]; languages: string[] }[] = [
  { table: 'koi8-r', labels: ['koi8-r', 'KOI8-R', 'cskoi8r'], languages: ['ru', 'bg'] },
  { table: 'koi8-u', labels: ['koi8-u', 'KOI8-U'], languages: ['ru', 'uk', 'bg'] },
  { table: 'windows-1251', labels: ['windows-1251', 'cp1251', 'x-cp1251'], languages: ['ru', 'uk', 'bg'] },
  { table: 'iso-8859-5', labels: ['iso-8859-5', 'ISO_8859-5', 'iso-ir-144'], languages: ['ru', 'bg'] },
  { table: 'iso-8859-7', labels: ['iso-8859-7', 'ISO-8859-7', 'greek'], languages: ['el'] },
  { table: 'windows-1253', labels: ['windows-1253', 'cp1253'], languages: ['el'] },
  { table: 'windows-1257', labels: ['windows-1257', 'cp1257'], languages: ['lv'] },
  { table: 'iso-8859-13', labels: ['iso-8859-13', 'ISO-8859-13'], languages: ['lv'] },
];

const corpora = corporaDir();
const tables = corpora ? join(corpora, 'whatwg-encoding') : null;

/** Code point → byte, from a WHATWG single-byte index (pointer + 0x80 is the byte). */
function encoderFor(table: string): (text: string) => Buffer {
  const map = new Map<number, number>();
  for (const line of readFileSync(join(tables!, `index-${table}.txt`), 'utf8').split('\n')) {
    const match = /^\s*(\d+)\s+0x([0-9A-F]+)/i.exec(line);
    if (match && !map.has(Number.parseInt(match[2]!, 16))) map.set(Number.parseInt(match[2]!, 16), Number(match[1]) + 0x80);
  }
  return (text) =>
    Buffer.from(
      [...text].map((ch) => {
        const code = ch.codePointAt(0)!;
        if (code < 0x80) return code;
        const byte = map.get(code);
        if (byte === undefined) throw new Error(`${table} cannot carry ${ch}`);
        return byte;
      }),
    );
}

const quotedPrintable = (bytes: Buffer) =>
  [...bytes].map((b) => (b >= 33 && b <= 126 && b !== 61 ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('').replace(/(.{70})/g, '$1=\r\n');
const qWord = (label: string, bytes: Buffer) =>
  `=?${label}?Q?${[...bytes].map((b) => (/[A-Za-z0-9]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('')}?=`;
const percent = (bytes: Buffer) => [...bytes].map((b) => (/[A-Za-z0-9.]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

function letter(label: string, encode: (text: string) => Buffer, text: string, subjectWord: 'B' | 'Q'): Buffer {
  const subject = subjectWord === 'B' ? `=?${label}?B?${encode(text.slice(0, 30)).toString('base64')}?=` : qWord(label, encode(text.slice(0, 30)));
  const name = `${text.split(' ')[0]!.replace(/[!,.]/g, '')}.txt`;
  const lines = [
    'From: Customer <customer@example.com>',
    'To: help@parley.example',
    `Subject: ${subject}`,
    'Message-ID: <charset-test@example.com>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    '--b',
    `Content-Type: text/plain; charset="${label}"`,
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(encode(text)),
    '--b',
    `Content-Type: text/plain; charset=${label}`,
    'Content-Transfer-Encoding: base64',
    `Content-Disposition: attachment; filename*=${label}''${percent(encode(name))}`,
    '',
    encode(text).toString('base64'),
    '--b--',
    '',
  ];
  return Buffer.from(lines.join('\r\n'), 'latin1');
}

describe.skipIf(!tables)('every charset our customers write in (WHATWG tables in shared/corpora/whatwg-encoding)', () => {
  const cases = CHARSETS.flatMap(({ table, labels, languages }) => labels.flatMap((label) => languages.map((language) => ({ table, label, language }))));

  it.each(cases)('$table as "$label", $language: subject (B and Q), body, file name and file content', async ({ table, label, language }) => {
    const encode = encoderFor(table);
    const text = SENTENCES[language]!;
    for (const word of ['B', 'Q'] as const) {
      const parsed = await parseEmail(letter(label, encode, text, word));
      expect(parsed.subject).toBe(text.slice(0, 30).trim());
      expect(parsed.text?.trim()).toBe(text);
      expect(parsed.attachments).toHaveLength(1);
      expect(parsed.attachments[0]!.filename).toBe(`${text.split(' ')[0]!.replace(/[!,.]/g, '')}.txt`);
      expect(new TextDecoder(table).decode(parsed.attachments[0]!.content)).toBe(text);
    }
  });
});

if (!tables) console.warn('shared/corpora not found (set PARLEY_CORPORA): the charset test is skipped');
