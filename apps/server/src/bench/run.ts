/**
 * pnpm bench: the server's speed figures, on SQLite and (when a PostgreSQL server is named by
 * BENCH_POSTGRES_URL or TEST_POSTGRES_URL) on PostgreSQL. Each figure is one JSON line on stdout.
 *
 *  - ticket_create_http_<db>: tickets created per second over HTTP (API token, 16 connections, 10 s), and
 *    ticket_create_server_cpu_<db>: the server process's CPU per ticket meanwhile;
 *  - ticket_list_p50/p95/p99_<db>: latency of one page of 50 tickets filtered by status and department and
 *    sorted by waiting time, on 100,000 tickets with 1,000,000 thread items;
 *  - console_*: the agent console's initial JavaScript, and scrolling its list of 10,000 tickets (console.ts);
 *  - agent_replies_per_s_<db>, agent_reply_p99_<db>: agents replying over REST (replies.ts);
 *  - agent_reply_sql_statements_<db>, agent_reply_email_sql_statements_<db>, ticket_create_sql_statements_<db>,
 *    chat_message_sql_statements_<db>, chat_message_burst_sql_statements_<db>: SQL statements per request,
 *    counted at the database driver (sql-statements.ts);
 *  - chat_*: live chat latency, throughput and memory per idle visitor connection (chat.ts; on PostgreSQL
 *    the same names end in _postgresql);
 *  - mail_import_messages_per_s: letters taken in per second by the import path, on SQLite (mail-import.ts);
 *  - mass_action_<n>_seconds_<db>: resolving 10,000 tickets the way the console's mass action does (mass-action.ts);
 *  - trigger_eval_*, to_solve_p95_<db>, ticket_list_sla_p95_<db>, time_rule_sweep_*: service levels and automation
 *    on 1,000,000 tickets (automation.ts);
 *  - search_p95_<common|rare|phrase|prefix>_<db>, search_index_build_seconds_<db>, search_db_size_ratio_<db>,
 *    mass_action_<n>_of_<tickets>_seconds_<db>: full-text search on 1,000,000 tickets with 10,000,000 thread
 *    items (search.ts; BENCH_SEARCH_TICKETS sets the size);
 *  - webhook_deliveries_per_second_<db>: the webhook outbox emptying into a local receiver (webhooks.ts);
 *  - statistics_p95_<report>_<db>, statistics_fold_facts_per_s_<db>: reports over a year of 1,000,000 tickets
 *    (a year by day, filtered, by week, a month by hour, the agents' table, CSV exports) and the fold (statistics.ts);
 *  - help_article_ttfb_p95_<db>, kb_search_p95_<common|rare|prefix|phrase>_<db>: a cached /help article's time to
 *    first byte under 200 readers at once, and article search among 10,000 articles (knowledge-base.ts);
 *  - call_ring_p50/p95_ms, call_audio_p50/p95_ms: an agent's call ringing on the colleague's console, and
 *    accept to the first audio packet, in two Chromium pages on loopback (calls.ts).
 *
 * BENCH_ONLY picks one group: create, list, replies (replies per second and SQL statements per request),
 * console, widget, calls, chat, mail, mass, automation, search, webhooks, statistics, kb or soak (the server's memory over a long mixed run, soak.ts); sql runs only the
 * SQL statement counts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { benchAutomation, benchTriggerEvaluation } from './automation.js';
import { benchChat, CHAT_BENCH_ENV } from './chat.js';
import { benchCalls } from './calls.js';
import { benchConsoleBundle, benchConsoleList } from './console.js';
import { benchMailImport } from './mail-import.js';
import { benchMassAction } from './mass-action.js';
import { benchReplies } from './replies.js';
import { benchSearch } from './search.js';
import { benchKnowledgeBase } from './knowledge-base.js';
import { benchStatistics } from './statistics.js';
import { benchWebhooks } from './webhooks.js';
import { benchWidgetBundle } from './widget.js';
import { parseDatabaseUrl } from '../config/env.js';
import { note, percentile, report } from './report.js';
import { seedQueue } from './seed.js';
import { cpuMs, startServerProcess } from './server-process.js';
import { benchSoak } from './soak.js';
import { benchSqlStatements } from './sql-statements.js';
import { apiToken, type BenchDb, freshDatabase, postgresServer, scalar, serverEnv } from './targets.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const listTickets = Number(process.env.BENCH_TICKETS ?? 100_000);
const itemsPerTicket = Number(process.env.BENCH_ITEMS_PER_TICKET ?? 10);

async function benchCreation(db: BenchDb): Promise<void> {
  const target = freshDatabase(db, 'create');
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-data-'));
  const server = await startServerProcess(serverEnv(target, dir));
  try {
    const token = await apiToken(server.url);
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const department = await fetch(`${server.url}/api/v1/departments`, { method: 'POST', headers, body: JSON.stringify({ name: 'Support' }) });
    const { id: departmentId } = (await department.json()) as { id: number };
    let n = 0;
    const body = () =>
      JSON.stringify({
        subject: `Bench ticket ${n}`,
        message: 'My order has not arrived yet, could you check where it is? Thanks.',
        contact: { email: `customer${n++ % 1000}@example.com`, name: 'Bench Customer' },
        departmentId,
      });
    // Warm up (JIT, caches, the first contacts) before measuring.
    await run(server.url, headers, body, 2);
    const cpuBefore = cpuMs(server.pid);
    const result = await run(server.url, headers, body, seconds);
    const serverCpuPerTicket = (cpuMs(server.pid) - cpuBefore) / result.requests.total;
    note(`[${db}] ticket creation: ${result.requests.average} req/s avg, ${result.non2xx} non-2xx, ${result.errors} errors, p99 ${result.latency.p99} ms`);
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`ticket creation bench saw ${result.non2xx} non-2xx responses and ${result.errors} errors`);
    report(`ticket_create_http_${db}`, result.requests.total / result.duration, 'tickets/s');
    // Steadier than the rate where the database shares the machine: the server's own CPU per ticket.
    report(`ticket_create_server_cpu_${db}`, Math.round(serverCpuPerTicket * 1000) / 1000, 'ms');
  } finally {
    await server.stop();
    target.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function run(url: string, headers: Record<string, string>, body: () => string, duration: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${url}/api/v1/tickets`,
        method: 'POST',
        headers,
        connections: 16,
        duration,
        requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, body: body() }) }],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

async function benchList(db: BenchDb): Promise<void> {
  const target = freshDatabase(db, 'list');
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-data-'));
  const started = Date.now();
  await seedQueue(parseDatabaseUrl(target.url, dir), { tickets: listTickets, itemsPerTicket, departments: 10, contacts: 20_000 });
  note(`[${db}] seeded ${listTickets} tickets and ${listTickets * itemsPerTicket} thread items in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const server = await startServerProcess(serverEnv(target, dir));
  try {
    const adminToken = await apiToken(server.url);
    // An agent of three of the ten departments sees the list through the visibility filter as well.
    const agent = { email: 'bench-agent@parley.test', password: 'bench agent password' };
    await fetch(`${server.url}/api/v1/agents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ name: 'Bench Agent', ...agent, departmentIds: [1, 2, 3] }),
    });
    const agentToken = await apiToken(server.url, agent);
    for (const [who, token, departments] of [['administrator', adminToken, 10], ['agent', agentToken, 3]] as const) {
      const latencies = await listLatencies(server.url, token, departments);
      note(`[${db}] ticket list as ${who}: ${latencies.length} pages of 50, min ${latencies[0]!.toFixed(2)} ms, max ${latencies.at(-1)!.toFixed(2)} ms`);
      const name = who === 'administrator' ? 'ticket_list' : 'ticket_list_agent';
      for (const p of [50, 95, 99]) report(`${name}_p${p}_${db}`, percentile(latencies, p), 'ms');
    }
  } finally {
    await server.stop();
    target.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Latencies of one page of 50 (status and department filter, longest waiting first), sorted ascending. */
async function listLatencies(url: string, token: string, departments: number): Promise<number[]> {
  const headers = { authorization: `Bearer ${token}` };
  const latencies: number[] = [];
  const pages = 2000;
  for (let i = 0; i < pages + 200; i++) {
    const department = 1 + (i % departments);
    const status = i % 2 === 0 ? 'open' : 'new';
    const t0 = performance.now();
    const res = await fetch(`${url}/api/v1/tickets?status=${status}&departmentId=${department}&sort=-waiting&limit=50`, { headers });
    const page = (await res.json()) as { items: unknown[] };
    const elapsed = performance.now() - t0;
    if (res.status !== 200 || page.items.length !== 50) throw new Error(`list returned ${res.status} with ${page.items?.length} items`);
    if (i >= 200) latencies.push(elapsed); // the first 200 warm up
  }
  return latencies.sort((a, b) => a - b);
}

const only = process.env.BENCH_ONLY;
// BENCH_DB=sqlite (or postgresql) measures one database only.
const dbs: BenchDb[] = (postgresServer ? (['sqlite', 'postgresql'] as const) : (['sqlite'] as const)).filter((db) => !process.env.BENCH_DB || db === process.env.BENCH_DB);
if (!postgresServer) note('PostgreSQL figures skipped: no server answered; set BENCH_POSTGRES_URL (e.g. postgres://user@host:5432).');
for (const db of dbs) {
  if (!only || only === 'create') await benchCreation(db);
  if (!only || only === 'list') await benchList(db);
  if (!only || only === 'replies') {
    await benchReplies(db);
    await sqlStatements(db);
  }
  if (only === 'sql') await sqlStatements(db);
}
if (!only || only === 'console') {
  benchConsoleBundle();
  await benchConsoleList();
}
if (!only || only === 'widget') benchWidgetBundle();
if (!only || only === 'calls') await benchCalls();
if (!only || only === 'chat') for (const db of dbs) await chat(db);
if (!only || only === 'mail') await benchMailImport();
if (!only || only === 'mass') for (const db of dbs) await benchMassAction(db);
if (!only || only === 'soak') for (const db of dbs) await benchSoak(db);
if (!only || only === 'automation') {
  benchTriggerEvaluation();
  for (const db of dbs) await benchAutomation(db);
}
if (!only || only === 'search') for (const db of dbs) await benchSearch(db);
if (!only || only === 'webhooks') for (const db of dbs) await benchWebhooks(db);
if (!only || only === 'statistics') for (const db of dbs) await benchStatistics(db);
if (!only || only === 'kb') for (const db of dbs) await benchKnowledgeBase(db);

async function sqlStatements(db: BenchDb): Promise<void> {
  const target = freshDatabase(db, 'sql');
  try {
    await benchSqlStatements(target);
  } finally {
    target.drop();
  }
}

async function chat(db: BenchDb): Promise<void> {
  const target = freshDatabase(db, 'chat');
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-data-'));
  const server = await startServerProcess({ ...serverEnv(target, dir), ...CHAT_BENCH_ENV });
  try {
    await benchChat({
      db,
      url: server.url,
      pid: server.pid,
      customerMessages: () => scalar(target, `select count(*) from thread_item where kind = 'customer_message'`),
      token: await apiToken(server.url),
    });
  } finally {
    await server.stop();
    target.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
