/**
 * mail_import_messages_per_s (issue 5): letters taken in per second through the import command's own path
 * (parse, store the raw letter, thread, file on a ticket), on a fresh SQLite database, in this process.
 * The letters are generated in the shapes clients send: plain text, text with an HTML alternative,
 * a file attached, replies that thread by In-Reply-To; BENCH_MAIL_LETTERS sets how many (default 2,000).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../app.js';
import { loadConfig } from '../config/env.js';
import { importMail } from '../modules/email/mail-import.js';
import { note, report } from './report.js';

const count = Number(process.env.BENCH_MAIL_LETTERS ?? 2000);

function letter(i: number): string {
  const reply = i % 4 === 3;
  const head = [
    `From: Кирилл ${i % 50} <customer${i % 50}@customer.example>`,
    'To: help@parley.example',
    `Subject: ${reply ? 'Re: ' : ''}=?utf-8?B?${Buffer.from(`Вопрос о заказе ${reply ? i - 1 : i}`).toString('base64')}?=`,
    `Message-ID: <bench-${i}@customer.example>`,
    ...(reply ? [`In-Reply-To: <bench-${i - 1}@customer.example>`, `References: <bench-${i - 1}@customer.example>`] : []),
    'Date: Mon, 30 Nov 2026 09:00:00 +0000',
    'MIME-Version: 1.0',
  ];
  const text = `Здравствуйте!\r\n\r\nМой заказ ${i} ещё не пришёл. Когда его ждать?\r\n\r\n-- \r\nКирилл`;
  if (i % 4 === 0) return [...head, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', text, ''].join('\r\n');
  if (i % 4 === 1 || reply) {
    return [
      ...head,
      'Content-Type: multipart/alternative; boundary="alt"',
      '',
      '--alt',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      text,
      '--alt',
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      `<html><body><p>Здравствуйте!</p><p>Мой заказ <b>${i}</b> ещё не пришёл.</p><img src="https://tracker.example/p.gif"></body></html>`,
      '--alt--',
      '',
    ].join('\r\n');
  }
  return [
    ...head,
    'Content-Type: multipart/mixed; boundary="mix"',
    '',
    '--mix',
    'Content-Type: text/plain; charset=utf-8',
    '',
    text,
    '--mix',
    'Content-Type: application/pdf; name="invoice.pdf"',
    'Content-Transfer-Encoding: base64',
    'Content-Disposition: attachment; filename="invoice.pdf"',
    '',
    Buffer.alloc(20_000, i % 256).toString('base64').replace(/(.{76})/g, '$1\r\n'),
    '--mix--',
    '',
  ].join('\r\n');
}

export async function benchMailImport(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-mail-'));
  try {
    const file = join(dir, 'letters.mbox');
    writeFileSync(file, Array.from({ length: count }, (_, i) => `From customer@customer.example Mon Nov 30 09:00:00 2026\n${letter(i)}\n`).join(''));
    const config = loadConfig({ ...process.env, DATABASE_URL: `sqlite:${join(dir, 'parley.sqlite')}`, PARLEY_DATA_DIR: dir, LOG_LEVEL: 'warn', JOB_INTERVAL_MS: '0' });
    const app = await createApp(config);
    try {
      const summary = await importMail(app.context, [file], { source: 'import', departmentId: null, ownAddresses: ['help@parley.example'] });
      const { created, appended, failed } = summary.byResult;
      note(`mail import: ${summary.total} letters (a quarter each plain, with HTML, with a 20 KB PDF, replies) in ${summary.seconds.toFixed(1)} s: ${created} tickets opened, ${appended} added, ${failed} failed`);
      report('mail_import_messages_per_s', summary.total / summary.seconds, 'messages/s');
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
