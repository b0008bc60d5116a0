/**
 * The live chat's figures (issue 4), on one server process on SQLite, and on PostgreSQL (the same names with
 * `_postgresql` appended) when a PostgreSQL server is named: a baseline, measured honestly and never asserted
 * against the targets.
 *
 *  - chat_server_memory_per_idle_connection_kb: the server's RSS growth per idle /visitor socket, with K connected
 *    (SQLite only: an idle socket touches no database);
 *  - chat_visitor_to_agent_p50/p99_ms, chat_ack_p99_ms, chat_offered_rate_achieved_per_s, chat_lost_messages:
 *    N visitors with an open chat send M messages per second between them (the first seconds unmeasured, see
 *    warmupSeconds); latency from `chat:message` sent to
 *    the agent socket's `thread:item_created` for it (matched by clientId), and to its acknowledgement;
 *  - chat_persisted_messages_per_s: every visitor keeps a few messages in flight for a fixed time; acknowledged
 *    messages per second, verified against the customer_message rows in the database afterwards.
 *
 * Every count and duration is bounded and can be overridden: BENCH_CHAT_VISITORS, BENCH_CHAT_RATE,
 * BENCH_CHAT_SECONDS, BENCH_CHAT_WARMUP_SECONDS, BENCH_CHAT_PERSIST_SECONDS, BENCH_CHAT_WINDOW, BENCH_CHAT_IDLE_CONNECTIONS,
 * BENCH_CHAT_START_SECONDS. Every wait is bounded too (a slow server makes the phases drain late, never hang):
 * what is not done in time counts as lost or is said on stderr, and the figures are reported as measured.
 */
import { rssKb } from './server-process.js';
import type { AgentClientToServerEvents, AgentServerToClientEvents, VisitorClientToServerEvents, VisitorServerToClientEvents } from '@parley/protocol';
import { io, type Socket } from 'socket.io-client';
import { note as noteLine, percentile, report as reportLine } from './report.js';
import type { BenchDb } from './targets.js';

type VisitorSocket = Socket<VisitorServerToClientEvents, VisitorClientToServerEvents>;
type AgentSocket = Socket<AgentServerToClientEvents, AgentClientToServerEvents>;
interface Ack {
  ok: boolean;
  error?: { code: string };
}

const visitorCount = Number(process.env.BENCH_CHAT_VISITORS ?? 1000);
const offeredRate = Number(process.env.BENCH_CHAT_RATE ?? 1000);
const offeredSeconds = Number(process.env.BENCH_CHAT_SECONDS ?? 10);
/**
 * Seconds at the offered rate before the measured ones: their messages must be acknowledged and heard like
 * the rest (they count for loss) but not for latency, which is the steady state's. The phase before leaves
 * the database busy for a moment (saturated for BENCH_CHAT_PERSIST_SECONDS: the server's own trace put its
 * transactions' p99 at 115 ms in the first two seconds at the offered rate, and at 23–32 ms after).
 */
const warmupSeconds = Number(process.env.BENCH_CHAT_WARMUP_SECONDS ?? 3);
const persistSeconds = Number(process.env.BENCH_CHAT_PERSIST_SECONDS ?? 10);
const window = Number(process.env.BENCH_CHAT_WINDOW ?? 2);
const idleConnections = Number(process.env.BENCH_CHAT_IDLE_CONNECTIONS ?? 10_000);
const LOSS_TIMEOUT_MS = 10_000;
const DRAIN_TIMEOUT_MS = 60_000;
/** Setting up one visitor (token, socket, chat:start) gives up after this long; that visitor is left out. */
const SETUP_TIMEOUT_MS = 60_000;
/** No further chat is started after this long (a slow database); the phases run with the chats that started. */
const startSeconds = Number(process.env.BENCH_CHAT_START_SECONDS ?? 180);
const BODY = 'Hello, I have a question about my order, could you help me please?';

/** The rate limits the chat bench's server needs, so it measures the server and not them. */
export const CHAT_BENCH_ENV = {
  VISITOR_REQUESTS_PER_HOUR: '100000000',
  VISITOR_COMMANDS_PER_MINUTE: '100000000',
  // Every bench visitor connects from this one machine's address.
  VISITOR_SOCKETS_PER_ADDRESS: '100000000',
  // The bench's one agent is in no department: without this, the 1,000 chats' offers widen to them all at once
  // 30 s in, a routing burst that is not what this scenario measures (the message path).
  CHAT_OFFER_WAIT_SECONDS: '3600',
};

export interface ChatBenchServer {
  readonly db: BenchDb;
  readonly url: string;
  readonly pid: number;
  /** How many customer messages the server's database holds, to check what it stored. */
  customerMessages(): number;
  /** An administrator's API token. */
  readonly token: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `task(i)` for i in [0, count) with at most `concurrency` at once. */
async function pool<T>(count: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}

/** SQLite keeps the names the figures have always had; PostgreSQL's carry the database's name. */
let db: BenchDb = 'sqlite';
const report = (bench: string, value: number, unit: string) => reportLine(db === 'sqlite' ? bench : `${bench}_${db}`, value, unit);
const note = (message: string) => noteLine(db === 'sqlite' ? message : message.replace(/^chat:/, `chat [${db}]:`));

async function issueVisitor(url: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/widget/visitors`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
    signal: AbortSignal.timeout(SETUP_TIMEOUT_MS),
  });
  const body = (await res.json()) as { token?: string };
  if (res.status !== 200 || !body.token) throw new Error(`issue visitor: ${res.status} ${JSON.stringify(body)}`);
  return body.token;
}

function connect<S extends Socket>(url: string, auth: { token: string }): Promise<S> {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, auth }) as unknown as S;
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error: Error) => {
      socket.close();
      reject(error);
    });
  });
}

function emit(socket: VisitorSocket, event: 'chat:start' | 'chat:message', payload: object, done: (ack: Ack) => void): void {
  (socket as unknown as { emit(e: string, p: object, cb: (ack: Ack) => void): void }).emit(event, payload, done);
}

/** A promise that gives up after `ms`. */
function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export async function benchChat(server: ChatBenchServer): Promise<void> {
  db = server.db;
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${server.token}` };
  const department = await fetch(`${server.url}/api/v1/departments`, { method: 'POST', headers, body: JSON.stringify({ name: 'Chat' }) });
  const { id: departmentId } = (await department.json()) as { id: number };
  const agent = await connect<AgentSocket>(`${server.url}/agent`, { token: server.token });
  note(`chat: one server process on ${server.db === 'sqlite' ? 'SQLite' : 'PostgreSQL'} (pid ${server.pid}), one administrator's socket on /agent (API token) hearing every chat; the client is this one process`);

  // What the agent hears: the clientId of each customer message, matched against the messages in flight.
  const sentAt = new Map<string, number>();
  const deliveries: number[] = [];
  agent.on('disconnect', (reason) => note(`chat: WARNING the agent socket disconnected (${reason}); what it misses counts as lost`));
  let persistedHeard = 0;
  let warmupHeard = 0;
  agent.on('thread:item_created', (item) => {
    if (item.kind !== 'customer_message' || !item.clientId) return;
    if (item.clientId.startsWith('persist-')) persistedHeard++;
    const t0 = sentAt.get(item.clientId);
    if (t0 === undefined) return;
    sentAt.delete(item.clientId);
    if (item.clientId.startsWith('warmup-')) warmupHeard++;
    else deliveries.push(performance.now() - t0);
  });

  if (server.db === 'sqlite') await idleMemory(server);

  // N visitors, each with an open chat; one that cannot be set up in time is left out (and said).
  let started = performance.now();
  const tokens = await pool(visitorCount, 32, () => issueVisitor(server.url));
  const connected = await pool(visitorCount, 64, (i) => connect<VisitorSocket>(`${server.url}/visitor`, { token: tokens[i]! }));
  let dropped = 0;
  for (const socket of connected) socket.on('disconnect', (reason) => reason !== 'io client disconnect' && dropped++);
  note(`chat: ${visitorCount} visitors issued and connected in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  started = performance.now();
  const startErrors: string[] = [];
  const startDeadline = started + startSeconds * 1000;
  let notAttempted = 0;
  const chatting = await pool(visitorCount, 64, async (i) => {
    if (performance.now() > startDeadline) {
      notAttempted++;
      return false;
    }
    try {
      await within(
        SETUP_TIMEOUT_MS,
        'chat:start',
        new Promise<void>((resolve, reject) =>
          emit(connected[i]!, 'chat:start', { clientId: `start-${i}-benchmark`, message: BODY, name: `Visitor ${i}`, departmentId }, (ack) =>
            ack.ok ? resolve() : reject(new Error(`chat:start refused: ${JSON.stringify(ack.error)}`)),
          ),
        ),
      );
      return true;
    } catch (error) {
      startErrors.push((error as Error).message);
      return false;
    }
  });
  const visitors = connected.filter((_, i) => chatting[i]);
  note(`chat: ${visitors.length} chats started (one ticket each) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (startErrors.length > 0) note(`chat: WARNING ${startErrors.length} chats did not start and are left out, e.g. ${startErrors[0]}`);
  if (notAttempted > 0) note(`chat: WARNING ${notAttempted} chats were not started: starting them took longer than ${startSeconds} s (BENCH_CHAT_START_SECONDS)`);
  if (visitors.length === 0) {
    for (const socket of connected) socket.close();
    agent.close();
    throw new Error('chat bench: no chat could be started');
  }
  sentAt.clear();
  deliveries.length = 0;

  try {
    // The persisted rate first: an overloaded offered-load phase can leave a backlog (and sockets dropped by ping timeouts).
    const persisted = await persistedRate(server, visitors);
    // The phases must not overlap: the agent hears the persisted phase's messages to the last before the latency phase starts.
    const settleDeadline = performance.now() + DRAIN_TIMEOUT_MS;
    while (persistedHeard < persisted && performance.now() < settleDeadline) await sleep(50);
    if (persistedHeard < persisted) note(`chat: WARNING the agent had heard only ${persistedHeard} of the ${persisted} persisted messages when the latency phase began`);
    await sleep(1000);
    await offeredLoad(visitors, sentAt, deliveries, () => warmupHeard);
  } finally {
    if (dropped > 0) note(`chat: WARNING ${dropped} visitor sockets were dropped during the bench; their unacknowledged messages count as lost`);
    for (const socket of connected) socket.close();
    agent.removeAllListeners('disconnect');
    agent.close();
  }
}

/** RSS of the server before and after K idle visitor sockets connect (tokens issued beforehand). */
async function idleMemory(server: ChatBenchServer): Promise<void> {
  const started = performance.now();
  const tokens = await pool(idleConnections, 32, () => issueVisitor(server.url));
  // A few hundred connections first, so the first-connection costs (JIT, buffers) fall before the measure.
  const warm = await pool(Math.min(200, idleConnections), 50, (i) => connect<VisitorSocket>(`${server.url}/visitor`, { token: tokens[i]! }));
  await sleep(2000);
  const before = rssKb(server.pid);
  const sockets: VisitorSocket[] = [];
  try {
    let failed = 0;
    await pool(idleConnections, 100, async (i) => {
      try {
        sockets.push(await connect<VisitorSocket>(`${server.url}/visitor`, { token: tokens[i]! }));
      } catch {
        failed++;
      }
    });
    await sleep(3000);
    const after = rssKb(server.pid);
    note(
      `chat: ${sockets.length} idle visitor sockets (${failed} failed to connect) on top of ${warm.length} warm ones; server RSS ${(before / 1024).toFixed(0)} MB -> ${(after / 1024).toFixed(0)} MB; ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s with issuing the tokens`,
    );
    if (sockets.length > 0) report('chat_server_memory_per_idle_connection_kb', (after - before) / sockets.length, 'KB');
  } finally {
    for (const socket of [...sockets, ...warm]) socket.close();
  }
  await sleep(1000);
}

/** M messages per second, round robin over the visitors, scheduled against the clock (a late tick catches up). */
async function offeredLoad(visitors: VisitorSocket[], sentAt: Map<string, number>, deliveries: number[], warmupHeard: () => number): Promise<void> {
  const acks: number[] = [];
  let refused = 0;
  let warmupAcked = 0;
  let sent = 0;
  const warmup = Math.round(offeredRate * warmupSeconds);
  const total = Math.round(offeredRate * offeredSeconds);
  const t0 = performance.now();
  let measuredFrom = t0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(warmup + total, Math.floor(((performance.now() - t0) / 1000) * offeredRate));
      while (sent < due) {
        const n = sent++;
        const warming = n < warmup;
        // The measured seconds' rate is timed from their first message.
        if (n === warmup) measuredFrom = performance.now();
        const clientId = warming ? `warmup-${n}-benchmark` : `load-${n}-benchmark`;
        const start = performance.now();
        sentAt.set(clientId, start);
        emit(visitors[n % visitors.length]!, 'chat:message', { clientId, body: BODY }, (ack) => {
          if (!ack.ok) refused++;
          else if (warming) warmupAcked++;
          else acks.push(performance.now() - start);
        });
      }
      if (sent >= warmup + total) {
        clearInterval(timer);
        resolve();
      }
    }, 5);
  });
  const sendSeconds = (performance.now() - measuredFrom) / 1000;
  const settled = () => deliveries.length === total && warmupHeard() === warmup && acks.length + warmupAcked + refused === warmup + total;
  const deadline = performance.now() + LOSS_TIMEOUT_MS;
  while (!settled() && performance.now() < deadline) await sleep(50);
  const lost = total - deliveries.length + (warmup - warmupHeard());
  deliveries.sort((a, b) => a - b);
  acks.sort((a, b) => a - b);
  note(
    `chat: offered ${offeredRate} messages/s for ${warmupSeconds} s unmeasured, then ${offeredSeconds} s over ${visitors.length} visitors: ${total} sent in ${sendSeconds.toFixed(2)} s, ` +
      `${acks.length} acknowledged, ${refused} refused, ${deliveries.length} heard by the agent, ${lost} of all ${warmup + total} not within ${LOSS_TIMEOUT_MS / 1000} s of the end; ` +
      `visitor->agent max ${deliveries.at(-1)?.toFixed(1)} ms, ack p50 ${percentile(acks, 50).toFixed(1)} ms`,
  );
  report('chat_offered_rate_achieved_per_s', total / sendSeconds, 'messages/s');
  report('chat_visitor_to_agent_p50_ms', percentile(deliveries, 50), 'ms');
  report('chat_visitor_to_agent_p99_ms', percentile(deliveries, 99), 'ms');
  report('chat_ack_p99_ms', percentile(acks, 99), 'ms');
  report('chat_lost_messages', lost, 'messages');
  // Let a backlog drain before the next phase, so it does not weigh on it (bounded; said if it does not).
  const drainDeadline = performance.now() + DRAIN_TIMEOUT_MS;
  while (!settled() && performance.now() < drainDeadline) await sleep(100);
  if (lost > 0) {
    const unheard = total - deliveries.length + (warmup - warmupHeard());
    note(`chat: after a further drain of up to ${DRAIN_TIMEOUT_MS / 1000} s, ${unheard} of the ${warmup + total} messages still not heard by the agent, ${warmup + total - acks.length - warmupAcked - refused} not acknowledged`);
  }
}

/** Every visitor keeps `window` messages in flight, sending the next as each acknowledgement comes back. */
async function persistedRate(server: ChatBenchServer, visitors: VisitorSocket[]): Promise<number> {
  await sleep(1000);
  const rowsBefore = server.customerMessages();
  let acked = 0;
  let refused = 0;
  let inFlight = 0;
  let n = 0;
  let stopped = false;
  const t0 = performance.now();
  let ackedInWindow = 0;
  await new Promise<void>((resolve) => {
    const send = (socket: VisitorSocket) => {
      inFlight++;
      emit(socket, 'chat:message', { clientId: `persist-${n++}-benchmark`, body: BODY }, (ack) => {
        inFlight--;
        if (ack.ok) acked++;
        else refused++;
        if (!stopped) {
          if (ack.ok) ackedInWindow++;
          send(socket);
        } else if (inFlight === 0) resolve();
      });
    };
    for (const socket of visitors) for (let i = 0; i < window; i++) send(socket);
    setTimeout(() => {
      stopped = true;
      if (inFlight === 0) resolve();
      // Acknowledgements that never come (a dropped socket) must not hold the bench forever.
      setTimeout(() => {
        if (inFlight > 0) note(`chat: ${inFlight} messages still unacknowledged ${DRAIN_TIMEOUT_MS / 1000} s after the persisted-rate phase`);
        resolve();
      }, DRAIN_TIMEOUT_MS).unref();
    }, persistSeconds * 1000);
  });
  const elapsed = (performance.now() - t0) / 1000;
  const stored = server.customerMessages() - rowsBefore;
  note(
    `chat: ${visitors.length} visitors x ${window} in flight for ${persistSeconds} s: ${ackedInWindow} acknowledged within the ${persistSeconds} s, ` +
      `${acked} in all after draining (${elapsed.toFixed(1)} s), ${refused} refused; ${stored} customer_message rows added to the database`,
  );
  if (stored < acked) note(`chat: WARNING ${acked - stored} acknowledged messages are not in the database`);
  report('chat_persisted_messages_per_s', Math.min(acked, stored) / elapsed, 'messages/s');
  return acked;
}
