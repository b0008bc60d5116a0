import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Em } from '../../src/db/orm.js';
import { createTestApp, describeEachDatabase, type TestApp } from '../helpers/create-test-app.js';
import { DOVECOT, eventually } from '../helpers/test-dovecot.js';

const IMAP_PASSWORD = 'imap-secret-Ω-7f3a9c';
const SMTP_PASSWORD = 'smtp-secret-9d81e2';

describeEachDatabase('mailboxes: administration and stored credentials', (db) => {
  let t: TestApp;
  let support: number;
  let sequence = 0;
  const em = () => t.app.context.orm.em.fork() as Em;

  const mailbox = (extra: Record<string, unknown> = {}) => ({
    name: `Support ${++sequence}`,
    address: `Support${sequence}@Parley.example`,
    departmentId: support,
    // Inactive: these settings are only stored here, nothing connects.
    active: false,
    imap: { host: DOVECOT.host, port: DOVECOT.port, tls: false, starttls: false, user: DOVECOT.user, password: IMAP_PASSWORD, folder: 'INBOX' },
    smtp: { host: 'smtp.parley.example', port: 465, secure: true, user: 'support', password: SMTP_PASSWORD },
    ...extra,
  });

  beforeAll(async () => {
    t = await createTestApp({ db, env: { MAIL_CREDENTIALS_KEY: randomBytes(32).toString('base64'), MAIL_POLL_SECONDS: '3600' } });
    support = await t.department('Support');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('stores passwords encrypted, never returns them, and says whether one is set', async () => {
    const created = await t.admin.post('/api/v1/mailboxes', mailbox());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      address: `support${sequence}@parley.example`,
      departmentId: support,
      active: false,
      imap: { host: DOVECOT.host, user: DOVECOT.user, passwordSet: true, folder: 'INBOX', afterFiling: 'seen', moveToFolder: null },
      smtp: { host: 'smtp.parley.example', secure: true, user: 'support', passwordSet: true },
      smtpReceiver: false,
      status: 'idle',
      lastError: null,
    });
    const listed = await t.admin.get('/api/v1/mailboxes');
    for (const text of [JSON.stringify(created.body), JSON.stringify(listed.body)]) {
      expect(text).not.toContain(IMAP_PASSWORD);
      expect(text).not.toContain(SMTP_PASSWORD);
      expect(text).not.toContain('v1:');
    }

    const rows: any[] = await em().getConnection().execute('select * from mailbox where id = ?', [created.body.id]);
    const raw = JSON.stringify(rows);
    expect(raw).not.toContain(IMAP_PASSWORD);
    expect(raw).not.toContain(SMTP_PASSWORD);
    expect(rows[0].imap_password_encrypted).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    // A fresh nonce each time: the same password twice is two different values.
    expect(rows[0].smtp_password_encrypted).not.toBe(rows[0].imap_password_encrypted);

    // Leaving the password out keeps it; null clears it.
    const kept = await t.admin.patch(`/api/v1/mailboxes/${created.body.id}`, { imap: { host: DOVECOT.host, port: DOVECOT.port, tls: false, user: DOVECOT.user } });
    expect(kept.status).toBe(200);
    expect(kept.body.imap.passwordSet).toBe(true);
    const cleared = await t.admin.patch(`/api/v1/mailboxes/${created.body.id}`, { smtp: { host: 'smtp.parley.example', port: 465, secure: true, user: 'support', password: null } });
    expect(cleared.body.smtp.passwordSet).toBe(false);
    const [after]: any[] = await em().getConnection().execute('select smtp_password_encrypted from mailbox where id = ?', [created.body.id]);
    expect(after.smtp_password_encrypted).toBeNull();
  });

  it('lets only administrators see and change mailboxes', async () => {
    const agent = await t.agent({ departmentIds: [support] });
    expect((await agent.http.get('/api/v1/mailboxes')).status).toBe(403);
    expect((await agent.http.post('/api/v1/mailboxes', mailbox())).status).toBe(403);
    expect((await t.client().get('/api/v1/mailboxes')).status).toBe(401);
    const created = await t.admin.post('/api/v1/mailboxes', mailbox());
    expect((await agent.http.patch(`/api/v1/mailboxes/${created.body.id}`, { active: true })).status).toBe(403);
    expect((await agent.http.post(`/api/v1/mailboxes/${created.body.id}/test`)).status).toBe(403);
  });

  it('refuses invalid settings, unknown fields, a taken address and an unknown department', async () => {
    const conflict = await t.admin.post('/api/v1/mailboxes', mailbox({ imap: { host: DOVECOT.host, port: 993, tls: true, starttls: true, user: 'x' } }));
    expect(conflict.status).toBe(400);
    expect(conflict.body.error.code).toBe('mailbox/settings_invalid');
    const move = await t.admin.post('/api/v1/mailboxes', mailbox({ imap: { host: DOVECOT.host, port: 993, tls: true, user: 'x', afterFiling: 'move' } }));
    expect(move.body.error.code).toBe('mailbox/settings_invalid');
    expect((await t.admin.post('/api/v1/mailboxes', mailbox({ imap: { host: 'imap.example.com', port: 0, tls: true, user: 'x' } }))).status).toBe(400);
    expect((await t.admin.post('/api/v1/mailboxes', { ...mailbox(), extra: 1 })).status).toBe(400);
    const first = await t.admin.post('/api/v1/mailboxes', mailbox());
    const taken = await t.admin.post('/api/v1/mailboxes', { ...mailbox(), address: first.body.address.toUpperCase() });
    expect(taken).toMatchObject({ status: 409, body: { error: { code: 'mailbox/address_taken' } } });
    expect((await t.admin.post('/api/v1/mailboxes', mailbox({ departmentId: 999_999 }))).status).toBe(404);
    expect((await t.admin.patch('/api/v1/mailboxes/999999', { active: false })).status).toBe(404);
  });

  it('"Test connection" signs in with the stored password, and reports the server\'s refusal', async () => {
    const good = await t.admin.post('/api/v1/mailboxes', mailbox({ imap: { host: DOVECOT.host, port: DOVECOT.port, tls: false, user: DOVECOT.user, password: DOVECOT.password }, smtp: null }));
    expect((await t.admin.post(`/api/v1/mailboxes/${good.body.id}/test`)).body).toEqual({ imap: { ok: true, error: null }, smtp: null });
    const bad = await t.admin.post('/api/v1/mailboxes', mailbox({ imap: { host: DOVECOT.host, port: DOVECOT.port, tls: false, user: DOVECOT.user, password: 'wrong password' }, smtp: null }));
    const result = await t.admin.post(`/api/v1/mailboxes/${bad.body.id}/test`);
    expect(result.body.imap.ok).toBe(false);
    expect(result.body.imap.error).toMatch(/Authentication failed/);
    // IMAPS on the test Dovecot has a self-signed certificate: certificates are verified, so it is refused.
    const selfSigned = await t.admin.post('/api/v1/mailboxes', mailbox({ imap: { host: DOVECOT.host, port: DOVECOT.tlsPort, tls: true, user: DOVECOT.user, password: DOVECOT.password }, smtp: null }));
    const tls = await t.admin.post(`/api/v1/mailboxes/${selfSigned.body.id}/test`);
    expect(tls.body.imap.ok).toBe(false);
    expect(tls.body.imap.error).toMatch(/certificate/i);
  });

  it('does not fetch an inactive mailbox: it stays idle, never checked', async () => {
    const created = await t.admin.post('/api/v1/mailboxes', mailbox());
    await new Promise((resolve) => setTimeout(resolve, 300));
    const listed = await eventually(async () => (await t.admin.get('/api/v1/mailboxes')).body.items.find((m: any) => m.id === created.body.id));
    expect(listed).toMatchObject({ active: false, status: 'idle', lastCheckAt: null });
  });
});

describeEachDatabase('mailboxes: without MAIL_CREDENTIALS_KEY', (db) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ db });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses to save a password with a clear error, and accepts a mailbox without one', async () => {
    const refused = await t.admin.post('/api/v1/mailboxes', {
      name: 'Support',
      address: 'support@parley.example',
      imap: { host: DOVECOT.host, port: DOVECOT.port, tls: false, user: DOVECOT.user, password: 'secret' },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('mailbox/credentials_key_missing');
    expect(refused.body.error.message).toContain('MAIL_CREDENTIALS_KEY');
    expect((await t.admin.get('/api/v1/mailboxes')).body.items).toEqual([]);
    const forwardOnly = await t.admin.post('/api/v1/mailboxes', { name: 'Support', address: 'support@parley.example', smtpReceiver: true });
    expect(forwardOnly.status).toBe(201);
    expect(forwardOnly.body).toMatchObject({ imap: null, smtp: null, smtpReceiver: true, departmentId: null });
  });
});
