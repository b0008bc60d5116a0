const ENVELOPE = Buffer.from('From ');

/** Whether the line from `start` to `end` (its "\n" excluded) is empty, a lone "\r" included. */
const isBlank = (content: Buffer, start: number, end: number): boolean => end === start || (end === start + 1 && content[start] === 0x0d);

/**
 * Where each letter's "From " envelope line starts. mboxo and mboxrd (RFC 4155) write a blank line before
 * every envelope after the first, so a body line beginning "From " that does not follow a blank line is
 * text, whatever an unescaping writer left in it.
 */
function envelopeStarts(content: Buffer): number[] {
  const starts: number[] = [];
  let afterBlank = true; // the file's start counts as one
  for (let start = 0; start < content.length; ) {
    const newline = content.indexOf(0x0a, start);
    const end = newline < 0 ? content.length : newline;
    if (afterBlank && content.subarray(start, start + ENVELOPE.length).equals(ENVELOPE)) starts.push(start);
    afterBlank = isBlank(content, start, end);
    start = end + 1;
  }
  return starts;
}

/**
 * The letters of an mbox, as bytes: each without its envelope line and without the blank line that
 * separates it from the next; ">From " lines (any number of ">") lose one ">" (mboxrd, which also reads
 * mboxo correctly except for bodies that really began with ">From ").
 */
export function splitMbox(content: Buffer): Buffer[] {
  const starts = envelopeStarts(content);
  return starts.map((start, i) => {
    const headerStart = content.indexOf(0x0a, start) + 1 || content.length;
    const end = i + 1 < starts.length ? starts[i + 1]! : content.length;
    // Latin-1 maps every byte to one character and back, so the letter's bytes survive untouched.
    const letter = content.toString('latin1', headerStart, end).replace(/\r?\n$/, '').replace(/^>(>*From )/gm, '$1');
    return Buffer.from(letter, 'latin1');
  });
}
