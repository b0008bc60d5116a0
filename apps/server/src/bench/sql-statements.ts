/**
 * SQL statements per request (issue 10): the server runs in this process on a small seeded queue, one agent's
 * console socket is connected (so the after-commit fan-out does its reads, as it does whenever anyone is
 * online), and every statement reaching the database driver is counted (sql-count.ts) from the moment a
 * request is sent until its response has come back, the after-commit listeners have finished and the
 * database has been quiet for a moment. Each figure is the mean over BENCH_SQL_SAMPLES requests after a few
 * to warm up:
 *
 *  - agent_reply_sql_statements_<db>: an agent's reply over REST as the console sends it (session cookie,
 *    CSRF token, a clientId), to a ticket waiting for an answer; no mail transport is configured;
 *  - agent_reply_email_sql_statements_<db>: the same with SMTP_URL set (a local sink takes the letters): the
 *    letter is queued with the reply and sent after it, and the count runs until the outbox has marked it sent;
 *  - ticket_create_sql_statements_<db>: a ticket created over REST for a returning customer;
 *  - chat_message_sql_statements_<db>: one visitor message on an open chat, sent alone;
 *  - chat_message_burst_sql_statements_<db>: per message, when BENCH_SQL_BURST visitors send one each at once
 *    (the server batches what arrives together).
 *
 * BENCH_SQL_LOG=1 lists the statements of the last sample of each.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentClientToServerEvents, AgentServerToClientEvents, VisitorClientToServerEvents, VisitorServerToClientEvents } from '@parley/protocol';
import { io, type Socket } from 'socket.io-client';
import { createApp, type ParleyApp } from '../app.js';
import { loadConfig, parseDatabaseUrl } from '../config/env.js';
import { CHAT_BENCH_ENV } from './chat.js';
import { note, report } from './report.js';
import { seedQueue } from './seed.js';
import { startMailSink } from './mail-sink.js';
import { countStatements, type StatementCounter, summarize } from './sql-count.js';
import { ADMIN, apiToken, type Credentials, createAgents, type Session, sessionHeaders, signIn, type Target } from './targets.js';

type VisitorSocket = Socket<VisitorServerToClientEvents, VisitorClientToServerEvents>;
type AgentSocket = Socket<AgentServerToClientEvents, AgentClientToServerEvents>;

const samples = Number(process.env.BENCH_SQL_SAMPLES ?? 20);
const warmups = 3;
const burst = Number(process.env.BENCH_SQL_BURST ?? 50);
const logStatements = process.env.BENCH_SQL_LOG === '1';
/** How long the database must stay quiet after a request before its count is taken. */
const QUIET_MS = 250;
const SETTLE_LIMIT_MS = 5000;
const TICKETS = 500;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A server in this process with one agent signed in and its console socket open, its statements counted. */
interface Counted {
  readonly app: ParleyApp;
  readonly url: string;
  readonly session: Session;
  readonly counter: StatementCounter;
  /** Sockets to close at the end (the agent's, and visitors' the scenario opens). */
  readonly sockets: Socket[];
  settle(): Promise<void>;
}

async function withCountedApp(target: Target, dir: string, env: Record<string, string>, agent: (url: string) => Promise<Credentials>, work: (counted: Counted) => Promise<void>): Promise<void> {
  const config = loadConfig({
    ...process.env,
    ...CHAT_BENCH_ENV,
    ...env,
    DATABASE_URL: target.url,
    PARLEY_DATA_DIR: dir,
    PARLEY_ADMIN_EMAIL: ADMIN.email,
    PARLEY_ADMIN_PASSWORD: ADMIN.password,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    // No scheduled jobs: their statements would land in whichever request's count happens to be open.
    JOB_INTERVAL_MS: '0',
  });
  const app = await createApp(config);
  const sockets: Socket[] = [];
  let counter: StatementCounter | null = null;
  try {
    const url = await app.listen();
    const session = await signIn(url, await agent(url));
    sockets.push(await connect<AgentSocket>(`${url}/agent`, { extraHeaders: { cookie: session.cookie } }));
    counter = await countStatements(app.orm);
    const settle = settler(app, counter);
    await settle();
    counter.reset();
    await sleep(1000);
    if (counter.statements.length > 0) {
      note(`[${target.db}] WARNING ${counter.statements.length} statements in a second of idling (${summarize(counter.statements)}); the counts below may include such background work`);
      for (const sql of counter.statements) note(`    ${oneLine(sql)}`);
    }
    await work({ app, url, session, counter, sockets, settle });
  } finally {
    counter?.stop();
    for (const socket of sockets) socket.close();
    await app.close();
  }
}

export async function benchSqlStatements(target: Target): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-sql-'));
  try {
    await seedQueue(parseDatabaseUrl(target.url, dir), { tickets: TICKETS, itemsPerTicket: 3, departments: 2, contacts: 100 });
    let agent: Credentials | null = null;
    const theAgent = async (url: string) => {
      agent ??= (await createAgents(url, await apiToken(url), 1, [1, 2]))[0]!;
      return agent;
    };
    // Seeded tickets n ≡ 0, 1 (mod 5) are new or open: waiting for an answer.
    const waiting = Array.from({ length: TICKETS }, (_, i) => i + 1).filter((n) => n % 5 <= 1);
    let nextTicket = 0;
    const reply = (counted: Counted) => {
      const ticketId = waiting[nextTicket++ % waiting.length]!;
      const body = { body: 'Thank you for waiting, your parcel left our warehouse today.', clientId: randomUUID() };
      return expectStatus(post(counted.url, counted.session, `/api/v1/tickets/${ticketId}/replies`, body), 201);
    };

    await withCountedApp(target, dir, {}, theAgent, async (counted) => {
      const { url, session, sockets, settle } = counted;
      await measure(target, counted, 'agent_reply_sql_statements', 'agent reply over REST, no mail transport', () => reply(counted));

      let n = 0;
      await measure(target, counted, 'ticket_create_sql_statements', 'ticket creation over REST (returning customer)', async () => {
        const body = {
          subject: `Counted ticket ${n}`,
          message: 'My order has not arrived yet, could you check where it is? Thanks.',
          contact: { email: `returning${n++ % 2}@example.com`, name: 'Returning Customer' },
          departmentId: 1,
        };
        await expectStatus(post(url, session, '/api/v1/tickets', body), 201);
      });

      const [visitor] = await startChats(url, 1, sockets);
      await settle();
      let m = 0;
      await measure(target, counted, 'chat_message_sql_statements', 'a visitor chat message, alone', () => message(visitor!, `alone-${m++}-benchmark`));

      const visitors = await startChats(url, burst, sockets);
      await settle();
      let round = 0;
      await measure(
        target,
        counted,
        'chat_message_burst_sql_statements',
        `a visitor chat message, ${burst} visitors sending at once (per message)`,
        async () => {
          const r = round++;
          await Promise.all(visitors.map((socket, i) => message(socket, `burst-${r}-${i}-benchmark`)));
        },
        burst,
      );
    });

    // The same reply where mail goes out: the letter is queued in the reply's transaction and sent after it.
    const sink = await startMailSink();
    try {
      await withCountedApp(target, dir, { SMTP_URL: sink.url, MAIL_FROM: 'Support <support@parley.test>' }, theAgent, (counted) =>
        measure(target, counted, 'agent_reply_email_sql_statements', 'agent reply over REST, sent by SMTP (until the letter is marked sent)', async () => {
          const letter = sink.nextLetter();
          await reply(counted);
          await letter;
        }),
      );
    } finally {
      await sink.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Waits for the after-commit listeners, then for the database to be quiet (bounded). */
function settler(app: ParleyApp, counter: StatementCounter): () => Promise<void> {
  return async () => {
    const deadline = performance.now() + SETTLE_LIMIT_MS;
    let seen = -1;
    while (performance.now() < deadline) {
      await app.context.events.drain();
      if (counter.statements.length === seen) return;
      seen = counter.statements.length;
      await sleep(QUIET_MS);
    }
    note(`WARNING the database did not go quiet within ${SETTLE_LIMIT_MS / 1000} s of a request`);
  };
}

async function measure(target: Target, counted: Counted, bench: string, what: string, action: () => Promise<void>, perAction = 1): Promise<void> {
  const { counter, settle } = counted;
  const counts: number[] = [];
  let last: readonly string[] = [];
  for (let i = 0; i < warmups + samples; i++) {
    counter.reset();
    await action();
    await settle();
    if (i >= warmups) counts.push(counter.statements.length / perAction);
    last = [...counter.statements];
  }
  const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
  note(
    `[${target.db}] ${what}: ${mean.toFixed(2)} statements (min ${Math.min(...counts)}, max ${Math.max(...counts)} over ${counts.length}); last: ${summarize(last)}`,
  );
  if (logStatements) for (const sql of last) note(`    ${oneLine(sql)}`);
  report(`${bench}_${target.db}`, mean, 'statements');
}

function oneLine(sql: string): string {
  return sql.replace(/\s+/g, ' ').slice(0, 240);
}

function post(url: string, session: Session, path: string, body: unknown): Promise<Response> {
  return fetch(`${url}${path}`, { method: 'POST', headers: sessionHeaders(session), body: JSON.stringify(body) });
}

async function expectStatus(response: Promise<Response>, status: number): Promise<void> {
  const res = await response;
  const text = await res.text();
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${text}`);
}

function connect<S extends Socket>(url: string, options: { auth?: { token: string }; extraHeaders?: Record<string, string> }): Promise<S> {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, ...options }) as unknown as S;
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error: Error) => {
      socket.close();
      reject(error);
    });
  });
}

type Ack = { ok: boolean; error?: unknown };

function emit(socket: VisitorSocket, event: 'chat:start' | 'chat:message', payload: object): Promise<void> {
  return new Promise((resolve, reject) =>
    (socket as unknown as { emit(e: string, p: object, cb: (ack: Ack) => void): void }).emit(event, payload, (ack) =>
      ack.ok ? resolve() : reject(new Error(`${event} refused: ${JSON.stringify(ack.error)}`)),
    ),
  );
}

function message(socket: VisitorSocket, clientId: string): Promise<void> {
  return emit(socket, 'chat:message', { clientId, body: 'Hello, I have a question about my order, could you help me please?' });
}

/** Visitors with an open chat each, in department 1. */
async function startChats(url: string, count: number, sockets: Socket[]): Promise<VisitorSocket[]> {
  const visitors: VisitorSocket[] = [];
  for (let i = 0; i < count; i++) {
    const res = await fetch(`${url}/api/v1/widget/visitors`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const { token } = (await res.json()) as { token: string };
    const socket = await connect<VisitorSocket>(`${url}/visitor`, { auth: { token } });
    sockets.push(socket);
    await emit(socket, 'chat:start', { clientId: `start-${randomUUID()}`, message: 'Hello', name: `Visitor ${i}`, departmentId: 1 });
    visitors.push(socket);
  }
  return visitors;
}
