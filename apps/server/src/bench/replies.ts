/**
 * agent_replies_per_s_<db> and agent_reply_p99_<db> (issue 10): agents replying over REST, as the console
 * does it, against the built server in its own process. BENCH_REPLY_AGENTS agents (in every department,
 * each signed in with a session and with its console's socket connected, so the fan-out of every reply has
 * listeners) send replies over BENCH_REPLY_CONNECTIONS connections for BENCH_SECONDS, each connection as one
 * agent, to tickets drawn at random from BENCH_REPLY_TICKETS seeded ones.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentClientToServerEvents, AgentServerToClientEvents } from '@parley/protocol';
import autocannon from 'autocannon';
import { io, type Socket } from 'socket.io-client';
import { parseDatabaseUrl } from '../config/env.js';
import { note, report } from './report.js';
import { seedQueue } from './seed.js';
import { cpuMs, startServerProcess } from './server-process.js';
import { apiToken, type BenchDb, createAgents, freshDatabase, type Session, serverEnv, sessionHeaders, signIn } from './targets.js';

type AgentSocket = Socket<AgentServerToClientEvents, AgentClientToServerEvents>;

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const agentCount = Number(process.env.BENCH_REPLY_AGENTS ?? 16);
const connections = Number(process.env.BENCH_REPLY_CONNECTIONS ?? 16);
const tickets = Number(process.env.BENCH_REPLY_TICKETS ?? 10_000);
const DEPARTMENTS = 10;
const BODY = 'Thank you for waiting. Your parcel left our warehouse today; the tracking link follows in a separate message.';

export async function benchReplies(db: BenchDb): Promise<void> {
  const target = freshDatabase(db, 'replies');
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-data-'));
  await seedQueue(parseDatabaseUrl(target.url, dir), { tickets, itemsPerTicket: 5, departments: DEPARTMENTS, contacts: Math.max(1, Math.floor(tickets / 5)) });
  const server = await startServerProcess(serverEnv(target, dir));
  const sockets: AgentSocket[] = [];
  try {
    const departmentIds = Array.from({ length: DEPARTMENTS }, (_, i) => i + 1);
    const agents = await createAgents(server.url, await apiToken(server.url), agentCount, departmentIds);
    const sessions: Session[] = [];
    for (const agent of agents) {
      const session = await signIn(server.url, agent);
      sessions.push(session);
      sockets.push(await connectAgent(server.url, session));
    }
    await run(server.url, sessions, 2); // warm up (JIT, caches) before measuring
    const cpuBefore = cpuMs(server.pid);
    const result = await run(server.url, sessions, seconds);
    const serverCpuPerReply = (cpuMs(server.pid) - cpuBefore) / result.requests.total;
    note(
      `[${db}] agent replies: ${agentCount} agents over ${connections} connections on ${tickets} tickets: ${result.requests.average} req/s avg, ` +
        `${result.non2xx} non-2xx, ${result.errors} errors, latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`,
    );
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`agent reply bench saw ${result.non2xx} non-2xx responses and ${result.errors} errors`);
    report(`agent_replies_per_s_${db}`, result.requests.total / result.duration, 'replies/s');
    report(`agent_reply_p99_${db}`, result.latency.p99, 'ms');
    report(`agent_reply_server_cpu_${db}`, Math.round(serverCpuPerReply * 1000) / 1000, 'ms');
  } finally {
    for (const socket of sockets) socket.close();
    await server.stop();
    target.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function connectAgent(url: string, session: Session): Promise<AgentSocket> {
  const socket: AgentSocket = io(`${url}/agent`, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie: session.cookie } });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error: Error) => {
      socket.close();
      reject(error);
    });
  });
}

function run(url: string, sessions: readonly Session[], duration: number): Promise<autocannon.Result> {
  let nextAgent = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections,
        duration,
        requests: [
          {
            method: 'POST',
            // Each connection stays one agent, as one console would.
            setupRequest: (req, context) => {
              const own = context as { session?: Session };
              own.session ??= sessions[nextAgent++ % sessions.length]!;
              const ticketId = 1 + Math.floor(Math.random() * tickets);
              return {
                ...req,
                path: `/api/v1/tickets/${ticketId}/replies`,
                headers: sessionHeaders(own.session),
                body: JSON.stringify({ body: BODY, clientId: randomUUID() }),
              };
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}
