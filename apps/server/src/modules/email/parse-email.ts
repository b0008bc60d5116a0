import { type AutomatedMailKind, classifyAutomatedMail, messageIdsIn, truncateText } from '@parley/domain';
import { convert as htmlToText } from 'html-to-text';
import { type AddressObject, type Attachment, type HeaderValue, type ParsedMail, simpleParser } from 'mailparser';
import { declaredCharsets, eightBitWords, guessCharset, SINGLE_BYTE } from './charset-guess.js';
import { labelUndeclaredCharsets } from './label-charsets.js';
import { storableLetter } from './storable-letter.js';

export interface EmailAddress {
  readonly name: string | null;
  /** Lower-cased; only syntactically plain addresses are kept (an encoded word is never decoded into an address). */
  readonly address: string;
}

export interface ParsedAttachment {
  readonly filename: string;
  readonly contentType: string;
  /** Without angle brackets, for `cid:` references in the HTML body; null when the part has none. */
  readonly contentId: string | null;
  /** Shown in place in the body (an image the HTML references by cid), rather than listed. */
  readonly inline: boolean;
  readonly content: Buffer;
}

/** An incoming letter as Parley uses it: addresses, threading headers, the bodies and the files. */
export interface ParsedEmail {
  readonly messageId: string | null;
  readonly inReplyTo: string | null;
  readonly references: readonly string[];
  readonly date: Date | null;
  readonly from: EmailAddress | null;
  readonly replyTo: readonly EmailAddress[];
  readonly to: readonly EmailAddress[];
  readonly cc: readonly EmailAddress[];
  readonly subject: string;
  /** The plain-text body (made from the HTML when the letter has only HTML), or null when it has neither. */
  readonly text: string | null;
  /** The HTML body exactly as sent: never shown without sanitizing. */
  readonly html: string | null;
  readonly attachments: readonly ParsedAttachment[];
  readonly automated: AutomatedMailKind | null;
  /** For a bounce: the Message-IDs of the letters it reports on (from the returned message or its headers). */
  readonly bouncedMessageIds: readonly string[];
}

/** RFC 5321's practical shape (intranet domains without a dot included); anything else in an address field (a decoded encoded word, a group name) is dropped. */
const PLAIN_ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:".]+(\.[^\s@<>()[\]\\,;:".]+)*$/;

function addresses(field: AddressObject | AddressObject[] | undefined): EmailAddress[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  const found: EmailAddress[] = [];
  const visit = (entries: AddressObject['value']) => {
    for (const entry of entries) {
      if (entry.group) visit(entry.group);
      const address = entry.address?.trim().toLowerCase() ?? '';
      if (!PLAIN_ADDRESS.test(address) || found.some((a) => a.address === address)) continue;
      found.push({ name: entry.name?.trim() || null, address });
    }
  };
  for (const object of objects) visit(object.value);
  return found;
}

function headerText(value: HeaderValue | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(String).join(', ');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && 'value' in value) {
    const params = 'params' in value && value.params ? Object.entries(value.params).map(([k, v]) => `; ${k}=${v}`).join('') : '';
    return `${String(value.value)}${params}`;
  }
  return String(value);
}

/** The top-level header block's raw lines (unfolded), by lower-cased name, as bytes: what mailparser could only guess at. */
function rawHeaderLines(raw: Buffer): Map<string, Buffer[]> {
  let end = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  if (end < 0 || (lf >= 0 && lf < end)) end = lf;
  const block = raw.subarray(0, end < 0 ? Math.min(raw.length, 256 * 1024) : end);
  const lines = new Map<string, Buffer[]>();
  let current: { name: string; parts: Buffer[] } | null = null;
  const flush = () => {
    if (current) lines.set(current.name, [...(lines.get(current.name) ?? []), Buffer.concat(current.parts)]);
  };
  for (const line of splitLines(block)) {
    if ((line[0] === 0x20 || line[0] === 0x09) && current) {
      current.parts.push(line);
      continue;
    }
    flush();
    const colon = line.indexOf(0x3a);
    current = colon > 0 ? { name: line.subarray(0, colon).toString('latin1').trim().toLowerCase(), parts: [line.subarray(colon + 1)] } : null;
  }
  flush();
  return lines;
}

function splitLines(block: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (let i = 0; i <= block.length; i++) {
    if (i === block.length || block[i] === 0x0a) {
      const end = i > start && block[i - 1] === 0x0d ? i - 1 : i;
      lines.push(block.subarray(start, end));
      start = i + 1;
    }
  }
  return lines;
}

/**
 * Some clients write headers as raw 8-bit text in the body's charset instead of RFC 2047 words. The bytes
 * carry no label, so the message's declared charsets are the hint: UTF-8 first, then declared multibyte
 * charsets (which refuse what they cannot decode), then declared single-byte ones; mailparser's own reading
 * stands when none fits.
 */
function decodeRawHeader(bytes: Buffer, declared: readonly string[]): string | null {
  if (!bytes.some((b) => b >= 0x80)) return null;
  const ordered = ['utf-8', ...declared.filter((c) => !SINGLE_BYTE.test(c)), ...declared.filter((c) => SINGLE_BYTE.test(c))];
  for (const charset of ordered) {
    try {
      return new TextDecoder(charset, { fatal: true }).decode(bytes).replace(/\s+/g, ' ').trim();
    } catch {
      // not this charset (or one TextDecoder does not know)
    }
  }
  return null;
}

const EXTENSIONS: Record<string, string> = {
  'message/rfc822': 'eml',
  'text/calendar': 'ics',
  'text/plain': 'txt',
  'text/html': 'html',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'application/pdf': 'pdf',
};

/**
 * Old Mac and Windows clients sent files with `Content-Transfer-Encoding: x-uuencode`, which mailparser
 * passes through undecoded. Each line: a length character, then groups of four characters carrying six
 * bits each (` ` and `` ` `` both mean zero).
 */
function uudecode(encoded: Buffer): Buffer {
  const out: number[] = [];
  for (const line of encoded.toString('latin1').split(/\r?\n/)) {
    if (line === '' || /^(begin|end)\b/.test(line)) continue;
    const length = (line.charCodeAt(0) - 32) & 0x3f;
    if (length === 0) continue;
    const six = (i: number) => ((line.charCodeAt(i) || 32) - 32) & 0x3f;
    const bytes: number[] = [];
    for (let i = 1; bytes.length < length; i += 4) {
      const [a, b, c, d] = [six(i), six(i + 1), six(i + 2), six(i + 3)];
      bytes.push(((a << 2) | (b >> 4)) & 0xff, ((b << 4) | (c >> 2)) & 0xff, ((c << 6) | d) & 0xff);
    }
    out.push(...bytes.slice(0, length));
  }
  return Buffer.from(out);
}

const UUENCODED = new Set(['x-uuencode', 'uuencode', 'x-uue', 'x-uuencoded']);

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what a file name must not keep.
const safeName = (name: string | undefined | null): string => (name ?? '').replace(/[\\/\u0000-\u001f]/g, '_').trim();

/** The subject of a forwarded message, to name its file after it as mail clients do. */
async function forwardedSubject(content: Buffer): Promise<string> {
  const head = content.subarray(0, 64 * 1024);
  const rawSubject = rawHeaderLines(head).get('subject')?.[0];
  const decoded = rawSubject ? decodeRawHeader(rawSubject, declaredCharsets(content)) : null;
  if (decoded) return truncateText(safeName(decoded), 120);
  const inner = await simpleParser(head, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
  return truncateText(safeName(inner.subject), 120);
}

/**
 * A file name an old client wrote as raw 8-bit text, which the parser read as Latin-1. When those very
 * bytes stand in the letter (the name was raw, not an encoded word), they are read in the charset the
 * letter's declarations or detection point at (guessCharset), single-byte ones (windows-1251, KOI8-R)
 * included; otherwise only a declared multibyte reading (or UTF-8) may replace the parser's.
 */
function repairRawName(name: string, charsets: readonly string[], raw: Buffer): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the test is "only Latin-1 code points", which starts at U+0000.
  if (!/[\u0080-\u00ff]/.test(name) || /[^\u0000-\u00ff]/.test(name)) return name;
  const bytes = Buffer.from(name, 'latin1');
  if (raw.includes(bytes)) {
    const charset = guessCharset(bytes, charsets, Buffer.concat([bytes, Buffer.from(' '), eightBitWords(raw)]));
    return charset ? new TextDecoder(charset).decode(bytes) : name;
  }
  const multibyte = charsets.filter((c) => !SINGLE_BYTE.test(c));
  if (multibyte.length === 0) return name;
  return decodeRawHeader(bytes, multibyte) ?? name;
}

/**
 * A file's name: its own (Content-Disposition or Content-Type name), else what its Content-ID says when
 * that looks like a file name (Outlook's `image001.png@01D…`), else for a forwarded message its subject
 * or its Content-Description ("Undelivered Message"), else
 * a name for its type; unique within the letter.
 */
async function attachmentName(attachment: Attachment, taken: Set<string>, charsets: readonly string[], raw: Buffer): Promise<string> {
  const type = attachment.contentType.toLowerCase();
  let name = repairRawName(safeName(attachment.filename), charsets, raw);
  const description = safeName(headerText(attachment.headers.get('content-description')));
  const cidLocal = attachment.contentId?.replace(/^<|>$/g, '').split('@')[0] ?? '';
  if (!name && /^[\w.-]+\.[A-Za-z0-9]{2,5}$/.test(cidLocal)) name = cidLocal;
  if (!name && type === 'message/rfc822') name = (await forwardedSubject(attachment.content)) || description || 'forwarded-message';
  if (!name) name = type.startsWith('image/') ? 'image' : type.startsWith('video/') ? 'video' : type.startsWith('audio/') ? 'audio' : type === 'text/html' ? 'document' : type === 'text/calendar' ? 'invite' : 'file';
  const extension = EXTENSIONS[type] ?? (type.startsWith('video/quicktime') ? 'mov' : null);
  if (!/\.[A-Za-z0-9]{1,5}$/.test(name) && extension) name = `${name}.${extension}`;
  let unique = name;
  for (let n = 1; taken.has(unique.toLowerCase()); n++) unique = name.replace(/(\.[^.]*)?$/, (ext) => `${n}${ext}`);
  taken.add(unique.toLowerCase());
  return unique;
}

/**
 * Who wrote the letter: the first usable From address (a second From header when the first is garbage),
 * else Reply-To, Sender, and last the Return-Path. A raw 8-bit display name is decoded like a raw subject.
 */
async function sender(mail: ParsedMail, rawHeaders: Map<string, Buffer[]>, charsets: readonly string[]): Promise<EmailAddress | null> {
  const fromLines = rawHeaders.get('from') ?? [];
  let found = addresses(mail.from)[0] ?? null;
  let fromLine = fromLines[0];
  for (const line of fromLines.slice(1)) {
    if (found) break;
    // A second From header when the first is garbage: read it on its own, encoded words and all.
    const alone = await simpleParser(Buffer.concat([Buffer.from('From:'), line, Buffer.from('\r\n\r\n')]), { skipHtmlToText: true });
    found = addresses(alone.from)[0] ?? null;
    if (found) fromLine = line;
  }
  found ??= addresses(mail.replyTo)[0] ?? addresses(mail.headers.get('sender') as AddressObject | undefined)[0] ?? null;
  if (!found) {
    const returnPath = /<([^<>\s]+@[^<>\s]+)>/.exec(rawHeaders.get('return-path')?.[0]?.toString('latin1') ?? '')?.[1]?.toLowerCase();
    if (returnPath && PLAIN_ADDRESS.test(returnPath)) found = { name: null, address: returnPath };
  }
  if (!found) return null;
  const rawName = fromLine ? decodeRawHeader(fromLine, charsets) : null;
  const name = rawName ? (/^"?([^"<]*?)"?\s*</.exec(rawName)?.[1]?.trim() ?? null) : found.name;
  return { address: found.address, name: name || null };
}

/**
 * The Message-IDs a delivery report returns: the Message-ID header of the attached original (message/rfc822
 * or text/rfc822-headers), else any Message-ID line quoted in the report's text.
 */
function returnedMessageIds(attachments: readonly ParsedAttachment[], text: string): string[] {
  const ids: string[] = [];
  const add = (value: string | undefined) => {
    for (const id of messageIdsIn(value)) if (!ids.includes(id)) ids.push(id);
  };
  for (const attachment of attachments) {
    if (attachment.contentType !== 'message/rfc822' && attachment.contentType !== 'text/rfc822-headers') continue;
    const headers = rawHeaderLines(attachment.content.subarray(0, 64 * 1024));
    add(headers.get('message-id')?.[0]?.toString('latin1'));
  }
  if (ids.length === 0) for (const match of text.matchAll(/^\s*Message-ID:\s*(<[^<>\s]+>)/gim)) add(match[1]);
  return ids;
}

const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } }));

/**
 * The text of a letter that came as HTML only: what the ticket list, previews and notification emails show.
 * Words as written (no upper-cased headings), links without their addresses, pictures left out.
 */
function textOfHtml(html: string): string | null {
  const text = htmlToText(html, {
    wordwrap: false,
    limits: { maxInputLength: 5_000_000 },
    selectors: [
      ...HEADINGS,
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'table', options: { uppercaseHeaderCells: false } },
    ],
  }).trim();
  return text === '' ? null : text;
}

/**
 * Parses one raw message with mailparser (charsets through iconv-lite, RFC 2047 words, RFC 2231 names,
 * uuencode, TNEF left as a file). Forwarded messages and calendar invitations stay attachments; inline
 * images keep their Content-ID so the body can show them in place. Its text is made storable (storableLetter).
 */
export async function parseEmail(raw: Buffer | string): Promise<ParsedEmail> {
  const buffer = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
  const charsets = declaredCharsets(buffer);
  const mail = await simpleParser(labelUndeclaredCharsets(buffer, charsets), { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true, keepCidLinks: true });
  const header = (name: string) => headerText(mail.headers.get(name));
  const rawHeaders = rawHeaderLines(buffer);
  const rawSubject = rawHeaders.get('subject')?.[0];
  const subject = (rawSubject && decodeRawHeader(rawSubject, charsets)) ?? (mail.subject ?? '').replace(/\s+/g, ' ').trim();
  const from = await sender(mail, rawHeaders, charsets);
  const autoReplyMarkers = [...mail.headers.keys()].filter((name) => /^x-auto(reply|respond|-?response|generated)/i.test(name));
  const html = typeof mail.html === 'string' && mail.html.trim() !== '' ? mail.html : null;
  const taken = new Set<string>();
  const attachments: ParsedAttachment[] = [];
  for (const attachment of mail.attachments) {
    const contentId = attachment.contentId?.replace(/^<|>$/g, '') || null;
    const referenced = contentId !== null && html?.includes(`cid:${contentId}`) === true;
    attachments.push({
      filename: await attachmentName(attachment, taken, charsets, buffer),
      contentType: attachment.contentType.toLowerCase(),
      contentId,
      inline: referenced,
      content: UUENCODED.has(String(attachment.headers.get('content-transfer-encoding') ?? '').toLowerCase()) ? uudecode(attachment.content) : attachment.content,
    });
  }
  const automated = classifyAutomatedMail({
    autoSubmitted: header('auto-submitted'),
    precedence: header('precedence'),
    autoReplyMarkers,
    returnPath: header('return-path') ?? null,
    contentType: header('content-type'),
    listHeaders: mail.headers.has('list-id') || mail.headers.has('list-unsubscribe'),
    fromAddress: from?.address ?? null,
  });
  return storableLetter({
    messageId: messageIdsIn(mail.messageId)[0] ?? null,
    inReplyTo: messageIdsIn(mail.inReplyTo)[0] ?? null,
    references: messageIdsIn(mail.references ?? null),
    date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : null,
    from,
    replyTo: addresses(mail.replyTo),
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    subject,
    text: typeof mail.text === 'string' && mail.text.trim() !== '' ? mail.text : html ? textOfHtml(html) : null,
    html,
    attachments,
    automated,
    bouncedMessageIds: automated === 'bounce' ? returnedMessageIds(attachments, mail.text ?? '') : [],
  });
}
