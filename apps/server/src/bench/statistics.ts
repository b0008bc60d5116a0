import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHANNELS, PRIORITIES, rollupIncrements, type StatisticsFact } from '@parley/domain';
import { type DatabaseConfig, parseDatabaseUrl } from '../config/env.js';
import { type Em, openDatabase } from '../db/orm.js';
import { sql } from '../db/sql.js';
import { addToRollup, foldBatch } from '../modules/statistics/statistics-fold.js';
import { attachStatisticsRecording, recordFacts } from '../modules/statistics/statistics-recording.js';
import { buildDailyStep } from '../modules/statistics/statistics-zones.js';
import { systemClock } from '../clock.js';
import { note, percentile, report } from './report.js';
import { startServerProcess } from './server-process.js';
import { apiToken, type BenchDb, freshDatabase, serverEnv, type Target } from './targets.js';

const tickets = Number(process.env.BENCH_STATISTICS_TICKETS ?? 1_000_000);
/** Thread items per ticket; a third of them are agents' replies (as in the search bench). */
const itemsPerTicket = 10;
const departments = 10;
const agentsPerDepartment = 5;
const TAGS = ['billing', 'vpn', 'refund', 'delivery', 'printer', 'login', 'invoice', 'bug', 'feature', 'urgent-customer', 'vip', 'renewal', 'outage', 'password', 'mobile', 'api', 'export', 'import', 'spam-check', 'gdpr'];
const ZONE = 'Europe/Riga';
const YEAR_FROM = '2027-01-01';
const YEAR_UNTIL = '2028-01-01';
const REQUESTS = 40;

/** A small deterministic generator: every run seeds the same year. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The facts of one day's tickets: created, answered after a while, replied to a few times, most resolved. */
function factsOfDay(day: number, perDay: number, next: () => number): StatisticsFact[] {
  const facts: StatisticsFact[] = [];
  const dayStart = Date.parse(`${YEAR_FROM}T00:00:00Z`) + day * 86_400_000;
  const repliesPerTicket = (itemsPerTicket - 1) / 3;
  for (let i = 0; i < perDay; i++) {
    const at = dayStart + Math.floor(next() * 86_400_000);
    const agent = 1 + Math.floor(next() * departments * agentsPerDepartment);
    const dimensions = {
      departmentId: 1 + Math.floor((agent - 1) / agentsPerDepartment),
      agentId: agent,
      channel: CHANNELS[Math.floor(next() * 4)]!,
      priority: PRIORITIES[Math.min(3, Math.floor(next() * next() * 5))]!,
      tags: next() < 0.4 ? [] : next() < 0.7 ? [TAGS[Math.floor(next() * next() * TAGS.length)]!] : [TAGS[Math.floor(next() * TAGS.length)]!, TAGS[Math.floor(next() * TAGS.length)]!].filter((t, k, all) => all.indexOf(t) === k),
    };
    const fact = (kind: StatisticsFact['kind'], when: number, value: number | null = null, count = 1): StatisticsFact => ({ kind, ticketId: 0, at: when, count, value, ...dimensions });
    facts.push(fact('created', at), fact('backlog', at));
    const firstResponse = Math.round(30 + next() * next() * 8 * 3600);
    facts.push(fact('first_response', at + firstResponse * 1000, firstResponse));
    const replies = Math.max(1, Math.round(repliesPerTicket * 2 * next()));
    for (let r = 0; r < replies; r++) facts.push(fact('reply', at + (firstResponse + r * 5400) * 1000));
    if (next() < 0.85) {
      const resolution = firstResponse + Math.round(next() * next() * 5 * 86_400);
      const resolvedAt = at + resolution * 1000;
      facts.push(fact('resolved', resolvedAt), fact('resolution', resolvedAt, resolution), fact('replies_per_ticket', resolvedAt, replies), fact('backlog', resolvedAt, null, -1));
    }
  }
  return facts;
}

/**
 * statistics_* (issue 14): reports on a year of a desk with `tickets` tickets and ten thread items each
 * (a third of them replies): the quarter hours are filled by the fold's own writes, day by day, then one time
 * zone's days, months and day summaries are built by the server's own build (timed); the ticket tables are
 * not seeded (reports never read them). Measures the p95 of a year by day unfiltered, by department, by agent and by two filters, the
 * agents' table, the CSV export of a year by agent, and how fast the fold adds queued facts.
 */
export async function benchStatistics(db: BenchDb): Promise<void> {
  // BENCH_STATISTICS_REUSE=<url of a database kept by BENCH_STATISTICS_KEEP=1>: only the reports run again, on it.
  const reused = process.env.BENCH_STATISTICS_REUSE;
  const target = reused ? { db, url: reused, drop: () => {} } : freshDatabase(db, 'statistics');
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-data-'));
  const database = parseDatabaseUrl(target.url, dir);
  try {
    if (!reused) await seedYear(db, database);
    await reports(db, target, dir);
  } finally {
    // BENCH_STATISTICS_KEEP=1 leaves the database for a closer look (its URL is printed).
    if (process.env.BENCH_STATISTICS_KEEP === '1' || reused) note(`[${db}] statistics: kept ${target.url}`);
    else target.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The quarter hours of a year written by the fold's own function, a zone built from them, and the fold measured on one more day. */
async function seedYear(db: BenchDb, database: DatabaseConfig): Promise<void> {
  const orm = await openDatabase(database);
  try {
    const em = orm.em.fork() as Em;
    const next = random(2027);
    const perDay = Math.round(tickets / 365);
    const started = performance.now();
    let facts = 0;
    for (let day = 0; day < 365; day++) {
      const dayFacts = factsOfDay(day, perDay, next);
      facts += dayFacts.length;
      await (orm.em.fork() as Em).transactional(async (tx) => {
        const q = sql(tx as Em);
        await addToRollup(q, rollupIncrements(dayFacts));
      });
    }
    const rows = Number((await sql(em).db.selectFrom('statistics_rollup').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n);
    note(`[${db}] statistics: ${facts} facts of ${perDay * 365} tickets in ${((performance.now() - started) / 1000).toFixed(0)} s: ${rows} quarter-hour rows`);
    // The zone's days, months and day summaries, built as the server builds them when a zone is first asked for.
    await sql(em).db.insertInto('statistics_zone').values({ zone: ZONE, built_below: 0, created_at: sql(em).values.date(new Date()) } as never).execute();
    const building = performance.now();
    // Each step holds the rollups' lock (reports wait for their fold meanwhile): the longest is reported too.
    let longestStep = 0;
    for (let built = false; !built; ) {
      const step = performance.now();
      built = await buildDailyStep(orm.em.fork() as Em, ZONE);
      longestStep = Math.max(longestStep, performance.now() - step);
    }
    report(`statistics_zone_build_seconds_${db}`, (performance.now() - building) / 1000, 's');
    report(`statistics_zone_build_longest_step_seconds_${db}`, longestStep / 1000, 's');
    const count = async (table: 'statistics_daily' | 'statistics_monthly' | 'statistics_day_summary') =>
      Number((await sql(em).db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n);
    note(`[${db}] statistics: ${ZONE} has ${await count('statistics_daily')} daily, ${await count('statistics_monthly')} monthly, ${await count('statistics_day_summary')} day-summary rows`);
    // The fold itself: a day's facts queued as ticket writes queue them, then added up.
    const sample = factsOfDay(200, perDay, next);
    attachStatisticsRecording(orm, systemClock);
    for (let i = 0; i < sample.length; i += 1000) await recordFacts(orm.em.fork() as Em, sample.slice(i, i + 1000));
    const folding = performance.now();
    let folded = 0;
    for (let done = -1; done !== 0; folded += done) done = await foldBatch(orm.em.fork() as Em);
    report(`statistics_fold_facts_per_s_${db}`, folded / ((performance.now() - folding) / 1000), 'facts/s');
    if (db === 'postgresql') await orm.em.getConnection().execute('vacuum analyze');
    else await orm.em.getConnection().execute('analyze');
  } finally {
    await orm.close(true);
  }
}

/** Each report asked over HTTP as the console asks it, p95 of 40 after 5 to warm up. */
async function reports(db: BenchDb, target: { url: string }, dir: string): Promise<void> {
  const server = await startServerProcess(serverEnv(target as Target, dir));
  try {
    const headers = { authorization: `Bearer ${await apiToken(server.url)}` };
    const year = `from=${YEAR_FROM}&until=${YEAR_UNTIL}&timeZone=${encodeURIComponent(ZONE)}`;
    const cases: [string, string][] = [
      ['year_by_day', `/api/v1/statistics?${year}&unit=day`],
      ['year_by_day_department', `/api/v1/statistics?${year}&unit=day&departmentId=3`],
      ['year_by_day_agent', `/api/v1/statistics?${year}&unit=day&agentId=17`],
      ['year_by_day_two_filters', `/api/v1/statistics?${year}&unit=day&departmentId=3&channel=email`],
      ['year_by_day_tag', `/api/v1/statistics?${year}&unit=day&tag=vpn`],
      ['year_by_week', `/api/v1/statistics?${year}&unit=week`],
      ['month_by_hour', `/api/v1/statistics?from=2027-06-01&until=2027-07-01&timeZone=${encodeURIComponent(ZONE)}&unit=hour`],
      ['agents_year', `/api/v1/statistics/agents?${year}&unit=day`],
      ['csv_agents_year', `/api/v1/statistics/export?${year}&unit=day&table=agents&locale=lv`],
      ['csv_year_by_day', `/api/v1/statistics/export?${year}&unit=day&table=overview&locale=lv`],
    ];
    for (const [name, path] of cases) {
      const latencies: number[] = [];
      for (let i = -5; i < REQUESTS; i++) {
        const t0 = performance.now();
        const res = await fetch(`${server.url}${path}`, { headers });
        const body = await res.text();
        if (!res.ok) throw new Error(`${path} answered ${res.status}: ${body.slice(0, 300)}`);
        if (i >= 0) latencies.push(performance.now() - t0);
        if (i === 0 && name === 'year_by_day') note(`[${db}] statistics: a year by day is ${body.length} bytes, created ${JSON.parse(body).series[0].total}`);
      }
      latencies.sort((a, b) => a - b);
      note(`[${db}] statistics ${name}: p50 ${percentile(latencies, 50).toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`);
      report(`statistics_p95_${name}_${db}`, percentile(latencies, 95), 'ms');
    }
  } finally {
    await server.stop();
  }
}
