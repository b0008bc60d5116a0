import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { notMailReason } from '../../src/modules/email/mail-shape.js';

const serverDir = fileURLToPath(new URL('../..', import.meta.url));

const letter = (id: string, headers: string[] = []) =>
  [`From: Customer <customer@example.com>`, 'To: help@parley.example', `Subject: Question ${id}`, `Message-ID: <${id}@customer.example>`, ...headers, '', `Letter ${id}.`, ''].join(
    '\r\n',
  );

/**
 * `parley mail import` as an operator runs it: its own process (the CLI's entry, from the sources as the suite
 * does not build the server) on its own data directory, so the default database is <dir>/parley.sqlite.
 */
function cli(dataDir: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: serverDir,
    env: { ...process.env, DATABASE_URL: '', PARLEY_DATA_DIR: dataDir, LOG_LEVEL: 'warn', JOB_INTERVAL_MS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

/** A stack frame as Node prints one. */
const STACK = /^\s+at .+(\(|:\d+:\d+)/m;

describe('parley mail import: what is not mail, or not there', () => {
  const work = mkdtempSync(join(tmpdir(), 'parley-import-cli-'));
  const dataDir = join(work, 'data');
  const folder = join(work, 'export');
  const missing = join(work, 'no-such-folder');
  const single = join(work, 'single.eml');

  beforeAll(() => {
    mkdirSync(folder);
    writeFileSync(join(folder, '001.eml'), letter('cli-1'));
    writeFileSync(join(folder, '002.json'), JSON.stringify({ from: 'customer@example.com', subject: 'Not a letter' }));
    writeFileSync(join(folder, '003.txt'), 'Name: Alice\nRole: customer\n\nA note, shaped like a header but not mail.\n');
    writeFileSync(join(folder, '004.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
    // Shaped like mail, but nobody sent it: stored, filed on no ticket.
    writeFileSync(join(folder, '005.eml'), ['Subject: Who wrote this?', 'Message-ID: <cli-nosender@customer.example>', '', 'Nobody.', ''].join('\r\n'));
    writeFileSync(single, letter('cli-2'));
  });

  it('names every refused input with its reason, imports the valid ones before and after it, and exits 1 without a stack trace', async () => {
    const run = await cli(dataDir, ['mail', 'import', missing, folder, single]);
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toContain(`refused: ${missing}: no such file or directory`);
    expect(run.stdout).toMatch(new RegExp(`refused: ${join(folder, '002.json')}: not mail: does not begin with a mail header`));
    expect(run.stdout).toMatch(new RegExp(`refused: ${join(folder, '003.txt')}: not mail: its header has none of From`));
    expect(run.stdout).toContain(`refused: ${join(folder, '004.png')}: not mail:`);
    expect(run.stdout).toContain(`kept, filed nowhere: ${join(folder, '005.eml')}: No sender address could be read.`);
    expect(run.stdout).toContain('Imported 3 letters');
    expect(run.stdout).toMatch(/2 opened a ticket/);
    expect(run.stdout).toContain('4 inputs were refused');
    expect(run.stdout + run.stderr).not.toMatch(STACK);

    // The valid letters are in the database of this data directory: a second run finds them there.
    const again = await cli(dataDir, ['mail', 'import', join(folder, '001.eml'), single]);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toMatch(/Imported 2 letters/);
    expect(again.stdout).toMatch(/2 were already there/);
  }, 120_000);

  it('answers a wrong call with the usage and 64, never a stack trace', async () => {
    for (const args of [['mail', 'import'], ['mail', 'import', '--no-such-option', single], ['mail', 'import', '--department', 'sales', single]]) {
      const run = await cli(dataDir, args);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(64);
      expect(run.stderr).toContain('Usage:');
      expect(run.stderr).not.toMatch(STACK);
    }
  }, 120_000);
});

describe('the shape of a letter', () => {
  it('takes a header of "Name: value" fields with folded lines, and refuses what only looks like one', () => {
    expect(notMailReason(Buffer.from('Received: from a\r\n\tby b\r\nFrom: x@example.com\r\n\r\nBody'))).toBeNull();
    expect(notMailReason(Buffer.from('Subject: header only\n'))).toBeNull();
    expect(notMailReason(Buffer.alloc(0))).toBe('empty file');
    expect(notMailReason(Buffer.from('Hello,\nthis is a note.\n'))).toMatch(/does not begin with a mail header/);
    expect(notMailReason(Buffer.from('From: x@example.com\nthis is no field\n\nBody'))).toMatch(/line 2 of its header/);
    expect(notMailReason(Buffer.from('Title: A\nAuthor: B\n\nText'))).toMatch(/none of From/);
  });
});
