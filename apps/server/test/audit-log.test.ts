import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Em } from '../src/db/orm.js';
import { ADMIN, createTestApp, describeEachDatabase, type TestApp } from './helpers/create-test-app.js';
import type { HttpClient } from './helpers/http-client.js';

const IP = '203.0.113.7';
const UA = 'AuditTest/1.0 (Parley)';
const SMTP_PASSWORD = 'smtp-secret-never-logged-9d81e2';
const IMAP_PASSWORD = 'imap-secret-never-logged-7f3a9c';

describeEachDatabase('audit log: administrative changes', (db) => {
  let t: TestApp;
  let adminId: number;
  let support: number;
  const em = () => t.app.context.orm.em.fork() as Em;
  const countEntries = async () => Number(((await em().getConnection().execute('select count(*) as n from audit_entry')) as { n: number | string }[])[0]!.n);

  /** A write from a known address and browser (the test server trusts the loopback proxy's X-Forwarded-For). */
  const send = (client: HttpClient, method: string, path: string, body?: unknown) =>
    client.request(method, `/api/v1${path}`, body, { 'x-forwarded-for': IP, 'user-agent': UA });

  /** The newest entry, which must be the one the last change wrote. */
  async function latest(): Promise<any> {
    const res = await t.admin.get('/api/v1/audit-log?limit=1');
    expect(res.status).toBe(200);
    return res.body.items[0];
  }

  /** Makes the change and checks it wrote exactly one entry, from this test's address and browser, by the administrator. */
  async function oneEntry(method: string, path: string, body: unknown, expected: number = 200): Promise<{ res: any; entry: any }> {
    const before = await countEntries();
    const res = await send(t.admin, method, path, body);
    expect(res.status, JSON.stringify(res.body)).toBe(expected);
    expect(await countEntries()).toBe(before + 1);
    const entry = await latest();
    expect(entry).toMatchObject({ actor: { kind: 'agent', agentId: adminId, name: ADMIN.name, apiTokenId: null }, ip: IP, userAgent: UA });
    return { res: res.body, entry };
  }

  beforeAll(async () => {
    t = await createTestApp({ db, env: { MAIL_CREDENTIALS_KEY: randomBytes(32).toString('base64'), MAIL_POLL_SECONDS: '3600' } });
    adminId = (await t.admin.get('/api/v1/auth/session')).body.agent.id;
    support = await t.department('Support');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('begins with the first administrator, created by the system', async () => {
    const res = await t.admin.get('/api/v1/audit-log?action=agent.created&actorId=999999');
    expect(res.body.items).toEqual([]);
    const first = (await t.admin.get('/api/v1/audit-log?targetType=agent&limit=100')).body.items.at(-1);
    expect(first).toMatchObject({ action: 'agent.created', actor: { kind: 'system', agentId: null, name: null }, target: { type: 'agent', id: adminId, label: ADMIN.name }, ip: null });
    expect(JSON.stringify(first.changes)).not.toContain(ADMIN.password);
  });

  it('records the first administrator made through the setup link as the system\'s, from the address that used it', async () => {
    const fresh = await createTestApp({ db, withAdmin: false });
    try {
      const owner = fresh.client();
      const setup = await send(owner, 'POST', '/auth/setup', { token: fresh.app.setupToken, name: 'Olga Owner', email: 'owner@parley.test', password: 'owner password 123' });
      expect(setup.status).toBe(201);
      owner.csrfToken = setup.body.csrfToken;
      const [first] = (await owner.get('/api/v1/audit-log')).body.items;
      expect(first).toMatchObject({ action: 'agent.created', actor: { kind: 'system', agentId: null }, target: { id: setup.body.agent.id, label: 'Olga Owner' }, ip: IP, userAgent: UA });
      expect(JSON.stringify(first)).not.toContain('owner password 123');
    } finally {
      await fresh.close();
    }
  });

  it('records agents: invited, created with a password (never logged), role change, deactivation, reactivation', async () => {
    const invited = await oneEntry('POST', '/agents', { name: 'Ivy Invitee', email: 'ivy@parley.test', role: 'agent', departmentIds: [support], locale: 'en' }, 201);
    expect(invited.entry).toMatchObject({ action: 'agent.invited', target: { type: 'agent', id: invited.res.id, label: 'Ivy Invitee' } });
    expect(invited.entry.changes).toMatchObject({ name: { from: null, to: 'Ivy Invitee' }, role: { from: null, to: 'agent' }, departmentIds: { from: null, to: [support] } });
    expect(JSON.stringify(invited.entry)).not.toContain(invited.res.invitationUrl.split('token=')[1]);

    const password = 'a password nobody may read';
    const created = await oneEntry('POST', '/agents', { name: 'Pat Password', email: 'pat@parley.test', role: 'agent', departmentIds: [], locale: 'en', password }, 201);
    expect(created.entry.action).toBe('agent.created');
    expect(JSON.stringify(created.entry)).not.toContain(password);
    const id = created.res.id;

    const promoted = await oneEntry('PATCH', `/agents/${id}`, { role: 'administrator', name: 'Pat P.' });
    expect(promoted.entry).toMatchObject({ action: 'agent.role_changed', target: { label: 'Pat P.' }, changes: { role: { from: 'agent', to: 'administrator' }, name: { from: 'Pat Password', to: 'Pat P.' } } });
    expect(Object.keys(promoted.entry.changes).sort()).toEqual(['name', 'role']);

    expect((await oneEntry('PATCH', `/agents/${id}`, { active: false })).entry).toMatchObject({ action: 'agent.deactivated', changes: { active: { from: true, to: false } } });
    expect((await oneEntry('PATCH', `/agents/${id}`, { active: true })).entry).toMatchObject({ action: 'agent.reactivated', changes: { active: { from: false, to: true } } });
    expect((await oneEntry('PATCH', `/agents/${id}`, { departmentIds: [support] })).entry).toMatchObject({ action: 'agent.updated', changes: { departmentIds: { from: [], to: [support] } } });
    const sales = await t.department('Sales');
    const moved = await oneEntry('PATCH', `/agents/${id}`, { departmentIds: [sales, support] });
    expect(moved.res.departmentIds).toEqual([support, sales].sort((a, b) => a - b));
    expect(moved.entry.changes).toEqual({ departmentIds: { from: [support], to: [support, sales].sort((a, b) => a - b) } });

    const reissued = await oneEntry('POST', `/agents/${invited.res.id}/invitation`, undefined, 201);
    expect(reissued.entry.action).toBe('agent.invitation_reissued');
  });

  it('records departments, custom statuses and canned responses, deletions included', async () => {
    const dep = await oneEntry('POST', '/departments', { name: 'Billing' }, 201);
    expect(dep.entry).toMatchObject({ action: 'department.created', target: { type: 'department', id: dep.res.id, label: 'Billing' }, changes: { name: { from: null, to: 'Billing' } } });
    expect((await oneEntry('PATCH', `/departments/${dep.res.id}`, { name: 'Invoices' })).entry).toMatchObject({ action: 'department.updated', changes: { name: { from: 'Billing', to: 'Invoices' } } });

    const status = await oneEntry('POST', '/statuses', { name: 'Waiting for supplier', baseStatus: 'open' }, 201);
    expect(status.entry).toMatchObject({ action: 'custom_status.created', target: { type: 'custom_status', id: status.res.id } });
    expect((await oneEntry('PATCH', `/statuses/${status.res.id}`, { name: 'Supplier' })).entry.changes).toEqual({ name: { from: 'Waiting for supplier', to: 'Supplier' } });
    expect((await oneEntry('DELETE', `/statuses/${status.res.id}`, undefined)).entry).toMatchObject({ action: 'custom_status.deleted', target: { label: 'Supplier' }, changes: { name: { from: 'Supplier', to: null } } });

    const canned = await oneEntry('POST', '/canned-responses', { title: 'Thanks', body: 'Thank you, {{contact.firstName}}!' }, 201);
    expect(canned.entry.action).toBe('canned_response.created');
    expect((await oneEntry('PATCH', `/canned-responses/${canned.res.id}`, { body: 'Thanks!' })).entry.changes).toEqual({ body: { from: 'Thank you, {{contact.firstName}}!', to: 'Thanks!' } });
    expect((await oneEntry('DELETE', `/canned-responses/${canned.res.id}`, undefined)).entry).toMatchObject({ action: 'canned_response.deleted', target: { label: 'Thanks' } });
  });

  it("records a department's reply template, set, changed and removed; a refused or unchanged one writes nothing", async () => {
    const dep = (await send(t.admin, 'POST', '/departments', { name: 'Greeters' })).body.id as number;
    const set = await oneEntry('PUT', `/departments/${dep}/reply-template`, { template: 'Hello {{contact.firstName}},\n\n{{cursor}}' });
    expect(set.entry).toMatchObject({
      action: 'department.reply_template_changed',
      target: { type: 'department', id: dep, label: 'Greeters' },
      changes: { replyTemplate: { from: null, to: 'Hello {{contact.firstName}},\n\n{{cursor}}' } },
    });
    const before = await countEntries();
    expect((await send(t.admin, 'PUT', `/departments/${dep}/reply-template`, { template: 'Hello {{contact.nmae}}' })).body.error.code).toBe('canned/unknown_placeholder');
    await send(t.admin, 'PUT', `/departments/${dep}/reply-template`, { template: 'Hello {{contact.firstName}},\n\n{{cursor}}' });
    expect(await countEntries()).toBe(before);
    const removed = await oneEntry('PUT', `/departments/${dep}/reply-template`, { template: null });
    expect(removed.entry.changes).toEqual({ replyTemplate: { from: 'Hello {{contact.firstName}},\n\n{{cursor}}', to: null } });
  });

  it('records widgets with the identity secret redacted, rotated or not', async () => {
    const created = await oneEntry('POST', '/widgets', { name: 'Website' }, 201);
    expect(created.entry).toMatchObject({ action: 'widget.created', changes: { identitySecret: { from: null, to: '[redacted]' }, name: { from: null, to: 'Website' } } });
    const rotated = await oneEntry('PATCH', `/widgets/${created.res.id}`, { rotateIdentitySecret: true, colour: '#112233' });
    expect(rotated.entry.changes).toMatchObject({ identitySecret: { from: '[redacted]', to: '[redacted]' }, colour: { to: '#112233' } });
    expect(JSON.stringify(rotated.entry)).not.toContain(rotated.res.identitySecret);
    expect(JSON.stringify(rotated.entry)).not.toContain(created.res.identitySecret);
    expect((await oneEntry('DELETE', `/widgets/${created.res.id}`, undefined)).entry).toMatchObject({ action: 'widget.deleted', target: { label: 'Website' } });
  });

  it('records mailboxes without their IMAP and SMTP passwords', async () => {
    const body = {
      name: 'Help',
      address: 'help@parley.example',
      active: false,
      imap: { host: 'imap.parley.example', port: 993, tls: true, starttls: false, user: 'help', password: IMAP_PASSWORD, folder: 'INBOX' },
      smtp: { host: 'smtp.parley.example', port: 465, secure: true, user: 'help', password: SMTP_PASSWORD },
    };
    const created = await oneEntry('POST', '/mailboxes', body, 201);
    expect(created.entry.changes).toMatchObject({ imapPassword: { from: null, to: '[redacted]' }, smtpPassword: { from: null, to: '[redacted]' }, address: { to: 'help@parley.example' } });
    const updated = await oneEntry('PATCH', `/mailboxes/${created.res.id}`, { smtp: { ...body.smtp, password: 'another-smtp-secret-123' }, name: 'Helpdesk' });
    expect(updated.entry.changes).toEqual({ name: { from: 'Help', to: 'Helpdesk' }, smtpPassword: { from: '[redacted]', to: '[redacted]' } });
    const stored = JSON.stringify(await em().getConnection().execute('select * from audit_entry'));
    for (const secret of [IMAP_PASSWORD, SMTP_PASSWORD, 'another-smtp-secret-123', 'v1:']) expect(stored).not.toContain(secret);
  });

  it('records API tokens (never their value), and names the token a change was made with', async () => {
    const created = await oneEntry('POST', '/api-tokens', { name: 'CI' }, 201);
    expect(created.entry).toMatchObject({ action: 'api_token.created', target: { type: 'api_token', id: created.res.id, label: 'CI' } });
    expect(JSON.stringify(created.entry)).not.toContain(created.res.token);

    const viaToken = t.client().withToken(created.res.token);
    const res = await send(viaToken, 'POST', '/departments', { name: 'Scripted' });
    expect(res.status).toBe(201);
    expect(await latest()).toMatchObject({ action: 'department.created', actor: { kind: 'api_token', agentId: adminId, name: ADMIN.name, apiTokenId: created.res.id } });

    expect((await oneEntry('DELETE', `/api-tokens/${created.res.id}`, undefined)).entry).toMatchObject({ action: 'api_token.revoked', target: { id: created.res.id, label: 'CI' } });
  });

  it('writes nothing for a change that fails, and nothing for one that changes nothing', async () => {
    const before = await countEntries();
    // The last active administrator cannot be demoted: refused inside the transaction.
    const other = (await t.admin.get('/api/v1/agents')).body.items.filter((a: any) => a.role === 'administrator' && a.id !== adminId);
    for (const a of other) expect((await send(t.admin, 'PATCH', `/agents/${a.id}`, { role: 'agent' })).status).toBe(200);
    const afterDemotions = await countEntries();
    expect(afterDemotions).toBe(before + other.length);
    expect((await send(t.admin, 'PATCH', `/agents/${adminId}`, { role: 'agent' })).body.error.code).toBe('agent/last_administrator');
    // A taken address fails at the database, in the same flush as the entry.
    const first = await send(t.admin, 'POST', '/mailboxes', { name: 'One', address: 'one@parley.example', active: false });
    const second = await send(t.admin, 'POST', '/mailboxes', { name: 'Two', address: 'two@parley.example', active: false });
    const afterMailboxes = await countEntries();
    const taken = await send(t.admin, 'PATCH', `/mailboxes/${second.body.id}`, { address: 'one@parley.example' });
    expect(taken.body.error.code).toBe('mailbox/address_taken');
    expect((await send(t.admin, 'POST', '/mailboxes', { name: 'Dup', address: first.body.address, active: false })).status).toBe(409);
    expect((await send(t.admin, 'DELETE', '/statuses/999999')).status).toBe(404);
    expect((await send(t.admin, 'PATCH', `/departments/${support}`, { name: 'Support' })).status).toBe(200);
    expect(await countEntries()).toBe(afterMailboxes);
  });

  it('is for administrators only', async () => {
    const agent = await t.agent({ name: 'Nosy Agent' });
    for (const path of ['/api/v1/audit-log', '/api/v1/audit-log/export?format=csv']) {
      const res = await agent.http.get(path);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('auth/forbidden');
      expect((await t.client().get(path)).status).toBe(401);
    }
  });

  it('filters by actor, action, target type and time, and pages with a cursor of its own', async () => {
    const byAction = (await t.admin.get('/api/v1/audit-log?action=department.updated&limit=100')).body.items;
    expect(byAction.length).toBeGreaterThan(0);
    expect(byAction.every((e: any) => e.action === 'department.updated')).toBe(true);
    const byType = (await t.admin.get('/api/v1/audit-log?targetType=widget&limit=100')).body.items;
    expect(byType.map((e: any) => e.action)).toEqual(['widget.deleted', 'widget.updated', 'widget.created']);
    const byActor = (await t.admin.get(`/api/v1/audit-log?actorId=${adminId}&limit=100`)).body.items;
    // Everything but the first entry, which the system wrote, was the administrator's.
    expect(byActor.length).toBe((await countEntries()) - 1);
    expect(byActor.every((e: any) => e.actor.agentId === adminId)).toBe(true);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await t.admin.get(`/api/v1/audit-log?from=${encodeURIComponent(future)}`)).body.items).toEqual([]);
    expect((await t.admin.get(`/api/v1/audit-log?to=${encodeURIComponent(future)}&limit=1`)).body.items).toHaveLength(1);
    expect((await t.admin.get('/api/v1/audit-log?action=agent.exploded')).status).toBe(400);

    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await t.admin.get(`/api/v1/audit-log?limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((e: any) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.length).toBe(await countEntries());
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
    expect(new Set(seen).size).toBe(seen.length);

    for (const forged of ['abc', '-1', '1e3', '1.5', '99999999999999999999', 'eyJpZCI6MX0']) {
      const res = await t.admin.get(`/api/v1/audit-log?cursor=${encodeURIComponent(forged)}`);
      expect(res.status, forged).toBe(400);
      expect(res.body.error.code).toBe('request/invalid_cursor');
    }
  });

  it('exports CSV: escaped, formula-safe, streamed with the same filters', async () => {
    const hostile = '=HYPERLINK("http://evil.example","click"), "quoted"\nnext line';
    expect((await send(t.admin, 'POST', '/departments', { name: hostile })).status).toBe(201);
    expect((await send(t.admin, 'POST', '/departments', { name: '@SUM(1+1)' })).status).toBe(201);
    const res = await fetch(`${t.baseUrl}/api/v1/audit-log/export?format=csv&targetType=department`, { headers: { cookie: t.admin.cookie! } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="parley-audit-log-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = await res.text();
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('id,occurred_at,actor_kind,actor_agent_id,actor_name,actor_api_token_id,action,target_type,target_id,target_label,changes,ip,user_agent');
    expect(lines[1]).toContain(`,department.created,department,`);
    expect(lines[1]).toContain(`,department,${lines[1]!.split(',')[8]},'@SUM(1+1),`);
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""click""), ""quoted""\nnext line"`);
    expect(text).toContain(`,${IP},${UA}\r\n`);
    expect(text).not.toMatch(/,=HYPERLINK/);
    const rows = text.trimEnd().split('\r\n').length - 1;
    expect(rows).toBe((await t.admin.get('/api/v1/audit-log?targetType=department&limit=100')).body.items.length);
    expect((await t.admin.get('/api/v1/audit-log/export?format=xlsx')).status).toBe(400);
  });
});
