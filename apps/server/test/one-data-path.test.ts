import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionReentryError } from '../src/db/connection-guard.js';
import type { Em } from '../src/db/orm.js';
import { Contact } from '../src/modules/contacts/contact.entity.js';
import { ticketRowWriter } from '../src/modules/tickets/ticket-rows.js';
import { createTestApp, describeEachDatabase, type TestApp } from './helpers/create-test-app.js';
import { withDeadline } from './helpers/deadline.js';

const serverRoot = fileURLToPath(new URL('..', import.meta.url));

describeEachDatabase('one data path', (db) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ db });
  });
  afterAll(() => t?.close());

  it('creates a ticket for an existing contact by id, and every request after it still answers (the SQLite outage)', async () => {
    const contact = await withDeadline(t.admin.post('/api/v1/contacts', { name: 'Existing Customer', emails: ['existing@example.com'] }));
    expect(contact.status, JSON.stringify(contact.body)).toBe(201);
    const created = await withDeadline(
      t.admin.post('/api/v1/tickets', { subject: 'By contact id', message: 'Hello', contact: { id: contact.body.id } }),
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.ticket.contact).toMatchObject({ id: contact.body.id, email: 'existing@example.com' });
    const missing = await withDeadline(t.admin.post('/api/v1/tickets', { subject: 'Nobody', message: 'Hello', contact: { id: 999_999 } }));
    expect(missing.status).toBe(404);
    // The database is still there for everyone.
    const list = await withDeadline(t.admin.get('/api/v1/tickets'));
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { id: number }) => i.id)).toContain(created.body.ticket.id);
  });

  it('refuses at once, rather than waiting forever, a query that asks for a second connection inside a transaction', async () => {
    const em = t.app.orm.em.fork() as Em;
    const attempt = em.transactional(async () => {
      // A fork is not bound to the transaction: on SQLite it would wait for the connection the transaction holds.
      await (em.fork() as Em).findOne(Contact, { id: 1 });
    });
    // MikroORM wraps the driver's refusal in its DriverException, message kept.
    await expect(withDeadline(attempt, 5_000)).rejects.toThrow(new ConnectionReentryError().message);
    // The transaction rolled back and released its connection.
    expect(await withDeadline((t.app.orm.em.fork() as Em).count(Contact, {}), 5_000)).toBeGreaterThanOrEqual(0);
  });
});

describeEachDatabase('one data path: bound values', (db) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ db });
  });
  afterAll(() => t?.close());

  it('refuses NUL in a value bound by the query builder as the ORM refuses it in one it renders, writing nothing', async () => {
    const em = t.app.orm.em.fork() as Em;
    const attempt = em.transactional((tx) => ticketRowWriter(tx as Em).insertContact('Nul\u0000Name', 'nul@example.com', new Date()));
    await expect(attempt).rejects.toMatchObject({ code: 'request/invalid_text' });
    expect(await (t.app.orm.em.fork() as Em).count(Contact, { primaryEmail: 'nul@example.com' })).toBe(0);
  });
});

describe('one data path: no driver handle outside the database layer', () => {
  it('finds no better-sqlite3 or pg handle, prepared statement or native transaction outside apps/server/src/db', () => {
    const pattern = "getNativeClient|\\.prepare\\(|better-sqlite3|from 'pg'|getConnection\\(\\)\\.getClient|nativeSqlite";
    const found = spawnSync('git', ['grep', '-nE', pattern, '--', 'src', ':!src/db', ':!src/bench'], { cwd: serverRoot, encoding: 'utf8' });
    // git grep exits 1 when nothing matches, 0 when something does.
    expect(found.status, found.stdout).toBe(1);
  });
});
