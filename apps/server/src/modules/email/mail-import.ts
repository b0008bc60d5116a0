import { open, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppContext } from '../../app-context.js';
import { fileInbound, type IngestOutcome, type MailSource, type PreparedLetter, prepareInbound } from './ingest-mail.js';
import { splitMbox } from './mbox-reader.js';

/** One letter found in the import's inputs, named for the summary ("inbox.mbox #12", "mail/001.eml"). */
export interface FoundLetter {
  readonly label: string;
  readonly raw: Buffer;
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

/** Every letter under the given paths: .eml (or any) files, folders searched recursively in name order, mbox files split. */
export async function* findLetters(paths: readonly string[]): AsyncGenerator<FoundLetter> {
  for (const path of paths) {
    const info = await stat(path);
    if (info.isDirectory()) {
      const names = (await readdir(path)).filter((name) => !name.startsWith('.')).sort();
      yield* findLetters(names.map((name) => join(path, name)));
    } else if (await isMbox(path)) {
      const letters = splitMbox(await readFile(path));
      for (const [i, raw] of letters.entries()) yield { label: `${path} #${i + 1}`, raw };
    } else {
      yield { label: path, raw: await readFile(path) };
    }
  }
}

/** Letters prepared ahead of the one being filed: enough to keep a slow disk's queue full. */
const PREPARE_AHEAD = 8;

export interface ImportSummary {
  readonly total: number;
  readonly byResult: Record<IngestOutcome['result'] | 'failed', number>;
  readonly failures: { readonly label: string; readonly error: string }[];
  readonly seconds: number;
}

/**
 * `parley mail import`: takes letters exactly as a mailbox does (stored first, filed idempotently), so an
 * import run twice, or stopped and run again, files nothing twice. A letter that fails is reported and the
 * import carries on.
 */
export async function importMail(app: AppContext, paths: readonly string[], source: MailSource, onProgress?: (done: number, summary: ImportSummary) => void): Promise<ImportSummary> {
  const started = performance.now();
  const byResult: ImportSummary['byResult'] = { created: 0, appended: 0, bounced: 0, ignored: 0, duplicate: 0, failed: 0 };
  const failures: { label: string; error: string }[] = [];
  let total = 0;
  const summary = (): ImportSummary => ({ total, byResult, failures, seconds: (performance.now() - started) / 1000 });
  // A few letters are prepared (parsed, stored, files written) ahead while earlier ones are filed, in order.
  const ahead: { label: string; prepared: Promise<PreparedLetter | IngestOutcome> }[] = [];
  const fileNext = async () => {
    const { label, prepared } = ahead.shift()!;
    try {
      const letter = await prepared;
      const outcome = 'result' in letter ? letter : await fileInbound(app, letter);
      byResult[outcome.result]++;
    } catch (error) {
      byResult.failed++;
      failures.push({ label, error: error instanceof Error ? error.message : String(error) });
    }
    onProgress?.(total - ahead.length, summary());
  };
  for await (const letter of findLetters(paths)) {
    total++;
    const prepared = prepareInbound(app, letter.raw, source);
    prepared.catch(() => undefined); // reported when its turn comes
    ahead.push({ label: letter.label, prepared });
    if (ahead.length >= PREPARE_AHEAD) await fileNext();
  }
  while (ahead.length > 0) await fileNext();
  return summary();
}
