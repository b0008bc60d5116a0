/**
 * soak_rss_{before,after,idle}_mb (issue 11): the server's resident memory across a long mixed run, as an
 * outside tester saw it grow from about 150 MB to 355 MB and stay there. The built server runs in its own
 * process on BENCH_SOAK_TICKETS seeded tickets; for BENCH_SOAK_SECONDS, at once:
 *  - agents list, open and watch tickets, reply and write notes, their consoles' sockets coming and going;
 *  - visitors get a token, open a socket, start a chat, write, and leave;
 *  - requests that fail: unknown tickets, malformed JSON, forged cursors, no credentials.
 * Then every client leaves, and after BENCH_SOAK_IDLE_SECONDS of quiet the RSS is read again: what a
 * connection, a viewed ticket or a failed request left behind shows as the gap between `before` and `idle`.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentClientToServerEvents, AgentServerToClientEvents, VisitorClientToServerEvents, VisitorServerToClientEvents } from '@parley/protocol';
import { io, type Socket } from 'socket.io-client';
import { parseDatabaseUrl } from '../config/env.js';
import { CHAT_BENCH_ENV } from './chat.js';
import { note, report } from './report.js';
import { seedQueue } from './seed.js';
import { rssKb, startServerProcess } from './server-process.js';
import { apiToken, type BenchDb, createAgents, freshDatabase, type Session, serverEnv, sessionHeaders, signIn } from './targets.js';

const seconds = Number(process.env.BENCH_SOAK_SECONDS ?? 60);
const idleSeconds = Number(process.env.BENCH_SOAK_IDLE_SECONDS ?? 30);
const tickets = Number(process.env.BENCH_SOAK_TICKETS ?? 10_000);
const AGENTS = 8;
const VISITOR_LOOPS = 4;
const DEPARTMENTS = 4;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const rssMb = (pid: number) => Math.round(rssKb(pid) / 102.4) / 10;

function connect<S extends Socket>(url: string, options: { auth?: { token: string }; cookie?: string }): Promise<S> {
  const socket = io(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    ...(options.auth ? { auth: options.auth } : {}),
    ...(options.cookie ? { extraHeaders: { cookie: options.cookie } } : {}),
  }) as unknown as S;
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error: Error) => {
      socket.close();
      reject(error);
    });
  });
}

function ack(socket: Socket, event: string, payload: object): Promise<unknown> {
  return (socket as unknown as { timeout(ms: number): { emitWithAck(e: string, p: object): Promise<unknown> } }).timeout(10_000).emitWithAck(event, payload);
}

type AgentSocket = Socket<AgentServerToClientEvents, AgentClientToServerEvents>;
type VisitorSocket = Socket<VisitorServerToClientEvents, VisitorClientToServerEvents>;

/** One agent's working loop: what a console does over a shift, its socket reconnecting now and then. */
async function agentLoop(url: string, session: Session, until: number, counts: Counts): Promise<void> {
  const headers = sessionHeaders(session);
  let socket: AgentSocket | null = null;
  let round = 0;
  while (Date.now() < until) {
    round++;
    if (!socket || round % 20 === 0) {
      socket?.close();
      socket = await connect<AgentSocket>(`${url}/agent`, { cookie: session.cookie });
    }
    const list = (await (await fetch(`${url}/api/v1/tickets?limit=50&sort=-waiting`, { headers })).json()) as { items: { id: number }[]; nextCursor?: string | null };
    counts.requests++;
    const ticketId = 1 + Math.floor(Math.random() * tickets);
    await ack(socket, 'ticket:watch', { ticketId });
    await fetch(`${url}/api/v1/tickets/${ticketId}`, { headers }).then((r) => r.arrayBuffer());
    if (round % 3 === 0) await fetch(`${url}/api/v1/tickets/${ticketId}/replies`, { method: 'POST', headers, body: JSON.stringify({ body: `Reply ${round}`, clientId: randomUUID() }) });
    else await fetch(`${url}/api/v1/tickets/${ticketId}/internal-notes`, { method: 'POST', headers, body: JSON.stringify({ body: `Note ${round}` }) });
    await ack(socket, 'ticket:unwatch', { ticketId });
    if (list.nextCursor) await fetch(`${url}/api/v1/tickets?limit=50&cursor=${encodeURIComponent(list.nextCursor)}`, { headers }).then((r) => r.arrayBuffer());
    counts.requests += 4;
  }
  socket?.close();
}

/** Visitors arriving, chatting briefly and leaving, one after another. */
async function visitorLoop(url: string, until: number, counts: Counts): Promise<void> {
  let i = 0;
  while (Date.now() < until) {
    i++;
    const res = await fetch(`${url}/api/v1/widget/visitors`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const { token } = (await res.json()) as { token: string };
    const socket = await connect<VisitorSocket>(`${url}/visitor`, { auth: { token } });
    await ack(socket, 'chat:start', { clientId: randomUUID(), message: 'Hello, a question about my order', name: `Soak visitor ${i}` });
    await ack(socket, 'chat:message', { clientId: randomUUID(), body: 'It has not arrived yet.' });
    socket.close();
    counts.visitors++;
  }
}

/** Requests that fail, of every kind an outside tester sends. */
async function failingLoop(url: string, session: Session, until: number, counts: Counts): Promise<void> {
  const headers = sessionHeaders(session);
  const attempts: (() => Promise<Response>)[] = [
    () => fetch(`${url}/api/v1/tickets/999999999`, { headers }),
    () => fetch(`${url}/api/v1/tickets/1/replies`, { method: 'POST', headers, body: '{"body": ' }),
    () => fetch(`${url}/api/v1/tickets?cursor=${encodeURIComponent(randomUUID())}`, { headers }),
    () => fetch(`${url}/api/v1/tickets`),
    () => fetch(`${url}/api/v1/tickets/1/replies`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: session.cookie }, body: '{}' }),
    () => fetch(`${url}/api/v1/no-such-route-${randomUUID()}`, { headers }),
  ];
  let i = 0;
  while (Date.now() < until) {
    const res = await attempts[i++ % attempts.length]!();
    await res.arrayBuffer();
    counts.failures++;
  }
}

/**
 * With BENCH_SOAK_HEAPSNAPSHOTS=1 (and BENCH_SERVER_NODE_ARGS=--heapsnapshot-signal=SIGUSR2), the server writes
 * a heap snapshot before the run and after the idle wait, to compare in Chrome's memory tool.
 */
async function snapshot(pid: number): Promise<void> {
  if (process.env.BENCH_SOAK_HEAPSNAPSHOTS !== '1') return;
  process.kill(pid, 'SIGUSR2');
  // Writing it blocks the server for a while; nothing is measured until it is done.
  await sleep(Number(process.env.BENCH_SOAK_SNAPSHOT_WAIT_MS ?? 20_000));
}

interface Counts {
  requests: number;
  visitors: number;
  failures: number;
}

export async function benchSoak(db: BenchDb): Promise<void> {
  const target = freshDatabase(db, 'soak');
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-data-'));
  await seedQueue(parseDatabaseUrl(target.url, dir), { tickets, itemsPerTicket: 5, departments: DEPARTMENTS, contacts: Math.max(1, Math.floor(tickets / 5)) });
  const server = await startServerProcess({ ...serverEnv(target, dir), ...CHAT_BENCH_ENV });
  try {
    const departmentIds = Array.from({ length: DEPARTMENTS }, (_, i) => i + 1);
    const agents = await createAgents(server.url, await apiToken(server.url), AGENTS, departmentIds);
    const sessions: Session[] = [];
    for (const agent of agents) sessions.push(await signIn(server.url, agent));
    // Settled after start-up and sign-in, before the run: the baseline.
    await sleep(2000);
    await snapshot(server.pid);
    const before = rssMb(server.pid);
    const counts: Counts = { requests: 0, visitors: 0, failures: 0 };
    const until = Date.now() + seconds * 1000;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssMb(server.pid));
    }, 500);
    await Promise.all([
      ...sessions.map((session) => agentLoop(server.url, session, until, counts)),
      ...Array.from({ length: VISITOR_LOOPS }, () => visitorLoop(server.url, until, counts)),
      failingLoop(server.url, sessions[0]!, until, counts),
    ]);
    clearInterval(sampler);
    const after = rssMb(server.pid);
    await sleep(idleSeconds * 1000);
    const idle = rssMb(server.pid);
    await snapshot(server.pid);
    note(
      `[${db}] soak: ${seconds} s, ${counts.requests} agent requests, ${counts.visitors} visitor chats, ${counts.failures} failing requests; ` +
        `RSS ${before} MB before, peak ${peak}, ${after} after, ${idle} after ${idleSeconds} s idle`,
    );
    report(`soak_rss_before_mb_${db}`, before, 'MB');
    report(`soak_rss_peak_mb_${db}`, peak, 'MB');
    report(`soak_rss_after_mb_${db}`, after, 'MB');
    report(`soak_rss_idle_mb_${db}`, idle, 'MB');
  } finally {
    await server.stop();
    target.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
