import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Em } from '../../src/db/orm.js';
import { EmailMessage, InboundMail } from '../../src/modules/email/email.entity.js';
import { createTestApp, describeEachDatabase, type TestApp } from '../helpers/create-test-app.js';
import { freePort, type ServerProcess, startSourceServer } from '../helpers/server-process.js';

const COUNT = 60;

/**
 * The server killed with SIGKILL while letters stream into its SMTP receiver, then started again: a relay
 * resends every letter it got no 250 for (and, as relays do, a few it did), and in the end each letter is
 * on its ticket exactly once — nothing acknowledged lost, nothing duplicated, nothing left half filed.
 */
describeEachDatabase('ingestion across a SIGKILL of the server', (db) => {
  let setup: TestApp;
  let server: ServerProcess | null = null;
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-ingest-kill-'));
  const em = () => setup.app.context.orm.em.fork() as Em;

  beforeAll(async () => {
    setup = await createTestApp({ db });
    const department = await setup.department('Billing');
    expect((await setup.admin.post('/api/v1/mailboxes', { name: 'Billing', address: 'billing@shop.example', departmentId: department, smtpReceiver: true })).status).toBe(201);
  });
  afterAll(async () => {
    await server?.stop();
    await setup?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every letter it answered 250 for, and files each letter exactly once after the relay resends', async () => {
    const smtpPort = await freePort();
    const env = { DATABASE_URL: setup.databaseUrl, PARLEY_DATA_DIR: dataDir, SMTP_RECEIVER_PORT: String(smtpPort), SMTP_RECEIVER_HOST: '127.0.0.1', PORT: String(await freePort()) };
    const letter = (i: number) => ({
      from: `Customer ${i % 9} <customer${i % 9}@customer.example>`,
      to: 'billing@shop.example',
      subject: `Invoice question ${i}`,
      text: `Letter ${i}: the amount is wrong.`,
      messageId: `<kill-${db}-${process.pid}-${i}@customer.example>`,
      ...(i % 10 === 5 ? { attachments: [{ filename: `scan-${i}.pdf`, content: Buffer.alloc(30_000, i) }] } : {}),
    });
    const send = async (i: number): Promise<boolean> => {
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true, connectionTimeout: 3_000, socketTimeout: 5_000 } as never);
      try {
        const info = await transport.sendMail(letter(i));
        return /^250/.test(info.response);
      } catch {
        return false;
      } finally {
        transport.close();
      }
    };

    server = await startSourceServer(env);
    const accepted = new Set<number>();
    let next = 0;
    let killed = false;
    // Four connections at a time, like a relay; the server is killed once a quarter has been accepted.
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < COUNT && !killed) {
          const i = next++;
          if (await send(i)) accepted.add(i);
          if (!killed && accepted.size >= COUNT / 4) {
            killed = true;
            await server!.kill();
          }
        }
      }),
    );
    expect(killed).toBe(true);
    const acceptedBeforeKill = [...accepted];
    // Every letter answered 250 was stored and filed before the answer.
    const filed = await em().find(EmailMessage, { messageId: { $in: acceptedBeforeKill.map((i) => letter(i).messageId) } });
    expect(filed).toHaveLength(acceptedBeforeKill.length);

    server = await startSourceServer(env);
    // The relay resends what got no 250, and a few that did (it could not be sure they arrived).
    const resend = [...Array(COUNT).keys()].filter((i) => !accepted.has(i)).concat(acceptedBeforeKill.slice(0, 5));
    for (const i of resend) expect(await send(i), `letter ${i}`).toBe(true);

    const ids = [...Array(COUNT).keys()].map((i) => letter(i).messageId);
    const emails = await em().find(EmailMessage, { messageId: { $in: ids } });
    expect(emails).toHaveLength(COUNT);
    expect(new Set(emails.map((e) => e.messageId)).size).toBe(COUNT);
    const stored = await em().find(InboundMail, { dedupeKey: { $in: ids } });
    expect(stored).toHaveLength(COUNT);
    expect(stored.filter((row) => row.state !== 'processed')).toEqual([]);
  }, 120_000);
});
