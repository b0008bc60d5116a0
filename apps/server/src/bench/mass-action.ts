import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MASS_ACTION_CHUNK_SIZE, massActionChunks } from '@parley/domain';
import { parseDatabaseUrl } from '../config/env.js';
import { note, report } from './report.js';
import { seedQueue } from './seed.js';
import { startServerProcess } from './server-process.js';
import { apiToken, type BenchDb, freshDatabase, serverEnv } from './targets.js';

const tickets = Number(process.env.BENCH_MASS_TICKETS ?? 10_000);

/**
 * mass_action_<n>_seconds_<db> (issue 13): resolving every ticket of a list of `tickets` the way the console
 * does it — "select all matching" (GET /tickets/ids), then chunks of 200 (POST /tickets/mass-action) one after
 * another, each ticket through its single-change use case. Target: 10,000 tickets in under 30 s.
 */
export async function benchMassAction(db: BenchDb): Promise<void> {
  const target = freshDatabase(db, 'mass');
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-data-'));
  await seedQueue(parseDatabaseUrl(target.url, dir), { tickets, itemsPerTicket: 2, departments: 1, contacts: 1_000 });
  const server = await startServerProcess(serverEnv(target, dir));
  try {
    const token = await apiToken(server.url);
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const { selected, changed, seconds } = await resolveAllMatching(server.url, headers, '');
    const refused = selected - changed;
    note(`[${db}] mass action over ${selected} tickets: ${changed} resolved, ${refused} refused (already resolved), ${seconds.toFixed(1)} s`);
    report(`mass_action_${selected}_seconds_${db}`, seconds, 's');
  } finally {
    await server.stop();
    target.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Resolves every ticket the list with `filters` (a query string) shows, as the console's mass action does it:
 * "select all matching" (at most 10,000), then chunks of 200 one after another.
 */
export async function resolveAllMatching(url: string, headers: Record<string, string>, filters: string): Promise<{ selected: number; changed: number; seconds: number }> {
  const started = performance.now();
  const { ids } = (await (await fetch(`${url}/api/v1/tickets/ids?${filters}`, { headers })).json()) as { ids: number[] };
  let changed = 0;
  for (const chunk of massActionChunks(ids, MASS_ACTION_CHUNK_SIZE)) {
    const res = await fetch(`${url}/api/v1/tickets/mass-action`, { method: 'POST', headers, body: JSON.stringify({ ticketIds: chunk, action: { type: 'resolve' } }) });
    if (!res.ok) throw new Error(`mass action answered ${res.status}: ${await res.text()}`);
    changed += ((await res.json()) as { changed: number }).changed;
  }
  return { selected: ids.length, changed, seconds: (performance.now() - started) / 1000 };
}
