import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

export type BenchDb = 'sqlite' | 'postgresql';

export interface Credentials {
  readonly email: string;
  readonly password: string;
}

export const ADMIN: Credentials = { email: 'bench@parley.test', password: 'bench password 1234' };

/** Without a named server, the local one of the development machines is used when it answers. */
function localPostgres(): string | null {
  const url = 'postgres://postgres@127.0.0.1:5432';
  try {
    execFileSync('psql', [`${url}/postgres`, '-qAtc', 'select 1'], { stdio: 'ignore', timeout: 3000 });
    return url;
  } catch {
    return null;
  }
}

/** The PostgreSQL server the benches create their databases on, or null when there is none. */
export const postgresServer = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? localPostgres();

export interface Target {
  readonly db: BenchDb;
  readonly url: string;
  drop(): void;
}

/** An empty database of its own for one scenario: a SQLite file in a fresh folder, or a new PostgreSQL database. */
export function freshDatabase(db: BenchDb, label: string): Target {
  if (db === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), `parley-bench-${label}-`));
    return { db, url: `sqlite:${join(dir, 'parley.sqlite')}`, drop: () => rmSync(dir, { recursive: true, force: true }) };
  }
  if (!postgresServer) throw new Error('no PostgreSQL server: set BENCH_POSTGRES_URL');
  const name = `parley_bench_${label}_${process.pid}`;
  execFileSync('psql', [`${postgresServer}/postgres`, '-qc', 'set client_min_messages = warning', '-c', `drop database if exists ${name}`]);
  execFileSync('psql', [`${postgresServer}/postgres`, '-qc', `create database ${name}`]);
  return { db, url: `${postgresServer}/${name}`, drop: () => execFileSync('psql', [`${postgresServer}/postgres`, '-qc', `drop database if exists ${name} with (force)`]) };
}

/** One number from a query on a target's database, read beside the server (PostgreSQL through psql, so the bench holds no pool). */
export function scalar(target: Target, sql: string): number {
  if (target.db === 'postgresql') return Number(execFileSync('psql', [target.url, '-qAtc', sql], { encoding: 'utf8' }).trim());
  const db = new DatabaseSync(target.url.slice('sqlite:'.length), { readOnly: true });
  try {
    return Number(Object.values(db.prepare(sql).get() as Record<string, unknown>)[0]);
  } finally {
    db.close();
  }
}

/** Runs a statement on a target's database beside the server (a bench's own setup, never the measured work). */
export function execute(target: Target, sql: string): void {
  if (target.db === 'postgresql') {
    execFileSync('psql', [target.url, '-qc', sql]);
    return;
  }
  const db = new DatabaseSync(target.url.slice('sqlite:'.length), { timeout: 10_000 });
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

export function serverEnv(target: Target, dir: string): Record<string, string> {
  return { PORT: '0', DATABASE_URL: target.url, PARLEY_DATA_DIR: dir, PARLEY_ADMIN_EMAIL: ADMIN.email, PARLEY_ADMIN_PASSWORD: ADMIN.password };
}

export interface Session {
  /** The `name=value` of the session cookie. */
  readonly cookie: string;
  readonly csrfToken: string;
}

/** Signs in as the agent console does: a session cookie, and the CSRF token every change must carry. */
export async function signIn(base: string, who: Credentials = ADMIN): Promise<Session> {
  const res = await fetch(`${base}/api/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(who) });
  if (res.status !== 200) throw new Error(`sign-in as ${who.email}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, csrfToken };
}

export function sessionHeaders(session: Session): Record<string, string> {
  return { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrfToken };
}

export async function apiToken(base: string, who: Credentials = ADMIN): Promise<string> {
  const session = await signIn(base, who);
  const res = await fetch(`${base}/api/v1/api-tokens`, { method: 'POST', headers: sessionHeaders(session), body: JSON.stringify({ name: 'bench' }) });
  return ((await res.json()) as { token: string }).token;
}

/** Agents in every one of the given departments, created by an administrator; answers their credentials. */
export async function createAgents(base: string, adminToken: string, count: number, departmentIds: readonly number[]): Promise<Credentials[]> {
  const agents: Credentials[] = [];
  for (let i = 0; i < count; i++) {
    const agent = { email: `bench-agent-${i}@parley.test`, password: `bench agent password ${i}` };
    const res = await fetch(`${base}/api/v1/agents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ name: `Bench Agent ${i}`, ...agent, departmentIds }),
    });
    if (res.status !== 201 && res.status !== 200) throw new Error(`create agent ${i}: ${res.status} ${await res.text()}`);
    agents.push(agent);
  }
  return agents;
}
