import { isUtf8 } from 'node:buffer';
import { analyse } from 'chardet';

/** Charsets that define (nearly) every byte: a successful decode in one is weak evidence, so they come last. */
export const SINGLE_BYTE = /^(iso-8859-|windows-125|cp125|koi8|us-ascii|ascii|latin)/i;

/**
 * The charsets a letter names itself, in order of appearance: `charset=` parameters of any part first,
 * then those of RFC 2047 encoded words (`=?windows-1251?B?…?=`). UTF-8 and ASCII are left out: they are
 * always tried.
 */
export function declaredCharsets(raw: Buffer): string[] {
  const text = raw.toString('latin1');
  const found: string[] = [];
  const add = (name: string) => {
    const charset = name.toLowerCase();
    if (!found.includes(charset) && charset !== 'utf-8' && charset !== 'us-ascii') found.push(charset);
  };
  for (const match of text.matchAll(/charset\s*=\s*"?([A-Za-z0-9_.:-]+)/gi)) add(match[1]!);
  for (const match of text.matchAll(/=\?([A-Za-z0-9_.:-]+?)(?:\*[A-Za-z-]+)?\?[BbQq]\?/g)) add(match[1]!);
  return found;
}

/** Whether every byte sequence is defined in the charset. */
export function decodes(bytes: Uint8Array, charset: string): boolean {
  try {
    new TextDecoder(charset, { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false; // not this charset (or one TextDecoder does not know)
  }
}

/** Detection confidence (chardet's 0–100) below which a guess is worse than leaving the text alone. */
const CONFIDENT = 30;

/**
 * The charset 8-bit bytes that came without a label are most likely in: UTF-8 when they are valid UTF-8;
 * else a charset the letter declares elsewhere (multibyte ones first, as they refuse what they cannot
 * decode; among several single-byte ones, the one detection on `evidence` ranks highest); else what
 * detection finds with confidence. Null when the bytes are ASCII or nothing fits.
 */
export function guessCharset(bytes: Uint8Array, declared: readonly string[], evidence: Uint8Array = bytes): string | null {
  if (!bytes.some((b) => b >= 0x80)) return null;
  if (isUtf8(bytes)) return 'utf-8';
  const multibyte = declared.filter((c) => !SINGLE_BYTE.test(c) && decodes(bytes, c));
  if (multibyte.length > 0) return multibyte[0]!;
  const singleByte = declared.filter((c) => SINGLE_BYTE.test(c) && decodes(bytes, c));
  if (singleByte.length === 1) return singleByte[0]!;
  const ranked = analyse(evidence).map((m) => ({ encoding: whatwgName(m.name), confidence: m.confidence }));
  if (singleByte.length > 1) {
    const best = ranked.find((m) => singleByte.some((c) => whatwgName(c) === m.encoding));
    return singleByte.find((c) => whatwgName(c) === best?.encoding) ?? singleByte[0]!;
  }
  const detected = ranked.find((m) => m.confidence >= CONFIDENT && m.encoding !== null && decodes(bytes, m.encoding));
  return detected?.encoding && detected.encoding !== 'utf-8' ? detected.encoding : null;
}

/** The WHATWG name of a charset label, to compare labels ("cp1251" and "windows-1251" are one); null when unknown. */
function whatwgName(label: string): string | null {
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return null;
  }
}

/**
 * A letter's runs of 8-bit bytes (first 256 KB), one word each: more text for detection than one file name
 * or header, without the ASCII header noise that dilutes a detector's statistics.
 */
export function eightBitWords(raw: Buffer): Buffer {
  const words = raw.subarray(0, 256 * 1024).toString('latin1').match(/[\x80-\xff]+/g) ?? [];
  return Buffer.from(words.join(' '), 'latin1');
}
