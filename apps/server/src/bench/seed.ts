import type { DatabaseConfig } from '../config/env.js';
import { openDatabase } from '../db/orm.js';
import { BACKFILL_DONE_SETTING } from '../modules/search/search-reindex.js';

/**
 * Bulk-seeds a realistic queue straight in SQL (generating rows inside the database is orders of magnitude
 * faster than inserting through the API): departments, contacts, tickets spread over departments, statuses
 * and waiting times, and their thread items.
 */
export async function seedQueue(
  database: DatabaseConfig,
  counts: { tickets: number; itemsPerTicket: number; departments: number; contacts: number; withSla?: boolean },
): Promise<void> {
  const orm = await openDatabase(database);
  const conn = orm.em.getConnection();
  const pg = database.kind === 'postgresql';
  const now = Date.now();
  const { tickets, itemsPerTicket, departments, contacts } = counts;
  // Timestamps: SQLite stores epoch milliseconds, PostgreSQL timestamptz.
  const ts = (msExpr: string) => (pg ? `to_timestamp((${msExpr}) / 1000.0)` : `(${msExpr})`);
  const series = (n: number) => (pg ? `generate_series(1::bigint, ${n}) as s(n)` : `seq`);
  const withSeq = (n: number) => (pg ? '' : `with recursive seq(n) as (select 1 union all select n + 1 from seq where n < ${n}) `);
  const statuses = `case n % 5 when 0 then 'new' when 1 then 'open' when 2 then 'answered' when 3 then 'resolved' else 'postponed' end`;
  const bool = (v: boolean) => (pg ? String(v) : v ? '1' : '0');

  await conn.execute(`${withSeq(departments)}insert into department (name, created_at, updated_at) select 'Department ' || n, ${ts(String(now))}, ${ts(String(now))} from ${series(departments)}`);
  // search_text: each row's words as the domain folds them (searchDocument), written out for these fixed texts.
  await conn.execute(
    `${withSeq(contacts)}insert into contact (name, primary_email, phones, created_at, updated_at, search_text) select 'Contact ' || n, 'contact' || n || '@example.com', '[]', ${ts(String(now))}, ${ts(String(now))}, 'contact ' || n || ' contact' || n || ' example com' from ${series(contacts)}`,
  );
  await conn.execute(`${withSeq(contacts)}insert into contact_email (email, contact_id, position) select 'contact' || n || '@example.com', n, 0 from ${series(contacts)}`);
  await conn.execute(
    `${withSeq(tickets)}insert into ticket (subject, status, internal, channel, priority, department_id, contact_id, tags, cc, created_at, updated_at, last_customer_message_at, waiting_since, search_text)
     select 'Seeded ticket ' || n, ${statuses}, ${bool(false)}, 'email', 'normal', 1 + (n / 5) % ${departments}, 1 + n % ${contacts}, '[]', '[]',
       ${ts(`${now} - n * 60000`)}, ${ts(`${now} - n * 1000`)}, ${ts(`${now} - n * 60000`)},
       case when n % 5 in (0, 1) then ${ts(`${now} - ((n * 7919) % ${tickets}) * 60000`)} else null end, 'seeded ticket ' || n
     from ${series(tickets)}`,
  );
  const items = tickets * itemsPerTicket;
  await conn.execute(
    `${withSeq(items)}insert into thread_item (ticket_id, kind, body, created_at, search_text)
     select 1 + (n - 1) / ${itemsPerTicket}, case (n - 1) % 3 when 0 then 'customer_message' when 1 then 'agent_reply' else 'internal_note' end,
       'Seeded message body number ' || n || ' with a few words of text to make the row realistic.', ${ts(`${now} - n * 1000`)},
       'seeded message body number ' || n || ' with a few words of text to make the row realistic'
     from ${series(items)}`,
  );
  // Every row has its search text: the server's background pass has nothing to do.
  await conn.execute(`insert into system_setting (key, value, updated_at) values ('${BACKFILL_DONE_SETTING}', 'seeded', ${ts(String(now))})`);
  if (counts.withSla) {
    // Open tickets under a policy: first response due 1–9 hours after the customer wrote, resolution 3 days after creation.
    const plus = (column: string, ms: string) => (pg ? `${column} + (${ms}) * interval '1 millisecond'` : `${column} + (${ms})`);
    const firstDue = plus('last_customer_message_at', '3600000 + (id % 8) * 3600000');
    await conn.execute(
      `update ticket set sla_policy_id = 1, sla_first_response_due_at = ${firstDue}, sla_resolution_due_at = ${plus('created_at', '259200000')},
         sla_next_due_at = ${firstDue} where status in ('new', 'open', 'answered')`,
    );
  }
  if (pg) await conn.execute('analyze');
  else await conn.execute('analyze');
  await orm.close(true);
}
