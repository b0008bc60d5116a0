import { describe, expect, it } from 'vitest';
import { cleanFileName } from './file-name.js';

describe('cleanFileName', () => {
  it('removes every bidi control, so a name reads as it is', () => {
    expect(cleanFileName('invoice\u202Egnp.exe')).toBe('invoicegnp.exe');
    for (const c of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C']) {
      expect(cleanFileName(`a${c}b.txt`)).toBe('ab.txt');
    }
  });

  it('removes controls and zero-width characters but keeps joiners that scripts need', () => {
    expect(cleanFileName('a\u0000\u0007\u009f\u200b\ufeff\u2060b.pdf')).toBe('ab.pdf');
    expect(cleanFileName('می\u200cخواهم.txt')).toBe('می\u200cخواهم.txt');
    expect(cleanFileName('👩\u200d💻.png')).toBe('👩\u200d💻.png');
  });

  it('keeps only the last path segment, and falls back when nothing is left', () => {
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('C:\\x\\y.doc')).toBe('y.doc');
    expect(cleanFileName('\u202E ')).toBe('file');
    expect(cleanFileName(undefined, 'image')).toBe('image');
  });

  it('keeps names in any script and caps the length in code points', () => {
    expect(cleanFileName('ekrānuzņēmums – счёт №5 – λογαριασμός.png')).toBe('ekrānuzņēmums – счёт №5 – λογαριασμός.png');
    expect(Array.from(cleanFileName('😀'.repeat(300))).length).toBe(255);
  });
});
