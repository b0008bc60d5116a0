/**
 * Whether bytes are shaped like a letter (RFC 5322), judged before anything is stored: the import is given
 * folders, and a folder holds notes, JSON exports and pictures beside the mail. The parser takes anything and
 * files it as a letter from nobody, so the shape is checked here: a header block of "Name: value" lines
 * (continued by lines starting with white space) naming at least one field every real letter has.
 */

/** Fields a letter carries at least one of; a header of only other names ("Name: Alice") is not taken for mail. */
const LETTER_FIELDS = new Set([
  'from',
  'date',
  'message-id',
  'subject',
  'to',
  'cc',
  'sender',
  'reply-to',
  'in-reply-to',
  'references',
  'received',
  'return-path',
  'delivered-to',
  'mime-version',
]);

/**
 * A field name. RFC 5322 allows any printable US-ASCII but the colon; mail in the wild uses letters, digits,
 * "-" and "_", and the narrower pattern keeps `{"from": …` (JSON) from passing for a header.
 */
const FIELD = /^([A-Za-z0-9][\w.-]*)[ \t]*:/;

/** How much of the start is read: a header block longer than this is not one a mailbox would hand over. */
const HEADER_LIMIT = 256 * 1024;

/** Why these bytes are not a letter, in words for the import's summary; null when they are shaped like one. */
export function notMailReason(raw: Buffer): string | null {
  if (raw.length === 0) return 'empty file';
  const head = raw.subarray(0, HEADER_LIMIT);
  const blank = /\r?\n\r?\n/.exec(head.toString('latin1'));
  // A letter may end with its header (no body): the final line break then ends the block, not a field.
  const block = head.toString('latin1', 0, blank ? blank.index : head.length).replace(/(\r?\n)+$/, '');
  if (block.includes('\u0000')) return 'binary file, not a letter';
  const names = new Set<string>();
  const lines = block.split(/\r?\n/);
  for (const [i, line] of lines.entries()) {
    if (i > 0 && /^[ \t]/.test(line)) continue; // a folded continuation of the field above
    const field = FIELD.exec(line);
    if (!field) {
      const shown = line.length > 40 ? `${line.slice(0, 40)}…` : line;
      return i === 0
        ? `does not begin with a mail header ("Name: value" lines); it begins ${JSON.stringify(shown)}`
        : `line ${i + 1} of its header is not a "Name: value" field: ${JSON.stringify(shown)}`;
    }
    names.add(field[1]!.toLowerCase());
  }
  if (![...names].some((name) => LETTER_FIELDS.has(name))) return 'its header has none of From, Date, Message-ID, Subject, To or Received';
  return null;
}
