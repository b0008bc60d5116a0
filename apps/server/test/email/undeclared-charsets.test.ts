import { describe, expect, it } from 'vitest';
import { parseEmail } from '../../src/modules/email/parse-email.js';

/** Text in a single-byte charset, byte by byte from the platform's WHATWG table (not from our code). */
function encode(text: string, charset: string): Buffer {
  const decoder = new TextDecoder(charset);
  const table = new Map<string, number>();
  for (let byte = 0; byte < 256; byte++) table.set(decoder.decode(Uint8Array.of(byte)), byte);
  return Buffer.from(Array.from(text, (c) => table.get(c) ?? 0x3f));
}

const letter = (...pieces: (string | Buffer)[]) => Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p.replace(/\n/g, '\r\n'), 'latin1') : p)));

const RU = 'Здравствуйте! Мой заказ 1042 не пришёл, счёт во вложении, помогите, пожалуйста.';
const NAME = 'Счёт-фактура 15 от 1 декабря.pdf';

describe('8-bit text the letter does not label', () => {
  for (const charset of ['windows-1251', 'koi8-r']) {
    it(`reads a raw 8-bit ${charset} attachment name in the charset the letter declares elsewhere`, async () => {
      const raw = letter(
        'From: a@customer.example\nTo: help@parley.example\nSubject: =?', charset, '?B?', Buffer.from('Счёт').toString('base64'), '?=\n',
        'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain; charset=utf-8\n\nSee the file.\n--b\n',
        'Content-Type: application/pdf; name="', encode(NAME, charset), '"\nContent-Disposition: attachment; filename="', encode(NAME, charset), '"\nContent-Transfer-Encoding: base64\n\nJVBERi0=\n--b--\n',
      );
      const parsed = await parseEmail(raw);
      expect(parsed.attachments.map((a) => a.filename)).toEqual([NAME]);
      expect(parsed.attachments[0]!.content.toString()).toBe('%PDF-');
    });

    it(`reads a raw 8-bit ${charset} name and body by detection when the letter declares nothing`, async () => {
      const raw = letter(
        'From: a@customer.example\nSubject: ', encode('Счёт на оплату за декабрь', charset), '\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain\n\n', encode(RU, charset), '\n--b\n',
        'Content-Type: application/pdf\nContent-Disposition: attachment; filename="', encode(NAME, charset), '"\nContent-Transfer-Encoding: base64\n\nJVBERi0=\n--b--\n',
      );
      const parsed = await parseEmail(raw);
      expect(parsed.attachments.map((a) => a.filename)).toEqual([NAME]);
      expect(parsed.text?.trim()).toBe(RU);
    });

    it(`reads an 8-bit ${charset} body with no charset by the encoded words' charset`, async () => {
      const raw = letter(
        'From: =?', charset, '?B?', Buffer.from(encode('Иван Петров', charset)).toString('base64'), '?= <ivan@customer.example>\nSubject: =?', charset, '?B?', encode('Заказ', charset).toString('base64'), '?=\n',
        'MIME-Version: 1.0\nContent-Type: text/plain\nContent-Transfer-Encoding: 8bit\n\n', encode(RU, charset), '\n',
      );
      const parsed = await parseEmail(raw);
      expect(parsed.subject).toBe('Заказ');
      expect(parsed.text?.trim()).toBe(RU);
    });

    it(`reads an 8-bit ${charset} body with no charset and no declarations by detection, in a multipart letter`, async () => {
      const raw = letter(
        'From: ivan@customer.example\nSubject: order\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=x\n\n--x\nContent-Type: text/plain\n\n', encode(RU, charset),
        '\n--x\nContent-Type: text/html\nContent-Transfer-Encoding: quoted-printable\n\n<p>', Buffer.from(Array.from(encode(RU, charset), (b) => (b >= 0x80 ? `=${b.toString(16).toUpperCase()}` : String.fromCharCode(b))).join(''), 'latin1'), '</p>\n--x--\n',
      );
      const parsed = await parseEmail(raw);
      expect(parsed.text?.trim()).toBe(RU);
      expect(parsed.html).toContain(RU);
    });
  }

  it('leaves a Latin-1 name from an encoded word, and a UTF-8 body without a charset, as they are', async () => {
    const raw = letter(
      'From: a@customer.example\nSubject: =?koi8-r?B?', encode('Заказ', 'koi8-r').toString('base64'), '?=\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain\n\n',
      Buffer.from('Grüße, Jürgen — ✓\n'), '--b\nContent-Type: application/pdf\nContent-Disposition: attachment; filename="=?iso-8859-1?Q?R=E9sum=E9.pdf?="\n\nx\n--b--\n',
    );
    const parsed = await parseEmail(raw);
    expect(parsed.text?.trim()).toBe('Grüße, Jürgen — ✓');
    expect(parsed.attachments.map((a) => a.filename)).toEqual(['Résumé.pdf']);
  });
});
