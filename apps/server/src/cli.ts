#!/usr/bin/env node
/**
 * `parley`: commands for operators, run beside (or instead of) the server on the same configuration
 * (DATABASE_URL, PARLEY_DATA_DIR, …). With REDIS_URL set, what they change reaches agents' consoles live.
 */
import { parseArgs } from 'node:util';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config/env.js';
import { type ImportSummary, importMail } from './modules/email/mail-import.js';

const USAGE = `Usage:
  parley mail import [--department <id>] [--own <address,...>] <file.eml | directory | mbox file> ...

  Takes letters in exactly as a mailbox would: each is stored, then filed on its ticket (threaded by
  Message-ID and the [#number] in the subject); running it again files nothing twice.
  --department  the department new tickets go to (default: the default department)
  --own         Parley's own addresses, never kept as CC of a ticket
`;

function progressLine(done: number, summary: ImportSummary): string {
  const rate = summary.seconds > 0 ? Math.round(done / summary.seconds) : 0;
  const { created, appended, duplicate, failed } = summary.byResult;
  return `${done} letters · ${rate}/s · ${created} new tickets · ${appended} added · ${duplicate} already there · ${failed} failed`;
}

async function mailImport(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { department: { type: 'string' }, own: { type: 'string' } } });
  if (positionals.length === 0) {
    process.stderr.write(USAGE);
    return 64;
  }
  const config = loadConfig();
  const app = await createApp({ ...config, jobIntervalMs: 0 });
  const tty = process.stderr.isTTY;
  let lastLine = 0;
  try {
    const summary = await importMail(
      app.context,
      positionals,
      { source: 'import', departmentId: values.department ? Number(values.department) : null, ownAddresses: values.own ? values.own.split(',').map((a) => a.trim()) : [] },
      (done, current) => {
        const now = performance.now();
        if (now - lastLine < (tty ? 100 : 5000)) return;
        lastLine = now;
        process.stderr.write(tty ? `\r\x1b[2K${progressLine(done, current)}` : `${progressLine(done, current)}\n`);
      },
    );
    if (tty) process.stderr.write('\r\x1b[2K');
    const { created, appended, bounced, ignored, duplicate, failed } = summary.byResult;
    process.stdout.write(
      [
        `Imported ${summary.total} ${summary.total === 1 ? 'letter' : 'letters'} in ${summary.seconds.toFixed(1)} s (${Math.round(summary.total / Math.max(summary.seconds, 0.001))} per second):`,
        `  ${created} opened a ticket, ${appended} were added to a ticket, ${bounced} bounces marked our letters,`,
        `  ${duplicate} were already there, ${ignored} were kept but filed nowhere, ${failed} failed.`,
        ...summary.failures.slice(0, 20).map((f) => `  failed: ${f.label}: ${f.error}`),
        ...(summary.failures.length > 20 ? [`  … and ${summary.failures.length - 20} more failures`] : []),
        '',
      ].join('\n'),
    );
    return failed > 0 ? 1 : 0;
  } finally {
    await app.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  try {
    if (command === 'mail' && sub === 'import') return await mailImport(rest);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 78;
    }
    throw error;
  }
  process.stderr.write(USAGE);
  return command === undefined || command === 'help' || command === '--help' ? 0 : 64;
}

process.exitCode = await main(process.argv.slice(2));
