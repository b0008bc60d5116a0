import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHANNELS, PRIORITIES, planTriggers, TRIGGER_EVENTS, type Trigger, type TriggerContext, type TriggerEvent } from '@parley/domain';
import { createApp } from '../app.js';
import { loadConfig, parseDatabaseUrl } from '../config/env.js';
import { sweepTimeRules } from '../jobs/time-rules.job.js';
import { createLogger } from '../logger.js';
import { note, percentile, report } from './report.js';
import { seedQueue } from './seed.js';
import { startServerProcess } from './server-process.js';
import { apiToken, type BenchDb, createAgents, freshDatabase, serverEnv, type Target } from './targets.js';

/**
 * Issue 12's figures on a queue of 1,000,000 tickets (BENCH_AUTOMATION_TICKETS):
 *  - trigger_eval_p50_us / trigger_eval_p99_us: the domain's plan for one event with 100 rules (in process);
 *  - to_solve_p95_<db>: "To solve" claims taking the ticket whose SLA target is due soonest (each claimed
 *    ticket is resolved between claims, untimed, so every claim takes a new one);
 *  - ticket_list_sla_p95_<db>: one page of 50 of a department's open tickets sorted by SLA due;
 *  - time_rule_sweep_p95_<db> and time_rule_sweep_examined_<db>: one sweep of 20 enabled time rules, and the
 *    tickets its candidate queries returned per sweep (bounded by the batch, never the whole queue).
 */
const TICKETS = Number(process.env.BENCH_AUTOMATION_TICKETS ?? 1_000_000);
const DEPARTMENTS = 10;

export function benchTriggerEvaluation(): void {
  const triggers = Array.from({ length: 100 }, (_, i) => benchTrigger(i));
  const contexts = Array.from({ length: 1000 }, (_, i) => benchContext(i));
  for (let i = 0; i < 20_000; i++) planTriggers(triggers, contexts[i % contexts.length]!); // warm-up (JIT)
  const samples: number[] = [];
  for (let i = 0; i < 200_000; i++) {
    const t0 = performance.now();
    planTriggers(triggers, contexts[i % contexts.length]!);
    samples.push((performance.now() - t0) * 1000);
  }
  samples.sort((a, b) => a - b);
  note(`trigger evaluation, 100 rules: p50 ${percentile(samples, 50).toFixed(2)} µs, p99 ${percentile(samples, 99).toFixed(2)} µs, max ${samples.at(-1)!.toFixed(1)} µs`);
  report('trigger_eval_p50_us', percentile(samples, 50), 'µs');
  report('trigger_eval_p99_us', percentile(samples, 99), 'µs');
}

/** A rule of the kinds desks write: some conditions on facts, some on text, most not holding for a given event. */
function benchTrigger(i: number): Trigger {
  const events = [TRIGGER_EVENTS[i % TRIGGER_EVENTS.length]!, TRIGGER_EVENTS[(i * 7) % TRIGGER_EVENTS.length]!];
  return {
    id: i + 1,
    name: `Rule ${i}`,
    enabled: true,
    events,
    match: i % 4 === 0 ? 'any' : 'all',
    conditions: [
      { field: 'priority', op: 'is', values: [PRIORITIES[i % PRIORITIES.length]!] },
      { field: 'department', op: 'is', values: [1 + (i % DEPARTMENTS), null] },
      { field: 'subject', op: 'contains', value: `word${i % 50}` },
      { field: 'tags', op: 'has_any', values: [`tag${i % 20}`, 'vip'] },
      ...(i % 3 === 0 ? [{ field: 'message' as const, op: 'contains' as const, value: 'refund' }] : []),
      ...(i % 5 === 0 ? [{ field: 'contact_email' as const, op: 'domain_is' as const, value: 'example.lv' }] : []),
    ],
    actions: [{ type: 'add_tags', tags: [`rule-${i}`] }],
  };
}

function benchContext(i: number): TriggerContext {
  return {
    event: TRIGGER_EVENTS[i % TRIGGER_EVENTS.length]! as TriggerEvent,
    ticket: {
      channel: CHANNELS[i % 4]!,
      departmentId: 1 + (i % DEPARTMENTS),
      assignedAgentId: i % 3 === 0 ? null : i % 17,
      status: 'open',
      customStatusId: null,
      priority: PRIORITIES[i % PRIORITIES.length]!,
      companyId: null,
      tags: i % 2 === 0 ? [`tag${i % 20}`] : [],
      subject: `Order ${i} has word${i % 60} in its subject line, as subjects do`,
      contactEmail: `customer${i}@example.${i % 2 ? 'lv' : 'bg'}`,
      createdByAgent: false,
      internal: false,
    },
    message: `Hello, I was charged twice for order ${i}; please ${i % 4 === 0 ? 'refund' : 'check'} it. Thanks.`,
    withinBusinessHours: i % 2 === 0,
    firedInChain: [],
    depth: 0,
    firingsLastHour: 0,
  };
}

export async function benchAutomation(db: BenchDb): Promise<void> {
  const target = freshDatabase(db, 'automation');
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-data-'));
  try {
    const started = Date.now();
    await seedQueue(parseDatabaseUrl(target.url, dir), { tickets: TICKETS, itemsPerTicket: 1, departments: DEPARTMENTS, contacts: 20_000, withSla: true });
    note(`[${db}] seeded ${TICKETS} tickets with SLA due times in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    // The server's own scheduler stays off: the sweep is timed here, in process, on the same database.
    const server = await startServerProcess({ ...serverEnv(target, dir), JOB_INTERVAL_MS: '0' });
    try {
      const token = await apiToken(server.url);
      await createTimeRules(server.url, token);
      await benchSlaList(db, server.url, token);
      // An agent of every department: "To solve" takes from their departments' queue.
      const [agent] = await createAgents(server.url, token, 1, Array.from({ length: DEPARTMENTS }, (_, i) => i + 1));
      await benchToSolve(db, server.url, await apiToken(server.url, agent));
    } finally {
      await server.stop();
    }
    await benchSweep(db, target, dir);
  } finally {
    target.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Twenty rules: the three presets and seventeen of the kinds desks add, none of which holds for the bulk of the
 * seeded queue: what is measured is a sweep of a desk in its steady state, finding what to do; acting is a
 * ticket change like any other (a rule switched on over a large backlog works through it over many sweeps).
 */
async function createTimeRules(url: string, token: string): Promise<void> {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const note = (body: string) => ({ type: 'add_note', body });
  const rules = [
    { name: 'Close answered', time: { since: 'last_customer_message', minutes: 7200 }, conditions: [{ field: 'status', op: 'is', values: ['answered'] }, { field: 'tags', op: 'has_any', values: ['auto-close'] }], actions: [{ type: 'set_status', status: 'resolved' }] },
    { name: 'Escalate unassigned', time: { since: 'created', minutes: 30, businessHours: true }, conditions: [{ field: 'status', op: 'is', values: ['new'] }, { field: 'agent', op: 'is', values: [null] }, { field: 'priority', op: 'is', values: ['urgent'] }], actions: [{ type: 'set_priority', priority: 'high' }] },
    { name: 'Resolution due soon', time: { since: 'sla_due_within', target: 'resolution', minutes: 1440 }, conditions: [{ field: 'status', op: 'is', values: ['open'] }, { field: 'tags', op: 'has_any', values: ['watch'] }], actions: [note('Resolution due within a day.')] },
    ...Array.from({ length: 15 }, (_, i) => ({
      name: `Department ${1 + (i % DEPARTMENTS)} rule ${i}`,
      time: { since: (['last_customer_message', 'created', 'status_changed', 'last_agent_reply'] as const)[i % 4], minutes: 60 * (1 + i) },
      conditions: [
        { field: 'status', op: 'is', values: [(['new', 'open', 'answered'] as const)[i % 3]] },
        { field: 'department', op: 'is', values: [1 + (i % DEPARTMENTS)] },
        { field: 'subject', op: 'contains', value: `never-seen-${i}` },
      ],
      actions: [note(`Rule ${i}`)],
    })),
    { name: 'Ticket 12345', time: { since: 'created', minutes: 60 }, conditions: [{ field: 'status', op: 'is', values: ['new'] }, { field: 'subject', op: 'contains', value: 'Seeded ticket 12345' }], actions: [note('A')] },
    { name: 'Ticket 54321', time: { since: 'last_customer_message', minutes: 60 }, conditions: [{ field: 'status', op: 'is', values: ['open'] }, { field: 'subject', op: 'contains', value: 'Seeded ticket 54321' }], actions: [note('B')] },
  ];
  for (const rule of rules) {
    const res = await fetch(`${url}/api/v1/time-rules`, { method: 'POST', headers, body: JSON.stringify(rule) });
    if (res.status !== 201) throw new Error(`time rule "${rule.name}": ${res.status} ${await res.text()}`);
  }
}

async function benchSlaList(db: BenchDb, url: string, token: string): Promise<void> {
  const headers = { authorization: `Bearer ${token}` };
  const latencies: number[] = [];
  for (let i = 0; i < 1200; i++) {
    const status = i % 2 === 0 ? 'open' : 'new';
    const t0 = performance.now();
    const res = await fetch(`${url}/api/v1/tickets?status=${status}&departmentId=${1 + (i % DEPARTMENTS)}&sort=sla&limit=50`, { headers });
    const page = (await res.json()) as { items: { sla: { nextDueAt: string | null } | null }[] };
    const elapsed = performance.now() - t0;
    if (res.status !== 200 || page.items.length !== 50 || !page.items[0]?.sla?.nextDueAt) throw new Error(`SLA list returned ${res.status} with ${page.items?.length} items`);
    if (i >= 200) latencies.push(elapsed);
  }
  latencies.sort((a, b) => a - b);
  note(`[${db}] list sorted by SLA due: ${latencies.length} pages of 50, p50 ${percentile(latencies, 50).toFixed(2)} ms`);
  report(`ticket_list_sla_p95_${db}`, percentile(latencies, 95), 'ms');
}

async function benchToSolve(db: BenchDb, url: string, token: string): Promise<void> {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const latencies: number[] = [];
  let previousDue = -Infinity;
  for (let i = 0; i < 600; i++) {
    const t0 = performance.now();
    const res = await fetch(`${url}/api/v1/tickets/to-solve`, { method: 'POST', headers });
    const claimed = (await res.json()) as { ticket: { id: number; sla: { nextDueAt: string | null } | null } };
    const elapsed = performance.now() - t0;
    if (res.status !== 200) throw new Error(`to solve: ${res.status} ${JSON.stringify(claimed)}`);
    const due = claimed.ticket.sla?.nextDueAt ? Date.parse(claimed.ticket.sla.nextDueAt) : Infinity;
    if (due < previousDue) throw new Error('"To solve" did not take the ticket due soonest');
    previousDue = due;
    if (i >= 100) latencies.push(elapsed);
    const resolved = await fetch(`${url}/api/v1/tickets/${claimed.ticket.id}/resolve`, { method: 'POST', headers });
    if (resolved.status !== 200) throw new Error(`resolve: ${resolved.status}`);
  }
  latencies.sort((a, b) => a - b);
  note(`[${db}] "To solve" by SLA due: ${latencies.length} claims, p50 ${percentile(latencies, 50).toFixed(2)} ms`);
  report(`to_solve_p95_${db}`, percentile(latencies, 95), 'ms');
}

async function benchSweep(db: BenchDb, target: Target, dir: string): Promise<void> {
  const config = loadConfig({ PORT: '0', DATABASE_URL: target.url, PARLEY_DATA_DIR: dir, JOB_INTERVAL_MS: '0', LOG_LEVEL: 'silent' });
  const app = await createApp(config, { logger: createLogger('silent') });
  try {
    for (let i = 0; i < 5; i++) await sweepTimeRules(app.context); // warm-up
    const durations: number[] = [];
    let examined = 0;
    let acted = 0;
    const sweeps = 40;
    for (let i = 0; i < sweeps; i++) {
      const t0 = performance.now();
      const sweep = await sweepTimeRules(app.context);
      durations.push(performance.now() - t0);
      examined += sweep.examined;
      acted += sweep.acted;
    }
    durations.sort((a, b) => a - b);
    note(`[${db}] time-rule sweep, 20 rules on ${TICKETS} tickets: p50 ${percentile(durations, 50).toFixed(1)} ms, ${examined / sweeps} examined and ${acted / sweeps} acted on per sweep`);
    report(`time_rule_sweep_p95_${db}`, percentile(durations, 95), 'ms');
    report(`time_rule_sweep_examined_${db}`, examined / sweeps, 'tickets/sweep');
  } finally {
    await app.close();
  }
}
