import { isUtf8 } from 'node:buffer';
import { guessCharset } from './charset-guess.js';

/** A header field of one MIME entity: its unfolded value and where its last line ends (before the line break). */
interface Field {
  readonly value: string;
  readonly end: number;
}

/** The entity's header fields by lower-cased name (first occurrence) and where its body starts. */
function readHeader(raw: Buffer, start: number, end: number): { fields: Map<string, Field>; bodyStart: number } {
  const fields = new Map<string, Field>();
  let name: string | null = null;
  let value = '';
  let fieldEnd = start;
  const flush = () => {
    if (name !== null && !fields.has(name)) fields.set(name, { value, end: fieldEnd });
  };
  let at = start;
  while (at < end) {
    const newline = raw.indexOf(0x0a, at);
    const lineEnd = newline < 0 || newline >= end ? end : newline;
    const contentEnd = lineEnd > at && raw[lineEnd - 1] === 0x0d ? lineEnd - 1 : lineEnd;
    if (contentEnd === at) {
      flush();
      return { fields, bodyStart: Math.min(lineEnd + 1, end) };
    }
    const line = raw.toString('latin1', at, contentEnd);
    if ((line[0] === ' ' || line[0] === '\t') && name !== null) {
      value += line;
      fieldEnd = contentEnd;
    } else {
      flush();
      const colon = line.indexOf(':');
      name = colon > 0 ? line.slice(0, colon).trim().toLowerCase() : null;
      value = colon > 0 ? line.slice(colon + 1) : '';
      fieldEnd = contentEnd;
    }
    at = lineEnd + 1;
  }
  flush();
  return { fields, bodyStart: end };
}

const param = (value: string, name: string): string | null => new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value)?.slice(1).find((v) => v !== undefined) ?? null;

function decodeTransfer(body: Buffer, encoding: string): Buffer {
  if (encoding === 'base64') return Buffer.from(body.toString('latin1').replace(/[^A-Za-z0-9+/]/g, ''), 'base64');
  if (encoding !== 'quoted-printable') return body;
  const text = body.toString('latin1').replace(/=\r?\n/g, '');
  return Buffer.from(text.replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))), 'latin1');
}

/** Start offsets of each part between `--boundary` delimiter lines, up to the closing delimiter. */
function partRanges(raw: Buffer, start: number, end: number, boundary: string): [number, number][] {
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  const ranges: [number, number][] = [];
  let partStart: number | null = null;
  for (let at = raw.indexOf(delimiter, start); at >= 0 && at < end; at = raw.indexOf(delimiter, at + delimiter.length)) {
    if (at !== start && raw[at - 1] !== 0x0a) continue; // not at a line start
    const lineBreakBefore = at > start && raw[at - 2] === 0x0d ? at - 2 : at - 1;
    if (partStart !== null) ranges.push([partStart, Math.max(partStart, lineBreakBefore)]);
    const closing = raw[at + delimiter.length] === 0x2d && raw[at + delimiter.length + 1] === 0x2d;
    if (closing) return ranges;
    const newline = raw.indexOf(0x0a, at);
    partStart = newline < 0 || newline >= end ? end : newline + 1;
  }
  if (partStart !== null) ranges.push([partStart, end]);
  return ranges;
}

interface Insertion {
  readonly at: number;
  readonly text: string;
}

function visit(raw: Buffer, start: number, end: number, declared: readonly string[], out: Insertion[], depth: number): void {
  if (depth > 20) return; // a hostile nesting depth is not worth following
  const { fields, bodyStart } = readHeader(raw, start, end);
  const contentType = fields.get('content-type');
  const type = (contentType?.value.split(';')[0] ?? 'text/plain').trim().toLowerCase() || 'text/plain';
  if (type.startsWith('multipart/')) {
    const boundary = contentType ? param(contentType.value, 'boundary') : null;
    if (boundary) for (const [partStart, partEnd] of partRanges(raw, bodyStart, end, boundary)) visit(raw, partStart, partEnd, declared, out, depth + 1);
    return;
  }
  if (!type.startsWith('text/') || (contentType && param(contentType.value, 'charset') !== null)) return;
  const body = raw.subarray(bodyStart, end);
  const decoded = decodeTransfer(body, (fields.get('content-transfer-encoding')?.value ?? '').trim().toLowerCase());
  const charset = guessCharset(decoded, declared);
  if (charset === null || charset === 'utf-8') return;
  if (contentType) out.push({ at: contentType.end, text: `; charset="${charset}"` });
  else out.push({ at: start, text: `Content-Type: text/plain; charset="${charset}"\r\n` });
}

/**
 * A copy of the letter for the parser in which every text part that carries 8-bit text without a charset
 * gets the charset the letter's own declarations (or detection) point at; mailparser would read those
 * bytes as UTF-8 and turn each into U+FFFD. Only header parameters are added: the bytes kept as the
 * original are never this copy. A letter that is all UTF-8 (or ASCII) comes back as it is.
 */
export function labelUndeclaredCharsets(raw: Buffer, declared: readonly string[]): Buffer {
  if (isUtf8(raw)) return raw;
  const insertions: Insertion[] = [];
  visit(raw, 0, raw.length, declared, insertions, 0);
  if (insertions.length === 0) return raw;
  const pieces: Buffer[] = [];
  let at = 0;
  for (const insertion of insertions.sort((a, b) => a.at - b.at)) {
    pieces.push(raw.subarray(at, insertion.at), Buffer.from(insertion.text, 'latin1'));
    at = insertion.at;
  }
  pieces.push(raw.subarray(at));
  return Buffer.concat(pieces);
}
