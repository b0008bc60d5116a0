import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countStatements } from '../src/bench/sql-count.js';
import { createTestApp, describeEachDatabase, MutableClock, postgresServerUrl, type TestApp } from './helpers/create-test-app.js';
import type { HttpClient } from './helpers/http-client.js';

const PASSWORD = 'agent password 123';

/** Statements that read a credential: sessions or API tokens. */
const credentialReads = (statements: readonly string[]) => statements.filter((sql) => /^\s*select\b/i.test(sql) && /\b(session|api_token)\b/.test(sql));

/**
 * Authentication keeps what a credential proved for a moment (modules/agents/credential-cache.ts); every
 * change to what it proves must take effect on the very next request, whichever code path made it.
 */
describeEachDatabase('kept credentials', (db) => {
  let t: TestApp;
  const clock = new MutableClock();
  let support: number;
  let sales: number;

  beforeAll(async () => {
    t = await createTestApp({ db, clock });
    support = await t.department('Support');
    sales = await t.department('Sales');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a repeated request reads no credential; a session or token seen once is checked again only when something changed', async () => {
    const agent = await t.agent({ departmentIds: [support] });
    const token = (await agent.http.post('/api/v1/api-tokens', { name: 'script' })).body.token as string;
    const script = t.client().withToken(token);
    expect((await agent.http.get('/api/v1/auth/session')).status).toBe(200);
    expect((await script.get('/api/v1/auth/session')).status).toBe(200);
    const counter = await countStatements(t.app.orm);
    try {
      for (let i = 0; i < 3; i++) {
        expect((await agent.http.get('/api/v1/auth/session')).status).toBe(200);
        expect((await script.get('/api/v1/auth/session')).status).toBe(200);
      }
      expect(credentialReads(counter.statements)).toEqual([]);
    } finally {
      counter.stop();
    }
  });

  it('a role taken away holds on the next request', async () => {
    const boss = await t.agent({ role: 'administrator', departmentIds: [support] });
    expect((await boss.http.get('/api/v1/settings/security')).status).toBe(200);
    expect((await t.admin.patch(`/api/v1/agents/${boss.id}`, { role: 'agent' })).status).toBe(200);
    const res = await boss.http.get('/api/v1/settings/security');
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('auth/forbidden');
  });

  it('a department taken away hides its tickets on the next request', async () => {
    const agent = await t.agent({ departmentIds: [support] });
    const ticket = (await t.admin.post('/api/v1/tickets', { subject: 'Support only', message: 'x', contact: { email: 'c@example.com' }, departmentId: support })).body.ticket;
    expect((await agent.http.get(`/api/v1/tickets/${ticket.id}`)).status).toBe(200);
    expect((await t.admin.patch(`/api/v1/agents/${agent.id}`, { departmentIds: [sales] })).status).toBe(200);
    expect((await agent.http.get(`/api/v1/tickets/${ticket.id}`)).status).toBe(404);
  });

  it('two-factor required of everyone holds on the next request of an agent without it', async () => {
    const agent = await t.agent({ departmentIds: [support] });
    expect((await agent.http.get('/api/v1/tickets')).status).toBe(200);
    try {
      expect((await t.admin.put('/api/v1/settings/security', { requireTwoFactor: true })).status).toBe(200);
      const res = await agent.http.get('/api/v1/tickets');
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('auth/two_factor_required');
    } finally {
      expect((await t.admin.put('/api/v1/settings/security', { requireTwoFactor: false })).status).toBe(200);
    }
    expect((await agent.http.get('/api/v1/tickets')).status).toBe(200);
  });

  it('a session deleted by any code path, even plain SQL, ends on the next request', async () => {
    const agent = await t.agent({ departmentIds: [support] });
    expect((await agent.http.get('/api/v1/auth/session')).status).toBe(200);
    await t.app.orm.em.getConnection().execute(`delete from session where agent_id = ${agent.id}`);
    expect((await agent.http.get('/api/v1/auth/session')).status).toBe(401);
  });

  it('a department deleted takes its memberships with it on the next request', async () => {
    const temporary = await t.department('Temporary');
    const agent = await t.agent({ departmentIds: [support, temporary] });
    expect((await agent.http.get('/api/v1/auth/session')).body.agent.departmentIds).toEqual([support, temporary].sort((x, y) => x - y));
    // Taken by the database's own cascade: no statement names the membership.
    await t.app.orm.em.getConnection().execute(`delete from department where id = ${temporary}`);
    expect((await agent.http.get('/api/v1/auth/session')).body.agent.departmentIds).toEqual([support]);
  });

  it('a kept session still ends when it expires', async () => {
    const http: HttpClient = t.client();
    const agent = await t.agent({ departmentIds: [support] });
    expect((await http.signIn(agent.email, PASSWORD)).status).toBe(200);
    expect((await http.get('/api/v1/auth/session')).status).toBe(200);
    clock.advance(t.app.context.config.sessionTtlMs + 1000);
    try {
      expect((await http.get('/api/v1/auth/session')).status).toBe(401);
    } finally {
      clock.advance(-(t.app.context.config.sessionTtlMs + 1000));
    }
  });
});

const redisUrl = process.env.REDIS_URL_FOR_TESTS ?? null;

describe.skipIf(!postgresServerUrl || !redisUrl)('kept credentials across instances [postgresql + redis]', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    const env = { REDIS_URL: redisUrl!, REDIS_KEY_PREFIX: `parley-credentials-${process.pid}-${Date.now()}` };
    a = await createTestApp({ db: 'postgresql', env });
    b = await createTestApp({ db: 'postgresql', env, sameDatabaseAs: a });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  /** The status of `request` once instance B has heard (within a second; the message takes about a millisecond). */
  async function statusOnceHeard(request: () => Promise<{ status: number }>, expected: number): Promise<number> {
    const until = Date.now() + 1000;
    let status = (await request()).status;
    while (status !== expected && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      status = (await request()).status;
    }
    return status;
  }

  it('a change on instance A is heard by instance B: its kept credentials are checked again', async () => {
    const support = await a.department('Support');
    const boss = await a.agent({ role: 'administrator', departmentIds: [support] });
    const onB = b.client();
    expect((await onB.signIn(boss.email, PASSWORD)).status).toBe(200);
    // Kept on B: a second request reads no credential there.
    expect((await onB.get('/api/v1/settings/security')).status).toBe(200);
    const counter = await countStatements(b.app.orm);
    try {
      expect((await onB.get('/api/v1/settings/security')).status).toBe(200);
      expect(credentialReads(counter.statements)).toEqual([]);
    } finally {
      counter.stop();
    }
    expect((await a.admin.patch(`/api/v1/agents/${boss.id}`, { role: 'agent' })).status).toBe(200);
    expect(await statusOnceHeard(() => onB.get('/api/v1/settings/security'), 403)).toBe(403);
    expect((await a.admin.patch(`/api/v1/agents/${boss.id}`, { active: false })).status).toBe(200);
    expect(await statusOnceHeard(() => onB.get('/api/v1/auth/session'), 401)).toBe(401);
  });
});
