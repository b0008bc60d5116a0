import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Em } from '../../src/db/orm.js';
import { EmailMessage, InboundMail } from '../../src/modules/email/email.entity.js';
import { importMail } from '../../src/modules/email/mail-import.js';
import { splitMbox } from '../../src/modules/email/mbox-reader.js';
import { ThreadItem, Ticket } from '../../src/modules/tickets/ticket.entity.js';
import { createTestApp, describeEachDatabase, type TestApp } from '../helpers/create-test-app.js';

const serverDir = fileURLToPath(new URL('../..', import.meta.url));

/** A conversation of `count` letters from several customers; every third one answers the one before it. */
function letters(count: number, tag: string): string[] {
  return Array.from({ length: count }, (_, i) => {
    const reply = i % 3 === 2 ? [`In-Reply-To: <${tag}-${i - 1}@customer.example>`] : [];
    return [
      `From: Customer ${i % 7} <customer${i % 7}@customer.example>`,
      'To: help@parley.example',
      `Subject: ${reply.length ? 'Re: ' : ''}Question ${i - (reply.length ? 1 : 0)}`,
      `Message-ID: <${tag}-${i}@customer.example>`,
      ...reply,
      'Date: Mon, 30 Nov 2026 09:00:00 +0000',
      'Content-Type: text/plain; charset=utf-8',
      '',
      `Letter ${i}.`,
      'From the start of a line, this must survive the mbox.',
      '',
    ].join('\r\n');
  });
}

/** mboxrd: each letter after a "From " envelope line, ">From " escaped in bodies. */
const mbox = (all: string[]) => all.map((l) => `From customer@customer.example Mon Nov 30 09:00:00 2026\n${l.replace(/^(>*From )/gm, '>$1')}\n`).join('');

it('splits an mbox into its letters and undoes the ">From " escaping', () => {
  const parts = splitMbox(Buffer.from(mbox(letters(3, 'split'))));
  expect(parts).toHaveLength(3);
  expect(parts[1]!.toString()).toContain('Message-ID: <split-1@customer.example>');
  expect(parts[1]!.toString()).toContain('\nFrom the start of a line');
  expect(parts[1]!.toString()).not.toContain('>From the start');
});

describeEachDatabase('parley mail import', (db) => {
  let t: TestApp;
  const em = () => t.app.context.orm.em.fork() as Em;
  const dir = mkdtempSync(join(tmpdir(), 'parley-import-'));

  beforeAll(async () => {
    t = await createTestApp({ db });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('takes a folder of .eml files and an mbox like a mailbox would, and files nothing twice when run again', async () => {
    const all = letters(12, `fold-${db}`);
    mkdirSync(join(dir, `eml-${db}`));
    for (const [i, l] of all.slice(0, 6).entries()) writeFileSync(join(dir, `eml-${db}`, `${String(i).padStart(3, '0')}.eml`), l);
    writeFileSync(join(dir, `rest-${db}.mbox`), mbox(all.slice(6)));
    const source = { source: 'import', departmentId: null, ownAddresses: ['help@parley.example'] };
    const first = await importMail(t.app.context, [join(dir, `eml-${db}`), join(dir, `rest-${db}.mbox`)], source);
    expect(first).toMatchObject({ total: 12, byResult: { created: 8, appended: 4, duplicate: 0, failed: 0 } });
    const again = await importMail(t.app.context, [join(dir, `eml-${db}`), join(dir, `rest-${db}.mbox`)], source);
    expect(again.byResult).toMatchObject({ duplicate: 12, created: 0, appended: 0 });
    const filed = await em().find(EmailMessage, { messageId: { $like: `<fold-${db}-%` } });
    expect(filed).toHaveLength(12);
  });

  it('loses and duplicates nothing when the import is killed with SIGKILL mid-way and run again', async () => {
    const tag = `kill-${db}`;
    const file = join(dir, `${tag}.mbox`);
    const count = 300;
    writeFileSync(file, mbox(letters(count, tag)));
    const env = { ...process.env, DATABASE_URL: t.databaseUrl, PARLEY_DATA_DIR: t.dataDir, LOG_LEVEL: 'warn' };
    const run = (): ChildProcess => spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'mail', 'import', file], { cwd: serverDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stored = () => em().count(InboundMail, { dedupeKey: { $like: `<${tag}-%` } });

    const doomed = run();
    const exited = new Promise((resolve) => doomed.once('exit', resolve));
    await expect.poll(stored, { timeout: 60_000, interval: 20 }).toBeGreaterThan(30);
    doomed.kill('SIGKILL');
    await exited;
    const atKill = await stored();
    expect(atKill).toBeLessThan(count);

    const finish = run();
    let output = '';
    finish.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const code = await new Promise((resolve) => finish.once('exit', resolve));
    expect(code, output).toBe(0);
    expect(output).toMatch(new RegExp(`Imported ${count} letters`));

    const rows = await em().find(InboundMail, { dedupeKey: { $like: `<${tag}-%` } });
    expect(rows).toHaveLength(count);
    expect(rows.every((r) => r.state === 'processed')).toBe(true);
    const emails = await em().find(EmailMessage, { messageId: { $like: `<${tag}-%` } });
    expect(emails).toHaveLength(count);
    expect(new Set(emails.map((e) => e.messageId)).size).toBe(count);
    // Every letter is one customer message, and every third one is on the ticket of the letter it answers.
    expect(await em().count(ThreadItem, { id: { $in: emails.map((e) => e.threadItem) }, kind: 'customer_message' })).toBe(count);
    const ticketOf = new Map(emails.map((e) => [e.messageId, e.ticketId]));
    for (let i = 2; i < count; i += 3) expect(ticketOf.get(`<${tag}-${i}@customer.example>`)).toBe(ticketOf.get(`<${tag}-${i - 1}@customer.example>`));
    expect(await em().count(Ticket, { id: { $in: [...new Set(emails.map((e) => e.ticketId))] } })).toBe(count - Math.floor(count / 3));
  }, 120_000);
});
