import { open, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppContext } from '../../app-context.js';
import { fileInbound, type IngestOutcome, type MailSource, type PreparedLetter, prepareInbound } from './ingest-mail.js';
import { notMailReason } from './mail-shape.js';
import { splitMbox } from './mbox-reader.js';

/** One letter found in the import's inputs, named for the summary ("inbox.mbox #12", "mail/001.eml"). */
export interface FoundLetter {
  readonly label: string;
  readonly raw: Buffer;
}

/** An input the import will not take, with why: a missing path, an unreadable file, a file that is not mail. */
export interface RefusedInput {
  readonly label: string;
  readonly refused: string;
}

/** Whether a file is an mbox: it begins with a "From " envelope line rather than a header. */
async function isMbox(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(5);
    await handle.read(head, 0, 5, 0);
    return head.toString('latin1') === 'From ';
  } finally {
    await handle.close();
  }
}

/** A file system error in the words of the summary; anything else is not the operator's to fix and goes on up. */
function unreadable(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOTDIR') return 'a part of the path is not a directory';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'ELOOP') return 'too many symbolic links';
  throw error;
}

/**
 * Every letter under the given paths: .eml (or any) files, folders searched recursively in name order, mbox
 * files split. What cannot be read, or is not shaped like mail (mail-shape.ts), comes out as a refusal, so
 * one bad path or stray file costs only itself.
 */
export async function* findLetters(paths: readonly string[]): AsyncGenerator<FoundLetter | RefusedInput> {
  for (const path of paths) {
    let children: string[] = [];
    let letters: FoundLetter[] = [];
    try {
      const info = await stat(path);
      if (info.isDirectory()) {
        children = (await readdir(path)).filter((name) => !name.startsWith('.')).sort().map((name) => join(path, name));
      } else if (!info.isFile()) {
        yield { label: path, refused: 'not a regular file' };
      } else if (await isMbox(path)) {
        letters = splitMbox(await readFile(path)).map((raw, i) => ({ label: `${path} #${i + 1}`, raw }));
      } else {
        letters = [{ label: path, raw: await readFile(path) }];
      }
    } catch (error) {
      yield { label: path, refused: unreadable(error) };
    }
    yield* findLetters(children);
    for (const letter of letters) {
      const notMail = notMailReason(letter.raw);
      yield notMail ? { label: letter.label, refused: `not mail: ${notMail}` } : letter;
    }
  }
}

/** Letters prepared ahead of the one being filed: enough to keep a slow disk's queue full. */
const PREPARE_AHEAD = 8;

export interface ImportSummary {
  /** Letters taken in (refused inputs are not letters). */
  readonly total: number;
  readonly byResult: Record<IngestOutcome['result'] | 'failed' | 'refused', number>;
  /** Letters that could not be taken in, with the error. */
  readonly failures: { readonly label: string; readonly error: string }[];
  /** Inputs not taken at all: missing, unreadable, not mail. */
  readonly refusals: { readonly label: string; readonly reason: string }[];
  /** Letters stored but filed on no ticket, with why (an auto-reply, no sender). */
  readonly ignored: { readonly label: string; readonly reason: string }[];
  readonly seconds: number;
}

/**
 * `parley mail import`: takes letters exactly as a mailbox does (stored first, filed idempotently), so an
 * import run twice, or stopped and run again, files nothing twice. A letter that fails, or an input that is
 * refused, is reported and the import carries on.
 */
export async function importMail(app: AppContext, paths: readonly string[], source: MailSource, onProgress?: (done: number, summary: ImportSummary) => void): Promise<ImportSummary> {
  const started = performance.now();
  const byResult: ImportSummary['byResult'] = { created: 0, appended: 0, bounced: 0, ignored: 0, duplicate: 0, failed: 0, refused: 0 };
  const failures: { label: string; error: string }[] = [];
  const refusals: { label: string; reason: string }[] = [];
  const ignored: { label: string; reason: string }[] = [];
  let total = 0;
  const summary = (): ImportSummary => ({ total, byResult, failures, refusals, ignored, seconds: (performance.now() - started) / 1000 });
  // A few letters are prepared (parsed, stored, files written) ahead while earlier ones are filed, in order.
  const ahead: { label: string; prepared: Promise<PreparedLetter | IngestOutcome> }[] = [];
  const fileNext = async () => {
    const { label, prepared } = ahead.shift()!;
    try {
      const letter = await prepared;
      const outcome = 'result' in letter ? letter : await fileInbound(app, letter);
      byResult[outcome.result]++;
      if (outcome.result === 'ignored') ignored.push({ label, reason: outcome.reason });
    } catch (error) {
      byResult.failed++;
      failures.push({ label, error: error instanceof Error ? error.message : String(error) });
    }
    onProgress?.(total - ahead.length, summary());
  };
  for await (const letter of findLetters(paths)) {
    if ('refused' in letter) {
      byResult.refused++;
      refusals.push({ label: letter.label, reason: letter.refused });
      continue;
    }
    total++;
    const prepared = prepareInbound(app, letter.raw, source);
    prepared.catch(() => undefined); // reported when its turn comes
    ahead.push({ label: letter.label, prepared });
    if (ahead.length >= PREPARE_AHEAD) await fileNext();
  }
  while (ahead.length > 0) await fileNext();
  return summary();
}
