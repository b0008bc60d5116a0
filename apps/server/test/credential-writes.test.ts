import { describe, expect, it } from 'vitest';
import { writesCredentials } from '../src/db/credential-writes.js';

describe('which statements change what a credential proves', () => {
  it.each([
    // Revocation, sign-out, password change: sessions and tokens deleted or their keys replaced.
    'delete from "session" where "id" = ?',
    'delete from `session` where `agent_id` = ? and `id` != ?',
    'update "session" set "token_hash" = ? where "id" = ?',
    'delete from "api_token" where "id" = ? and "agent_id" = ?',
    // Deactivation, role, two-factor: the agent's proving columns.
    'update "agent" set "active" = ?, "updated_at" = ? where "id" = ?',
    'update `agent` set `role` = ?, `updated_at` = ? where `id` = ?',
    'update "agent" set "totp_enabled_at" = ?, "totp_secret" = ? where "id" = ?',
    'update "agent" set "role" = case when ("id" = ?) then ? when ("id" = ?) then ? else "role" end where "id" in (?, ?)',
    'delete from "agent" where "id" = ?',
    // Departments: memberships, and a department whose deletion cascades to them.
    'insert into "agent_department" ("agent_id", "department_id") values (?, ?)',
    'delete from "agent_department" where "agent_id" = ?',
    'delete from "department" where "id" = ?',
    // The installation's two-factor rule.
    'insert into "system_setting" ("key", "value") values (?, ?) on conflict ("key") do update set "value" = excluded."value"',
    // Written by hand, kept prepared, or in a data-modifying CTE.
    '/* kept */ update agent set active = false where id = 3',
    'with gone as (delete from session where expires_at < ? returning id) select count(*) from gone',
    'UPDATE Agent SET Role = ? WHERE id = ?',
  ])('counts %s', (sql) => {
    expect(writesCredentials(sql)).toBe(true);
  });

  it.each([
    // Reads change nothing.
    'select "s"."id" from "session" as "s" inner join "agent" as "a" on "a"."id" = "s"."agent_id" where "s"."token_hash" = ?',
    '/* kept */ select * from agent where id = ?',
    // The frequent writes that prove nothing: last seen, last used, routing's last chat, availability.
    'update "session" set "last_seen_at" = ? where "id" = ?',
    'update `api_token` set `last_used_at` = ? where `id` = ?',
    'update "agent" set "last_chat_at" = ?, "updated_at" = ? where "id" = ?',
    'update "agent" set "availability" = ? where "id" = ?',
    // A new session or token is nobody's kept credential yet.
    'insert into "session" ("token_hash", "csrf_token", "agent_id", "created_at", "expires_at") values (?, ?, ?, ?, ?)',
    'insert into `api_token` (`name`, `token_hash`, `agent_id`) values (?, ?, ?) returning `id`',
    // Other tables, whatever their columns are called.
    'update "ticket" set "assigned_agent_id" = ?, "status" = ? where "id" = ?',
    'insert into "thread_item" ("ticket_id", "author_agent_id", "body") values (?, ?, ?)',
    'update "chat_session" set "agent_id" = ? where "ticket_id" = ?',
    'delete from "agent_presence" where "agent_id" = ?',
  ])('leaves out %s', (sql) => {
    expect(writesCredentials(sql)).toBe(false);
  });
});
