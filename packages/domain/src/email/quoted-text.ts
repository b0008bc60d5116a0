/**
 * Where a letter's quoted history begins, so the console can fold it away. Mail clients mark the quote in
 * different ways: Gmail wraps it in `gmail_quote`, Apple Mail and Thunderbird in `<blockquote type="cite">`,
 * Outlook starts it with a `divRplyFwdMsg` block or an `<hr>` followed by a "From:" header block, and most
 * plain-text clients write an attribution line ("On … wrote:") above lines starting with `>`. These rules
 * are pure so the HTML walker (server) and the plain-text folding (console) share them.
 */

/** The separator Outlook and others write above a quoted or forwarded letter. */
const ORIGINAL_MESSAGE =
  /^(-{2,}\s*)?(original message|forwarded message|ursprüngliche nachricht|message d'origine|mensaje original|messaggio originale|oorspronkelijk bericht|оригинално съобщение|препратено съобщение|исходное сообщение|пересылаемое сообщение|вихідне повідомлення|αρχικό μήνυμα|sākotnējā ziņa|oriģinālā ziņa)(\s*-{2,})?\s*$/iu;

/** "On Mon, 3 May 2026 at 10:00, Ann <ann@example.com> wrote:" in the languages our customers write in. */
const ATTRIBUTION_LINES: readonly RegExp[] = [
  /^(on|am|le|el|il|op|em|den|dne|w dniu|dňa)\s.{0,300}\s(wrote|schrieb|a écrit|escribió|ha scritto|schreef|escreveu|skrev|napsal|napisał|napísal|kirjoitti|írta|a scris|yazdı)\s*:\s*$/iu,
  // German puts the sender after the verb: "Am … schrieb Ann <ann@example.com>:".
  /^am\s.{0,200}\sschrieb\s.{0,200}:\s*$/iu,
  // Bulgarian, Russian, Ukrainian, Greek, Latvian: the verb comes last, after the date and the sender.
  /\s(написа|написал|написала|написав|пише|έγραψε|rakstīja)\s*:\s*$/iu,
  ORIGINAL_MESSAGE,
];

export function isAttributionLine(line: string): boolean {
  const text = line.replace(/\s+/g, ' ').trim();
  if (text.length === 0 || text.length > 400) return false;
  return ATTRIBUTION_LINES.some((pattern) => pattern.test(text));
}

/** The header names Outlook writes at the top of a quoted letter, in the languages we see. */
const FROM_HEADER = /^(from|von|de|da|van|od|от|від|από|no|kimden|feladó)\s*:/iu;
const OTHER_HEADERS = /^(sent|date|to|subject|cc|gesendet|an|betreff|envoyé|à|objet|enviado|para|asunto|inviato|oggetto|verzonden|aan|onderwerp|wysłano|temat|отправлено|кому|тема|дата|изпратено|до|относно|надіслано|від|θέμα|προς|στάλθηκε|nosūtīts|kam|tēma|datums)\s*:/iu;

/**
 * An Outlook-style header block: a "From:" line followed (within the next few lines) by at least one more
 * header line ("Sent:", "To:", "Subject:"…). One "From:" alone is ordinary prose.
 */
export function isQuotedHeaderBlock(lines: readonly string[]): boolean {
  const trimmed = lines.map((l) => l.trim()).filter((l) => l.length > 0);
  if (trimmed.length < 2 || !FROM_HEADER.test(trimmed[0] ?? '')) return false;
  return trimmed.slice(1, 5).some((l) => OTHER_HEADERS.test(l));
}

export interface SplitText {
  /** What the sender wrote in this letter. */
  readonly main: string;
  /** The quoted history below it (with its attribution line), or null when there is none. */
  readonly quoted: string | null;
}

const isQuoteLine = (line: string) => /^\s*>/.test(line);

/**
 * Splits a plain-text body at its quoted history: the trailing run of `>` lines (blank lines allowed
 * inside), with the attribution line just above it, or an Outlook header block and everything after it.
 * Quotes interleaved with new text (an inline answer) are left in place: only a trailing quote is folded.
 */
export function splitQuotedText(text: string): SplitText {
  const lines = text.split(/\r?\n/);
  let start = lines.length;
  // Walk up over the trailing quote.
  let i = lines.length - 1;
  while (i >= 0 && (lines[i]?.trim() ?? '') === '') i--;
  let sawQuote = false;
  while (i >= 0 && (isQuoteLine(lines[i] ?? '') || ((lines[i]?.trim() ?? '') === '' && sawQuote))) {
    if (isQuoteLine(lines[i] ?? '')) {
      sawQuote = true;
      start = i;
    }
    i--;
  }
  if (sawQuote) {
    let j = start - 1;
    while (j >= 0 && (lines[j]?.trim() ?? '') === '') j--;
    // Attributions are sometimes wrapped over two lines.
    if (j >= 0 && isAttributionLine(lines[j] ?? '')) start = j;
    else if (j >= 1 && isAttributionLine(`${lines[j - 1]} ${lines[j]}`)) start = j - 1;
  } else {
    const header = lines.findIndex((line, k) => line.trim() !== '' && (isQuotedHeaderBlock(lines.slice(k, k + 6)) || ORIGINAL_MESSAGE.test(line.trim())));
    if (header > 0) start = header;
  }
  if (start >= lines.length || start === 0) return { main: text, quoted: null };
  const main = lines.slice(0, start).join('\n').replace(/\s+$/, '');
  if (main.trim().length === 0) return { main: text, quoted: null };
  return { main, quoted: lines.slice(start).join('\n') };
}
