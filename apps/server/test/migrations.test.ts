import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MikroORM as PostgresORM } from '@mikro-orm/postgresql';
import { MikroORM as SqliteORM } from '@mikro-orm/sqlite';
import { expect, it } from 'vitest';
import type { DatabaseConfig } from '../src/config/env.js';
import { ormOptions } from '../src/db/orm.js';
import { describeEachDatabase, postgresServerUrl } from './helpers/create-test-app.js';

/** Upgrades keep the data: an installation with agents and sessions migrates to the latest schema intact. */
describeEachDatabase('migrations on a database with data', (db) => {
  it('adds availability and invitations to existing agents without touching their sessions and memberships', async () => {
    const { orm, cleanup } = await openEmpty(db);
    try {
      await orm.migrator.up({ to: 'm20261122225021-initial' });
      const conn = orm.em.getConnection();
      const now = orm.em.getPlatform().processDateProperty(new Date());
      await conn.execute('insert into department (name, created_at, updated_at) values (?, ?, ?)', ['Support', now, now]);
      await conn.execute(
        'insert into agent (email, name, password_hash, role, active, locale, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)',
        ['old@parley.test', 'Old Timer', 'x', 'agent', true, 'en', now, now],
      );
      await conn.execute('insert into agent_department (agent_id, department_id) values (1, 1)');
      await conn.execute('insert into session (token_hash, csrf_token, agent_id, created_at, expires_at) values (?, ?, 1, ?, ?)', ['h'.repeat(64), 'c', now, now]);
      await conn.execute(
        'insert into attachment (id, filename, content_type, size, sha256, storage_key, uploaded_by_agent_id, created_at) values (?, ?, ?, ?, ?, ?, 1, ?)',
        ['00000000-0000-4000-8000-000000000001', 'old.txt', 'text/plain', 3, 'a'.repeat(64), 'aa/bb/x', now],
      );

      await orm.migrator.up();
      const [agent] = await conn.execute<{ availability: string; name: string }[]>('select name, availability from agent where id = 1');
      expect(agent).toEqual({ name: 'Old Timer', availability: 'online' });
      expect(await conn.execute('select agent_id from session')).toHaveLength(1);
      expect(await conn.execute('select agent_id from agent_department')).toHaveLength(1);
      await expect(conn.execute(`update agent set availability = 'asleep' where id = 1`)).rejects.toThrow();
      // Agents from before invitations are not pending one.
      const [invitation] = await conn.execute<{ invitation_token_hash: string | null; invitation_expires_at: unknown }[]>(
        'select invitation_token_hash, invitation_expires_at from agent where id = 1',
      );
      expect(invitation).toEqual({ invitation_token_hash: null, invitation_expires_at: null });
      // The team chat: the existing department has its channel, and the existing attachment is kept, bound to no message.
      expect(await conn.execute(`select kind, department_id from team_conversation`)).toEqual([{ kind: 'department', department_id: 1 }]);
      expect(await conn.execute('select filename, team_message_id from attachment')).toEqual([{ filename: 'old.txt', team_message_id: null }]);
    } finally {
      await orm.close(true);
      cleanup();
    }
  });

  it('keeps every letter when the delivery states gain awaiting_server, and accepts only known states', async () => {
    const { orm, cleanup } = await openEmpty(db);
    try {
      await orm.migrator.up({ to: 'm20261130102744-outbox-mailbox' });
      const conn = orm.em.getConnection();
      const now = orm.em.getPlatform().processDateProperty(new Date());
      await conn.execute(`insert into ticket (subject, channel, tags, cc, created_at, updated_at) values ('Old', 'email', '[]', '[]', ?, ?)`, [now, now]);
      await conn.execute(`insert into thread_item (ticket_id, kind, body, created_at) values (1, 'agent_reply', 'Sent long ago', ?)`, [now]);
      const letter = `insert into email_message (thread_item_id, ticket_id, message_id, "references", "to", cc, reply_to, subject, direction, delivery_state) values (1, 1, '<old@parley.example>', '[]', '["a@example.com"]', '[]', '[]', 'Re: Old', 'out', ?)`;
      await conn.execute(letter, ['sent']);

      await orm.migrator.up();
      expect(await conn.execute('select message_id, delivery_state from email_message')).toEqual([{ message_id: '<old@parley.example>', delivery_state: 'sent' }]);
      expect(await conn.execute('select id from thread_item')).toHaveLength(1);
      await conn.execute(`update email_message set delivery_state = 'awaiting_server' where thread_item_id = 1`);
      await expect(conn.execute(`update email_message set delivery_state = 'lost' where thread_item_id = 1`)).rejects.toThrow();
    } finally {
      await orm.close(true);
      cleanup();
    }
  });
});

/** A new, empty database of the kind under test, not yet migrated. */
async function openEmpty(db: string): Promise<{ orm: SqliteORM | PostgresORM; cleanup: () => void }> {
  let database: DatabaseConfig;
  let cleanup: () => void;
  if (db === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'parley-migration-test-'));
    database = { kind: 'sqlite', path: join(dir, 'parley.sqlite') };
    cleanup = () => rmSync(dir, { recursive: true, force: true });
  } else {
    const name = `parley_migration_test_${process.pid}_${Date.now()}`;
    execFileSync('psql', [`${postgresServerUrl}/postgres`, '-qc', `create database ${name}`]);
    database = { kind: 'postgresql', url: `${postgresServerUrl}/${name}` };
    cleanup = () => execFileSync('psql', [`${postgresServerUrl}/postgres`, '-qc', `drop database if exists ${name} with (force)`]);
  }
  const orm = database.kind === 'sqlite' ? await SqliteORM.init(ormOptions(database) as never) : await PostgresORM.init(ormOptions(database) as never);
  return { orm, cleanup };
}
