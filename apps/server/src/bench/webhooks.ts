import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { note, report } from './report.js';
import { startServerProcess } from './server-process.js';
import { apiToken, type BenchDb, execute, freshDatabase, scalar, serverEnv } from './targets.js';

const deliveries = Number(process.env.BENCH_WEBHOOK_DELIVERIES ?? 3000);

/**
 * webhook_deliveries_per_second_<db> (issue 14): how fast the outbox empties into a receiver on this machine.
 * `deliveries` tickets are created (one `ticket.created` delivery each) while the receiver is not listening,
 * so every delivery fails once and waits for its retry; then the receiver starts, every delivery is made due
 * at once, and the bench times from then until the receiver has had them all (signed, claimed one by one,
 * sent by the server's periodic job and its kicks as in production).
 */
export async function benchWebhooks(db: BenchDb): Promise<void> {
  const target = freshDatabase(db, 'webhooks');
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-data-'));
  const server = await startServerProcess({ ...serverEnv(target, dir), JOB_INTERVAL_MS: '100' });
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      lastAt = performance.now();
      res.end('ok');
    });
  });
  let received = 0;
  let lastAt = 0;
  try {
    // A port for the receiver, free now and listened on later.
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    const { port } = receiver.address() as AddressInfo;
    await new Promise((resolve) => receiver.close(resolve));

    const headers = { 'content-type': 'application/json', authorization: `Bearer ${await apiToken(server.url)}` };
    const subscribed = await fetch(`${server.url}/api/v1/webhooks`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ url: `http://127.0.0.1:${port}/hook`, events: ['ticket.created'], allowPrivateNetwork: true }),
    });
    if (subscribed.status !== 201) throw new Error(`webhook subscription answered ${subscribed.status}`);
    let next = 0;
    const create = async () => {
      while (next < deliveries) {
        const n = next++;
        const res = await fetch(`${server.url}/api/v1/tickets`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ subject: `Webhook bench ${n}`, message: 'Where is my order?', channel: 'api', contact: { email: `customer${n % 500}@example.com` } }),
        });
        if (res.status !== 201) throw new Error(`ticket creation answered ${res.status}`);
      }
    };
    await Promise.all(Array.from({ length: 16 }, create));
    await until(() => scalar(target, 'select count(*) from webhook_delivery where attempts >= 1') === deliveries, 120_000, 'every delivery tried once');

    receiver.listen(port, '127.0.0.1');
    await once(receiver, 'listening');
    const started = performance.now();
    execute(target, `update webhook_delivery set next_attempt_at = due_at where state = 'pending'`);
    await until(() => received >= deliveries, 300_000, 'every delivery received');
    const seconds = (lastAt - started) / 1000;
    const delivered = scalar(target, `select count(*) from webhook_delivery where state = 'delivered'`);
    note(`[${db}] webhooks: ${received} deliveries received in ${seconds.toFixed(2)} s (${delivered} recorded as delivered)`);
    report(`webhook_deliveries_per_second_${db}`, received / seconds, 'deliveries/s');
  } finally {
    receiver.close();
    await server.stop();
    target.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function until(holds: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!holds()) {
    if (performance.now() > deadline) throw new Error(`webhook bench: gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
