import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeDatabase } from '../src/start-message.js';
import { type ServerProcess, startSourceServer } from './helpers/server-process.js';

/** A server as `npm start` runs it: no DATABASE_URL (empty counts as unset, and overrides the test run's own). */
const start = (dataDir: string, admin: string) =>
  startSourceServer({ PORT: '0', DATABASE_URL: '', PARLEY_DATA_DIR: dataDir, PARLEY_ADMIN_EMAIL: admin, PARLEY_ADMIN_PASSWORD: 'a long passphrase' });

describe('PARLEY_DATA_DIR holds everything, the database included', () => {
  const servers: ServerProcess[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  it('gives two servers with different data directories their own database files, and each start message names its own', async () => {
    const first = mkdtempSync(join(tmpdir(), 'parley-data-a-'));
    const second = mkdtempSync(join(tmpdir(), 'parley-data-b-'));
    const [a, b] = await Promise.all([start(first, 'first@example.com'), start(second, 'second@example.com')]);
    servers.push(a, b);

    expect(existsSync(join(first, 'parley.sqlite'))).toBe(true);
    expect(existsSync(join(second, 'parley.sqlite'))).toBe(true);
    expect(a.stdout()).toContain(`SQLite database ${join(first, 'parley.sqlite')})`);
    expect(b.stdout()).toContain(`SQLite database ${join(second, 'parley.sqlite')})`);
    expect(a.stdout()).toContain('Created the administrator first@example.com');
    expect(b.stdout()).toContain('Created the administrator second@example.com');

    // Separate databases: each knows only its own administrator.
    const signIn = (url: string, email: string) =>
      fetch(`${url}/api/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'a long passphrase' }) });
    expect((await signIn(a.url, 'first@example.com')).status).toBe(200);
    expect((await signIn(a.url, 'second@example.com')).status).toBe(401);
    expect((await signIn(b.url, 'second@example.com')).status).toBe(200);

    // A restart with another PARLEY_ADMIN_EMAIL creates nobody, and the message does not pretend it did.
    await a.stop();
    servers.splice(servers.indexOf(a), 1);
    const again = await start(first, 'someone-else@example.com');
    servers.push(again);
    expect(again.stdout()).toContain(`SQLite database ${join(first, 'parley.sqlite')})`);
    expect(again.stdout()).not.toContain('Created the administrator');
    expect(again.stdout()).toContain('PARLEY_ADMIN_EMAIL=someone-else@example.com was not used');
    expect((await signIn(again.url, 'someone-else@example.com')).status).toBe(401);
  }, 120_000);

  it('names a PostgreSQL database by its URL without the password', () => {
    const said = describeDatabase({ kind: 'postgresql', url: 'postgres://parley:s3cret@db.internal:5432/parley' });
    expect(said).toBe('PostgreSQL database postgres://parley@db.internal:5432/parley');
    expect(describeDatabase({ kind: 'postgresql', url: 'postgres://db.internal/parley' })).toBe('PostgreSQL database postgres://db.internal/parley');
  });
});
