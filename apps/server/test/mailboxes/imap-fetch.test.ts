import { randomBytes } from 'node:crypto';
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Em } from '../../src/db/orm.js';
import { InboundMail } from '../../src/modules/email/email.entity.js';
import { ThreadItem, Ticket } from '../../src/modules/tickets/ticket.entity.js';
import { createTestApp, describeEachDatabase, type TestApp } from '../helpers/create-test-app.js';
import { DOVECOT, dovecotClient, eventually, flagsByUid, freshFolder, removeFreshFolders } from '../helpers/test-dovecot.js';

let sequence = 0;

function letter(o: { subject?: string; body?: string; messageId?: string; inReplyTo?: string; padding?: number } = {}): { raw: string; messageId: string } {
  const messageId = o.messageId ?? `<imap-${process.pid}-${Date.now()}-${++sequence}@customer.example>`;
  const raw = [
    'From: Anna Customer <anna@customer.example>',
    'To: Support <support@parley.example>',
    `Subject: ${o.subject ?? 'Printer on fire'}`,
    `Message-ID: ${messageId}`,
    ...(o.inReplyTo ? [`In-Reply-To: ${o.inReplyTo}`, `References: ${o.inReplyTo}`] : []),
    'Date: Mon, 30 Nov 2026 09:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    o.body ?? 'It is really on fire.',
    ...(o.padding ? ['x'.repeat(o.padding)] : []),
    '',
  ].join('\r\n');
  return { raw, messageId };
}

describeEachDatabase('mailboxes: fetching over IMAP from a real Dovecot', (db) => {
  let t: TestApp;
  let support: number;
  let imap: ImapFlow;
  const em = () => t.app.context.orm.em.fork() as Em;

  /** An active mailbox reading its own new folder on the test Dovecot. */
  async function mailbox(label: string, extra: Record<string, unknown> = {}, password: string = DOVECOT.password) {
    const folder = await freshFolder(imap, `${db}-${label}`);
    const created = await t.admin.post('/api/v1/mailboxes', {
      name: `IMAP ${label} ${db}`,
      address: `${label}-${db}-${++sequence}@parley.example`,
      departmentId: support,
      imap: { host: DOVECOT.host, port: DOVECOT.port, tls: false, starttls: false, user: DOVECOT.user, password, folder, ...extra },
    });
    expect(created.status).toBe(201);
    return { id: created.body.id as number, name: created.body.name as string, folder };
  }

  const status = async (id: number) => (await t.admin.get('/api/v1/mailboxes')).body.items.find((m: any) => m.id === id);
  const connected = (id: number) => eventually(async () => ((await status(id))?.status === 'connected' ? true : undefined), 15_000, 'connected');
  const filed = (messageId: string) =>
    eventually(async () => {
      const row = await em().findOne(InboundMail, { messageId: messageId });
      return row && row.state !== 'pending' ? row : undefined;
    }, 15_000, `letter ${messageId} filed`);

  beforeAll(async () => {
    // A poll interval of an hour: only IDLE can bring letters in quickly.
    t = await createTestApp({ db, env: { MAIL_CREDENTIALS_KEY: randomBytes(32).toString('base64'), MAIL_POLL_SECONDS: '3600', MAX_MAIL_BYTES: '20000' } });
    support = await t.department('Support');
    imap = await dovecotClient();
  });
  afterAll(async () => {
    await t?.close();
    if (imap) await removeFreshFolders(imap);
    await imap?.logout();
  });

  it('picks up appended letters while idling, files them in the mailbox\'s department, and only then flags them \\Seen', async () => {
    const box = await mailbox('idle');
    // Already there before Parley connects: read on connecting.
    const early = letter({ subject: 'Waiting already' });
    await imap.append(box.folder, early.raw);
    await connected(box.id);
    const earlyRow = await filed(early.messageId);

    // Appended while Parley idles on the folder: pushed by the server.
    const pushed = letter({ subject: 'Printer on fire' });
    await imap.append(box.folder, pushed.raw);
    const row = await filed(pushed.messageId);
    expect(row).toMatchObject({ source: box.name, departmentId: support, state: 'processed' });
    const ticket = await em().findOneOrFail(Ticket, { id: row.ticketId as number });
    expect(ticket).toMatchObject({ subject: 'Printer on fire', channel: 'email', departmentId: support });
    expect(earlyRow.ticketId).not.toBe(row.ticketId);

    const flags = await eventually(async () => {
      const byUid = await flagsByUid(imap, box.folder);
      return [...byUid.values()].every((f) => f.has('\\Seen')) ? byUid : undefined;
    }, 10_000, 'both letters flagged \\Seen');
    expect(flags.size).toBe(2);
    const stored = await status(box.id);
    expect(stored).toMatchObject({ status: 'connected', lastError: null });
    expect(Date.parse(stored.lastCheckAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('files the same letter appended twice once, and threads a later reply into the same ticket', async () => {
    const box = await mailbox('dupes');
    await connected(box.id);
    const first = letter({ subject: 'Invoice question' });
    await imap.append(box.folder, first.raw);
    await imap.append(box.folder, first.raw);
    const row = await filed(first.messageId);
    // Both copies are read (and flagged) — the second one finds the letter stored and adds nothing.
    await eventually(async () => {
      const byUid = await flagsByUid(imap, box.folder);
      return byUid.size === 2 && [...byUid.values()].every((f) => f.has('\\Seen')) ? true : undefined;
    }, 10_000, 'both copies flagged');
    expect(await em().count(ThreadItem, { ticket: row.ticketId as number, kind: 'customer_message' })).toBe(1);

    const reply = letter({ subject: 'Re: Invoice question', body: 'Any news?', inReplyTo: first.messageId });
    await imap.append(box.folder, reply.raw);
    const replyRow = await filed(reply.messageId);
    expect(replyRow.ticketId).toBe(row.ticketId);
    expect(await em().count(ThreadItem, { ticket: row.ticketId as number, kind: 'customer_message' })).toBe(2);
  });

  it('moves filed letters to another folder when told to, and leaves a letter it could not file where it was, unread', async () => {
    const target = await freshFolder(imap, `${db}-filed`);
    const box = await mailbox('move', { afterFiling: 'move', moveToFolder: target });
    await connected(box.id);
    const tooLarge = letter({ subject: 'Huge', padding: 30_000 });
    const normal = letter({ subject: 'Please move me' });
    await imap.append(box.folder, tooLarge.raw);
    await imap.append(box.folder, normal.raw);
    await filed(normal.messageId);
    const moved = await eventually(async () => {
      const inTarget = await flagsByUid(imap, target);
      return inTarget.size === 1 ? inTarget : undefined;
    }, 20_000, 'the letter moved'); // under a full parallel test run on two cores the move has taken over 10 s
    expect(moved.size).toBe(1);
    const left = await flagsByUid(imap, box.folder);
    // The oversized letter was never filed: it stays, not flagged \Seen, and the administrator is told.
    expect(left.size).toBe(1);
    expect([...left.values()][0]?.has('\\Seen')).toBe(false);
    expect(await em().count(InboundMail, { messageId: tooLarge.messageId })).toBe(0);
    expect((await status(box.id)).lastError).toMatch(/larger than MAX_MAIL_BYTES/);
  });

  it('shows a wrong password as an error in the admin API, and recovers once the password is fixed', async () => {
    const box = await mailbox('wrong', {}, 'not the password');
    const waiting = letter({ subject: 'Sent while the password was wrong' });
    await imap.append(box.folder, waiting.raw);
    const failed = await eventually(async () => {
      const s = await status(box.id);
      return s?.status === 'error' ? s : undefined;
    }, 15_000, 'status error');
    expect(failed.lastError).toMatch(/Authentication failed/);
    expect(failed.lastCheckAt).not.toBeNull();
    expect([...(await flagsByUid(imap, box.folder)).values()][0]?.has('\\Seen')).toBe(false);

    const fixed = await t.admin.patch(`/api/v1/mailboxes/${box.id}`, {
      imap: { host: DOVECOT.host, port: DOVECOT.port, tls: false, user: DOVECOT.user, password: DOVECOT.password, folder: box.folder },
    });
    expect(fixed.status).toBe(200);
    await connected(box.id);
    await filed(waiting.messageId);
    expect(await status(box.id)).toMatchObject({ status: 'connected', lastError: null });
  });

  it('stops fetching a deactivated mailbox', async () => {
    const box = await mailbox('off');
    await connected(box.id);
    expect((await t.admin.patch(`/api/v1/mailboxes/${box.id}`, { active: false })).body).toMatchObject({ active: false, status: 'idle' });
    await eventually(async () => {
      const [row]: any[] = await em().getConnection().execute('select lease_owner from mailbox where id = ?', [box.id]);
      return row.lease_owner === null ? true : undefined;
    }, 10_000, 'lease released');
    const ignored = letter({ subject: 'Nobody reads this' });
    await imap.append(box.folder, ignored.raw);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await em().count(InboundMail, { messageId: ignored.messageId })).toBe(0);
    expect((await status(box.id)).status).toBe('idle');
  });
});

describeEachDatabase('mailboxes: one instance fetches a mailbox at a time', (db) => {
  const key = randomBytes(32).toString('base64');
  let first: TestApp;
  let second: TestApp | null = null;
  let imap: ImapFlow;
  const lease = async (id: number) => {
    const rows: any[] = await (first.app.context.orm.em.fork() as Em).getConnection().execute('select lease_owner from mailbox where id = ?', [id]);
    return rows[0].lease_owner as string | null;
  };

  beforeAll(async () => {
    first = await createTestApp({ db, env: { MAIL_CREDENTIALS_KEY: key, MAIL_POLL_SECONDS: '3600' } });
    second = await createTestApp({ db, sameDatabaseAs: first, env: { MAIL_CREDENTIALS_KEY: key, MAIL_POLL_SECONDS: '3600' } });
    imap = await dovecotClient();
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
    if (imap) await removeFreshFolders(imap);
    await imap?.logout();
  });

  it('holds a lease row while running; the other instance takes over once it is gone', async () => {
    const folder = await freshFolder(imap, `${db}-lease`);
    const created = await first.admin.post('/api/v1/mailboxes', {
      name: `Lease ${db}`,
      address: `lease-${db}-${process.pid}@parley.example`,
      imap: { host: DOVECOT.host, port: DOVECOT.port, tls: false, user: DOVECOT.user, password: DOVECOT.password, folder },
    });
    const id = created.body.id as number;
    const owner = await eventually(() => lease(id), 15_000, 'a lease');
    second?.app.context.mailboxes.changed();
    const one = letter({ subject: 'Only once' });
    await imap.append(folder, one.raw);
    const em = () => first.app.context.orm.em.fork() as Em;
    await eventually(async () => ((await em().findOne(InboundMail, { messageId: one.messageId }))?.state === 'processed' ? true : undefined), 15_000, 'filed');
    expect(await lease(id)).toBe(owner);

    // Whoever held it stops (a shutdown releases the lease); the other one picks the mailbox up.
    const holder = owner === first.app.context.mailboxes.instanceId ? first : (second as TestApp);
    const other = holder === first ? (second as TestApp) : first;
    await holder.app.context.mailboxes.close();
    other.app.context.mailboxes.changed();
    await eventually(async () => ((await lease(id)) === other.app.context.mailboxes.instanceId ? true : undefined), 15_000, 'the other instance leasing');
    const two = letter({ subject: 'After the takeover' });
    await imap.append(folder, two.raw);
    await eventually(async () => ((await em().findOne(InboundMail, { messageId: two.messageId }))?.state === 'processed' ? true : undefined), 15_000, 'filed by the other');
  });
});
