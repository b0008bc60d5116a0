import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { searchWords } from '@parley/domain';
import { type DatabaseConfig, parseDatabaseUrl } from '../config/env.js';
import { openDatabase } from '../db/orm.js';
import { rebuildFts5Index, SEARCHED_TABLES } from '../modules/search/search-reindex.js';
import type { Em } from '../db/orm.js';
import { resolveAllMatching } from './mass-action.js';
import { note, percentile, report } from './report.js';
import { SEARCH_BENCH_WORDS } from './search-vocabulary.js';
import { startServerProcess } from './server-process.js';
import { apiToken, type BenchDb, createAgents, freshDatabase, serverEnv } from './targets.js';

const tickets = Number(process.env.BENCH_SEARCH_TICKETS ?? 1_000_000);
const itemsPerTicket = Number(process.env.BENCH_SEARCH_ITEMS_PER_TICKET ?? 10);
const departments = 10;
const contacts = Math.max(1000, Math.round(tickets / 10));
const QUERIES_PER_KIND = 40;

/** What an agent types, by kind: the commonest words, words in a few dozen threads, a phrase, a word half typed. */
const QUERIES: Record<string, readonly string[]> = {
  common: ['order ', 'поръчка ', 'παραγγελία ', 'pasūtījums ', 'заказ ', 'замовлення ', 'please ', 'thanks '],
  rare: Array.from({ length: 16 }, (_, i) => `rc${(i * 7919 + 13) % 500_000} `),
  phrase: ['"charged twice"', '"принтер печата"', '"order please"', '"заказ спасибо"'],
  prefix: ['принт', 'παραγ', 'pasūt', 'замов', 'paym', 'deliv'],
};

/**
 * search_* (issue 13): full-text search on `tickets` tickets with `itemsPerTicket` thread items each, generated
 * from words in the six languages (commonest words picked far more often, a rare reference code in each
 * message, "charged twice" in one in fifty). Reports how long the database takes to build its full-text
 * index from the stored search text, how much bigger the database is with it, the search box's p95 for each
 * kind of query with a department filter as an agent of three departments, how fast `parley search reindex`
 * writes rows, and a mass action on 10,000 of the tickets.
 */
export async function benchSearch(db: BenchDb): Promise<void> {
  // BENCH_SEARCH_REUSE=<url of a database kept by BENCH_SEARCH_KEEP=1>: only the searches run again, on it.
  const reused = process.env.BENCH_SEARCH_REUSE;
  const target = reused ? { db, url: reused, drop: () => {} } : freshDatabase(db, 'search');
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-data-'));
  const database = parseDatabaseUrl(target.url, dir);
  try {
    if (!reused) await seedAndIndex(db, database);
    const server = await startServerProcess(serverEnv(target, dir));
    try {
      const adminToken = await apiToken(server.url);
      const [agent] = reused ? [BENCH_SEARCH_AGENT] : await createAgents(server.url, adminToken, 1, [1, 2, 3]);
      await searches(db, server.url, await apiToken(server.url, agent));
      // The mass action changes the queue, so it runs on a fresh database only.
      if (!reused) {
        const adminHeaders = { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` };
        const mass = await resolveAllMatching(server.url, adminHeaders, 'departmentId=4&status=new');
        note(`[${db}] mass action on ${tickets} tickets: ${mass.changed} of ${mass.selected} resolved in ${mass.seconds.toFixed(1)} s`);
        report(`mass_action_${mass.selected}_of_${tickets}_seconds_${db}`, mass.seconds, 's');
      }
    } finally {
      await server.stop();
    }
  } finally {
    // BENCH_SEARCH_KEEP=1 leaves the database for a closer look (its URL is printed).
    if (process.env.BENCH_SEARCH_KEEP === '1' || reused) note(`[${db}] search: kept ${target.url}`);
    else target.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The agent createAgents makes first: on a reused database it is there already. */
const BENCH_SEARCH_AGENT = { email: 'bench-agent-0@parley.test', password: 'bench agent password 0' };

async function seedAndIndex(db: BenchDb, database: DatabaseConfig): Promise<void> {
  const started = performance.now();
  const { rebuildIndex, sizeBytes, searchTextBytes } = await seedForSearch(database);
  note(`[${db}] search: seeded ${tickets} tickets and ${tickets * itemsPerTicket} thread items in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const before = await sizeBytes();
  const building = performance.now();
  await rebuildIndex();
  const buildSeconds = (performance.now() - building) / 1000;
  const after = await sizeBytes();
  const textBytes = await searchTextBytes();
  const without = before - textBytes;
  note(`[${db}] search: database ${mb(after)} with the index, ${mb(without)} without (search text ${mb(textBytes)}, index ${mb(after - before)})`);
  report(`search_index_build_seconds_${db}`, buildSeconds, 's');
  report(`search_db_size_ratio_${db}`, after / without, 'x');
}

/** Each kind of query, as an agent of departments 1–3 searching within department 2. */
async function searches(db: BenchDb, base: string, token: string): Promise<void> {
  const headers = { authorization: `Bearer ${token}` };
  for (const [kind, queries] of Object.entries(QUERIES)) {
    const latencies: number[] = [];
    let hits = 0;
    for (let i = -5; i < QUERIES_PER_KIND; i++) {
      const q = queries[(i + 5) % queries.length]!;
      const t0 = performance.now();
      const res = await fetch(`${base}/api/v1/search?departmentId=2&q=${encodeURIComponent(q)}`, { headers });
      if (!res.ok) throw new Error(`search answered ${res.status}: ${await res.text()}`);
      const body = (await res.json()) as { tickets: unknown[] };
      if (i >= 0) {
        latencies.push(performance.now() - t0);
        hits += body.tickets.length;
      }
    }
    latencies.sort((a, b) => a - b);
    note(`[${db}] search ${kind}: ${hits / QUERIES_PER_KIND} tickets per answer, p50 ${percentile(latencies, 50).toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`);
    report(`search_p95_${kind}_${db}`, percentile(latencies, 95), 'ms');
  }
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

/**
 * Seeds the queue in SQL with the full-text index objects taken away (so the rows go in at bulk speed), and
 * answers how to put them back and build them from the stored text, and how to measure sizes.
 */
async function seedForSearch(database: DatabaseConfig) {
  const orm = await openDatabase(database);
  const conn = orm.em.getConnection();
  const pg = database.kind === 'postgresql';
  const now = Date.now();
  const ts = (msExpr: string) => (pg ? `to_timestamp((${msExpr}) / 1000.0)` : `(${msExpr})`);
  const series = (n: number) => (pg ? `generate_series(1::bigint, ${n}) as s(n)` : `seq`);
  const withSeq = (n: number) => (pg ? '' : `with recursive seq(n) as (select 1 union all select n + 1 from seq where n < ${n}) `);

  // The index objects as the migration made them, to be made again after the rows are in.
  const objects = pg
    ? await conn.execute<{ name: string; sql: string }[]>(`select indexname as name, indexdef as sql from pg_indexes where indexname like '%\\_search\\_idx'`)
    : await conn.execute<{ name: string; sql: string }[]>(`select name, sql from sqlite_master where type = 'trigger' and name like '%\\_search\\_%' escape '\\'`);
  for (const object of objects) await conn.execute(pg ? `drop index "${object.name}"` : `drop trigger "${object.name}"`);

  // The vocabulary: each word as written and as the domain folds it.
  await conn.execute('create table bench_word (i integer primary key, word text not null, folded text not null)');
  const words = SEARCH_BENCH_WORDS;
  for (const [i, word] of words.entries()) await conn.execute('insert into bench_word (i, word, folded) values (?, ?, ?)', [i, word, searchWords(word).join(' ')]);
  // Word k of row n: a hash of both, squared so that early (common) words come up far more often.
  const pick = (k: number, column: 'word' | 'folded') => {
    const hash = `((n * ${10007 + k * 7919} + ${k * 104729}) % 1000003)`;
    return `(select ${column} from bench_word where i = ((${hash} % 1000) * (${hash} % 1000)) * ${words.length} / 1000000)`;
  };
  const text = (count: number, column: 'word' | 'folded') => Array.from({ length: count }, (_, k) => pick(k, column)).join(` || ' ' || `);
  const rare = `'rc' || ((n * 2654435761) % 500000)`;
  const phrase = `case when n % 50 = 0 then ' charged twice' else '' end`;

  const bool = (v: boolean) => (pg ? String(v) : v ? '1' : '0');
  const statuses = `case n % 5 when 0 then 'new' when 1 then 'open' when 2 then 'answered' when 3 then 'resolved' else 'postponed' end`;
  await conn.execute(`${withSeq(departments)}insert into department (name, created_at, updated_at) select 'Department ' || n, ${ts(String(now))}, ${ts(String(now))} from ${series(departments)}`);
  await conn.execute(
    `${withSeq(contacts)}insert into contact (name, primary_email, phones, created_at, updated_at, search_text)
     select 'Contact ' || n, 'contact' || n || '@example.com', '[]', ${ts(String(now))}, ${ts(String(now))}, 'contact ' || n || ' contact' || n || ' example com' from ${series(contacts)}`,
  );
  await conn.execute(`${withSeq(contacts)}insert into contact_email (email, contact_id, position) select 'contact' || n || '@example.com', n, 0 from ${series(contacts)}`);
  await conn.execute(
    `${withSeq(tickets)}insert into ticket (subject, status, internal, channel, priority, department_id, contact_id, tags, cc, created_at, updated_at, last_customer_message_at, waiting_since, search_text)
     select ${text(4, 'word')}, ${statuses}, ${bool(false)}, 'email', 'normal', 1 + (n / 5) % ${departments}, 1 + n % ${contacts}, '[]', '[]',
       ${ts(`${now} - n * 60000`)}, ${ts(`${now} - n * 1000`)}, ${ts(`${now} - n * 60000`)},
       case when n % 5 in (0, 1) then ${ts(`${now} - n * 60000`)} else null end, ${text(4, 'folded')}
     from ${series(tickets)}`,
  );
  const items = tickets * itemsPerTicket;
  await conn.execute(
    `${withSeq(items)}insert into thread_item (ticket_id, kind, body, created_at, search_text)
     select 1 + (n - 1) / ${itemsPerTicket}, case (n - 1) % 3 when 0 then 'customer_message' when 1 then 'agent_reply' else 'internal_note' end,
       ${text(10, 'word')} || ${phrase} || ' Ref. ' || ${rare} || '.', ${ts(`${now} - n * 1000`)},
       ${text(10, 'folded')} || ${phrase} || ' ref ' || ${rare}
     from ${series(items)}`,
  );
  await conn.execute('drop table bench_word');
  await conn.execute(`insert into system_setting (key, value, updated_at) values ('search.backfill_done', 'seeded', ${ts(String(now))})`);
  await conn.execute(pg ? 'vacuum analyze' : 'analyze');
  if (!pg) await conn.execute('pragma wal_checkpoint(truncate)');
  await orm.close(true);

  const withDatabase = async <T>(work: (run: <R>(sql: string) => Promise<R[]>, em: Em) => Promise<T>): Promise<T> => {
    const opened = await openDatabase(database);
    try {
      return await work((sql) => opened.em.getConnection().execute(sql), opened.em.fork() as Em);
    } finally {
      await opened.close(true);
    }
  };
  return {
    rebuildIndex: () =>
      withDatabase(async (run, em) => {
        if (pg && database.kind === 'postgresql') {
          // One session, so the setting holds for the builds: 512 MB of sorting memory per build, as a
          // server with memory to spare would give it (docs/operations.md).
          // ANALYZE after: the planner's statistics of an expression index are only gathered once it exists, and
          // without them it guesses a common word rare and reads all its matches through the index.
          const statements = [`set maintenance_work_mem = '512MB'`, ...objects.map((object) => object.sql), `analyze ${SEARCHED_TABLES.join(', ')}`];
          execFileSync('psql', [database.url, '-q', ...statements.flatMap((statement) => ['-c', statement])]);
          return;
        }
        for (const object of objects) await run(object.sql);
        if (!pg) for (const table of SEARCHED_TABLES) await rebuildFts5Index(em, table);
        if (!pg) await run('pragma wal_checkpoint(truncate)');
      }),
    sizeBytes: () =>
      pg
        ? withDatabase(async (run) => Number((await run<{ size: unknown }>('select pg_database_size(current_database()) as size'))[0]!.size))
        : Promise.resolve(statSync(database.kind === 'sqlite' ? database.path : '').size),
    searchTextBytes: () =>
      withDatabase(async (run) => {
        let total = 0;
        for (const table of SEARCHED_TABLES) {
          const bytes = pg ? `coalesce(sum(octet_length(search_text)), 0)` : `coalesce(sum(length(cast(search_text as blob))), 0)`;
          total += Number((await run<{ bytes: unknown }>(`select ${bytes} as bytes from ${table}`))[0]!.bytes);
        }
        return total;
      }),
  };
}
