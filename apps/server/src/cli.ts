#!/usr/bin/env node
/**
 * `parley`: commands for operators, run beside (or instead of) the server on the same configuration
 * (DATABASE_URL, PARLEY_DATA_DIR, …). With REDIS_URL set, what they change reaches agents' consoles live.
 */
import { parseArgs } from 'node:util';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config/env.js';
import { type ImportSummary, importMail } from './modules/email/mail-import.js';
import { REINDEX_BATCH, reindexSearch } from './modules/search/search-reindex.js';

const USAGE = `Usage:
  parley mail import [--department <id>] [--own <address,...>] <file.eml | directory | mbox file> ...

  Takes letters in exactly as a mailbox would: each is stored, then filed on its ticket (threaded by
  Message-ID and the [#number] in the subject); running it again files nothing twice. Files that are not
  mail (no header of "Name: value" lines with From, Date, Message-ID, Subject…) and paths that cannot be
  read are refused by name and skipped; the rest is imported. Exit status: 0 all taken in, 1 something
  refused or failed, 64 wrong usage, 70 an internal error, 78 invalid configuration.
  --department  the department new tickets go to (default: the default department)
  --own         Parley's own addresses, never kept as CC of a ticket

  parley search reindex [--missing]

  Rebuilds the full-text search index: every ticket, message, note, contact and company gets its search
  text again, in batches of ${REINDEX_BATCH} rows (each its own transaction, so the server may keep running),
  and on SQLite each FTS5 index is then rebuilt from its table. Run it after restoring a backup made by
  copying files, or when an upgrade's notes ask for it.
  --missing     only rows without search text yet (what the server's own background pass does once)
`;

/** Exit statuses (sysexits.h where one fits): some input refused or a letter failed, bad usage, a bug. */
const EXIT = { refused: 1, usage: 64, internal: 70, config: 78 } as const;

/** A mistake in how the command was called: reported with the usage, never with a stack trace. */
class UsageError extends Error {}

function progressLine(done: number, summary: ImportSummary): string {
  const rate = summary.seconds > 0 ? Math.round(done / summary.seconds) : 0;
  const { created, appended, duplicate, failed } = summary.byResult;
  return `${done} letters · ${rate}/s · ${created} new tickets · ${appended} added · ${duplicate} already there · ${failed} failed`;
}

function parseImportArgs(args: string[]) {
  try {
    return parseArgs({ args, allowPositionals: true, options: { department: { type: 'string' }, own: { type: 'string' } } });
  } catch (error) {
    // parseArgs reports an unknown option or a missing value as a TypeError with an ERR_PARSE_ARGS_* code.
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function importOptions(args: string[]) {
  const { values, positionals } = parseImportArgs(args);
  if (positionals.length === 0) throw new UsageError('Name at least one .eml file, folder or mbox file to import.');
  let departmentId: number | null = null;
  if (values.department !== undefined) {
    departmentId = Number(values.department);
    if (!Number.isInteger(departmentId) || departmentId <= 0) throw new UsageError(`--department: expected a department's id (a whole number), got "${values.department}"`);
  }
  const ownAddresses = values.own ? values.own.split(',').map((a) => a.trim()).filter(Boolean) : [];
  return { paths: positionals, departmentId, ownAddresses };
}

function summaryText(summary: ImportSummary): string {
  const { created, appended, bounced, ignored, duplicate, failed, refused } = summary.byResult;
  return [
    `Imported ${summary.total} ${summary.total === 1 ? 'letter' : 'letters'} in ${summary.seconds.toFixed(1)} s (${Math.round(summary.total / Math.max(summary.seconds, 0.001))} per second):`,
    `  ${created} opened a ticket, ${appended} were added to a ticket, ${bounced} bounces marked our letters,`,
    `  ${duplicate} were already there, ${ignored} were kept but filed nowhere, ${failed} failed; ${refused} ${refused === 1 ? 'input was' : 'inputs were'} refused.`,
    ...summary.ignored.map((i) => `  kept, filed nowhere: ${i.label}: ${i.reason}`),
    ...summary.refusals.map((r) => `  refused: ${r.label}: ${r.reason}`),
    ...summary.failures.map((f) => `  failed: ${f.label}: ${f.error}`),
    '',
  ].join('\n');
}

async function mailImport(args: string[]): Promise<number> {
  const options = importOptions(args);
  const config = loadConfig();
  const app = await createApp({ ...config, jobIntervalMs: 0 });
  const tty = process.stderr.isTTY;
  let lastLine = 0;
  try {
    const summary = await importMail(
      app.context,
      options.paths,
      { source: 'import', departmentId: options.departmentId, ownAddresses: options.ownAddresses },
      (done, current) => {
        const now = performance.now();
        if (now - lastLine < (tty ? 100 : 5000)) return;
        lastLine = now;
        process.stderr.write(tty ? `\r\x1b[2K${progressLine(done, current)}` : `${progressLine(done, current)}\n`);
      },
    );
    if (tty) process.stderr.write('\r\x1b[2K');
    process.stdout.write(summaryText(summary));
    return summary.byResult.failed > 0 || summary.byResult.refused > 0 ? EXIT.refused : 0;
  } finally {
    await app.close();
  }
}

async function searchReindex(args: string[]): Promise<number> {
  let missing: boolean;
  try {
    missing = parseArgs({ args, options: { missing: { type: 'boolean' } } }).values.missing ?? false;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const config = loadConfig();
  const app = await createApp({ ...config, jobIntervalMs: 0 });
  const started = performance.now();
  let lastLine = 0;
  try {
    const { written } = await reindexSearch(app.context, missing ? 'missing' : 'all', (p) => {
      const now = performance.now();
      if (now - lastLine < 2000 && p.done < p.total) return;
      lastLine = now;
      process.stderr.write(`${p.table}: ${p.done} of ${p.total} ids · ${p.written} rows written\n`);
    });
    process.stdout.write(`Search index: ${written} rows written in ${((performance.now() - started) / 1000).toFixed(1)} s.\n`);
    return 0;
  } finally {
    await app.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  try {
    if (command === 'mail' && sub === 'import') return await mailImport(rest);
    if (command === 'search' && sub === 'reindex') return await searchReindex(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`parley: ${error.message}\n\n${USAGE}`);
      return EXIT.usage;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT.config;
    }
    // A bug or an unreachable database: the message for the operator, the stack only when asked for.
    const debug = process.env.LOG_LEVEL === 'debug' || process.env.LOG_LEVEL === 'trace';
    process.stderr.write(`parley: ${error instanceof Error ? (debug ? (error.stack ?? error.message) : error.message) : String(error)}\n`);
    if (!debug) process.stderr.write('(LOG_LEVEL=debug shows where it happened)\n');
    return EXIT.internal;
  }
  process.stderr.write(USAGE);
  return command === undefined || command === 'help' || command === '--help' ? 0 : EXIT.usage;
}

process.exitCode = await main(process.argv.slice(2));
