import { describe, expect, it } from 'vitest';
import { splitMbox } from '../../src/modules/email/mbox-reader.js';

const letter = (id: string, body: string[], eol = '\n') => [`From: a@customer.example`, `Message-ID: <${id}@customer.example>`, 'Subject: Hi', '', ...body, ''].join(eol);

describe('the mbox reader', () => {
  it('starts a letter only at a "From " line after a blank line (or the file start), as mboxo and mboxrd write', () => {
    const first = letter('one', ['Our offer:', 'From Monday on, prices change.', '', 'Regards']);
    const second = letter('two', ['Second letter.']);
    const file = `From a@customer.example Mon Nov 30 09:00:00 2026\n${first}\nFrom a@customer.example Mon Nov 30 09:01:00 2026\n${second}\n`;
    const parts = splitMbox(Buffer.from(file));
    expect(parts).toHaveLength(2);
    expect(parts[0]!.toString()).toBe(first);
    expect(parts[1]!.toString()).toBe(second);
  });

  it('reads CRLF files, undoes one level of ">From " escaping (mboxrd) and keeps every other byte', () => {
    const cyrillic = Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]); // "Привет" in windows-1251
    const body = Buffer.concat([Buffer.from('Content-Type: text/plain; charset=windows-1251\r\n\r\n'), cyrillic, Buffer.from('\r\n>From the start\r\n>>From deeper\r\nFrom mid-paragraph\r\n')]);
    const file = Buffer.concat([
      Buffer.from('From a@customer.example Mon Nov 30 09:00:00 2026\r\n'),
      body,
      Buffer.from('\r\nFrom b@customer.example Mon Nov 30 09:01:00 2026\r\nSubject: two\r\n\r\nx\r\n'),
    ]);
    const parts = splitMbox(file);
    expect(parts).toHaveLength(2);
    expect(parts[0]!.equals(Buffer.from(body.toString('latin1').replace('>From the', 'From the').replace('>>From', '>From'), 'latin1'))).toBe(true);
    expect(parts[0]!.includes(cyrillic)).toBe(true);
    expect(parts[1]!.toString()).toBe('Subject: two\r\n\r\nx');
  });
});
