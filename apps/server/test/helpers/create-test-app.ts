import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';
import { createApp, type ParleyApp } from '../../src/app.js';
import type { Clock } from '../../src/clock.js';
import { loadConfig } from '../../src/config/env.js';
import { createLogger } from '../../src/logger.js';
import { Agent, AgentDepartment } from '../../src/modules/agents/agent.entity.js';
import { hashPassword } from '../../src/modules/agents/secrets.js';
import type { RetryPolicy } from '../../src/modules/mail/outbox.service.js';
import { Department } from '../../src/modules/organisation/department.entity.js';
import { HttpClient } from './http-client.js';

export type DatabaseKind = 'sqlite' | 'postgresql';

/** PostgreSQL suites run when TEST_POSTGRES_URL names a server (CI sets it); SQLite suites always run. */
export const postgresServerUrl = process.env.TEST_POSTGRES_URL ?? null;
export const databases: DatabaseKind[] = postgresServerUrl ? ['sqlite', 'postgresql'] : ['sqlite'];

/** Runs a suite once per database under test. */
export function describeEachDatabase(name: string, suite: (db: DatabaseKind) => void): void {
  for (const db of databases) describe(`${name} [${db}]`, () => suite(db));
}

export const ADMIN = { email: 'admin@parley.test', password: 'correct horse battery staple', name: 'Ada Admin' };

export class MutableClock implements Clock {
  constructor(private current = new Date()) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
  set(date: Date): void {
    this.current = new Date(date);
  }
}

export interface TestApp {
  readonly app: ParleyApp;
  readonly baseUrl: string;
  readonly db: DatabaseKind;
  readonly dataDir: string;
  readonly databaseUrl: string;
  /** Signed in as the first administrator. */
  readonly admin: HttpClient;
  client(): HttpClient;
  /** Creates an agent (through the API, as the administrator) and returns a signed-in client for them. */
  agent(options: { name?: string; role?: 'agent' | 'administrator'; departmentIds?: number[] }): Promise<{ id: number; email: string; http: HttpClient }>;
  department(name: string): Promise<number>;
  close(): Promise<void>;
}

let counter = 0;

/** A real server on a fresh database (a new SQLite file, or a new PostgreSQL database), listening on a free port. */
export async function createTestApp(
  options: { db?: DatabaseKind; env?: Record<string, string>; clock?: Clock; withAdmin?: boolean; sameDatabaseAs?: TestApp; mailRetryPolicy?: RetryPolicy } = {},
): Promise<TestApp> {
  const db = options.db ?? 'sqlite';
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-test-'));
  let databaseUrl = `sqlite:${join(dataDir, 'parley.sqlite')}`;
  let dropDatabase: (() => void) | null = null;
  if (options.sameDatabaseAs) {
    // A second instance of the same installation: same database, its own process state.
    databaseUrl = options.sameDatabaseAs.databaseUrl;
  } else if (db === 'postgresql') {
    if (!postgresServerUrl) throw new Error('TEST_POSTGRES_URL is not set');
    const name = `parley_test_${process.pid}_${Date.now()}_${counter++}`;
    execFileSync('psql', [`${postgresServerUrl}/postgres`, '-qc', `create database ${name}`]);
    databaseUrl = `${postgresServerUrl}/${name}`;
    dropDatabase = () => execFileSync('psql', [`${postgresServerUrl}/postgres`, '-qc', `drop database if exists ${name} with (force)`]);
  }
  const withAdmin = options.withAdmin ?? true;
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    PARLEY_DATA_DIR: dataDir,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SIGN_IN_ATTEMPTS_PER_15_MIN: '1000',
    SIGN_IN_ATTEMPTS_PER_ACCOUNT_PER_HOUR: '10000',
    // Every test client connects from 127.0.0.1; the caps' own tests set it lower.
    VISITOR_SOCKETS_PER_ADDRESS: '10000',
    JOB_INTERVAL_MS: '0',
    ...(withAdmin ? { PARLEY_ADMIN_EMAIL: ADMIN.email, PARLEY_ADMIN_PASSWORD: ADMIN.password, PARLEY_ADMIN_NAME: ADMIN.name } : {}),
    ...options.env,
  });
  const app = await createApp(config, {
    logger: createLogger(config.logLevel),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.mailRetryPolicy ? { mailRetryPolicy: options.mailRetryPolicy } : {}),
  });
  const baseUrl = await app.listen();
  const admin = new HttpClient(baseUrl);
  if (withAdmin) {
    const res = await admin.signIn(ADMIN.email, ADMIN.password);
    if (res.status !== 200) throw new Error(`admin sign-in failed: ${JSON.stringify(res.body)}`);
  }
  let agents = 0;
  return {
    app,
    baseUrl,
    db,
    dataDir,
    databaseUrl,
    admin,
    client: () => new HttpClient(baseUrl),
    // Fixtures go straight into the database, so every suite's setup is independent of the routes it may test.
    async agent({ name, role = 'agent', departmentIds = [] }) {
      const email = `agent${++agents}-${counter}@parley.test`;
      const password = 'agent password 123';
      const em = app.orm.em.fork();
      const agent = em.create(Agent, { name: name ?? `Agent ${agents}`, email, passwordHash: await hashPassword(password), role, active: true, locale: 'en' });
      await em.flush();
      for (const department of departmentIds) em.create(AgentDepartment, { agent: agent.id, department });
      await em.flush();
      const http = new HttpClient(baseUrl);
      const signIn = await http.signIn(email, password);
      if (signIn.status !== 200) throw new Error(`agent sign-in failed: ${JSON.stringify(signIn.body)}`);
      return { id: agent.id, email, http };
    },
    async department(name) {
      const em = app.orm.em.fork();
      const department = em.create(Department, { name });
      await em.flush();
      return department.id;
    },
    async close() {
      await app.close();
      dropDatabase?.();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
