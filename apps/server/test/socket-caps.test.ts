import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, describeEachDatabase, postgresServerUrl, type TestApp } from './helpers/create-test-app.js';
import { connectAgent, connectVisitor, issueVisitor } from './helpers/sockets.js';

/** Audit finding: one visitor token opened 2,000 sockets. Sockets are now capped per visitor, address and agent session. */

type Closable = { close(): unknown };
const refusal = (attempt: Promise<unknown>) =>
  attempt.then(
    (socket) => {
      (socket as Closable).close();
      throw new Error('the socket was admitted');
    },
    (error: Error & { data?: any }) => error.data,
  );
const waitUntil = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 50; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not met in time');
};

describeEachDatabase('socket caps', (db) => {
  let t: TestApp;
  const open: Closable[] = [];
  const keep = <T extends Closable>(socket: T): T => {
    open.push(socket);
    return socket;
  };

  beforeAll(async () => {
    t = await createTestApp({ db, env: { VISITOR_SOCKETS_PER_ADDRESS: '14', AGENT_SOCKETS_PER_SESSION: '3' } });
  });
  afterEach(() => {
    for (const socket of open.splice(0)) socket.close();
  });
  afterAll(() => t?.close());

  it('admits 10 sockets per visitor token and refuses the 11th with realtime/too_many_connections, until one closes', async () => {
    const { token } = await issueVisitor(t.baseUrl);
    const sockets = await Promise.all(Array.from({ length: 10 }, () => connectVisitor(t.baseUrl, token).then(keep)));
    const refused = await refusal(connectVisitor(t.baseUrl, token));
    expect(refused).toMatchObject({ code: 'realtime/too_many_connections', details: { limit: 'visitor', max: 10 } });
    // Another visitor from the same address is not affected by this one's cap.
    keep(await connectVisitor(t.baseUrl, (await issueVisitor(t.baseUrl)).token));
    sockets[0]!.close();
    await waitUntil(() =>
      connectVisitor(t.baseUrl, token).then(
        (s) => {
          keep(s);
          return true;
        },
        () => false,
      ),
    );
  });

  it('refuses a flood of sockets opened at once beyond the cap, admitting exactly the cap', async () => {
    const { token } = await issueVisitor(t.baseUrl);
    // From an address of its own, so the address cap (14 here) stays out of the way.
    const results = await Promise.allSettled(Array.from({ length: 40 }, () => connectVisitor(t.baseUrl, token, { headers: { 'x-forwarded-for': '198.51.100.30' } })));
    for (const r of results) if (r.status === 'fulfilled') keep(r.value);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    for (const r of results) if (r.status === 'rejected') expect(r.reason.data.code).toBe('realtime/too_many_connections');
  });

  it('caps sockets per client address (VISITOR_SOCKETS_PER_ADDRESS), the address as TRUST_PROXY resolves it', async () => {
    const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });
    const visitors = await Promise.all(Array.from({ length: 15 }, () => issueVisitor(t.baseUrl)));
    for (const v of visitors.slice(0, 14)) keep(await connectVisitor(t.baseUrl, v.token, from('198.51.100.20')));
    const refused = await refusal(connectVisitor(t.baseUrl, visitors[14]!.token, from('198.51.100.20')));
    expect(refused).toMatchObject({ code: 'realtime/too_many_connections', details: { limit: 'address', max: 14 } });
    keep(await connectVisitor(t.baseUrl, visitors[14]!.token, from('198.51.100.21')));
  });

  it('caps an agent session\'s sockets (AGENT_SOCKETS_PER_SESSION)', async () => {
    for (let i = 0; i < 3; i++) keep(await connectAgent(t.baseUrl, { http: t.admin }));
    const refused = await refusal(connectAgent(t.baseUrl, { http: t.admin }));
    expect(refused).toMatchObject({ code: 'realtime/too_many_connections', details: { limit: 'session', max: 3 } });
  });
});

const redisUrl = process.env.REDIS_URL_FOR_TESTS ?? null;

describe.skipIf(!postgresServerUrl || !redisUrl)('socket caps across instances [postgresql + redis]', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    const env = {
      REDIS_URL: redisUrl!,
      REDIS_KEY_PREFIX: `parley-test-socket-caps-${process.pid}-${Date.now()}`,
      VISITOR_TOKEN_SECRET: 'the installation-wide secret, thirty-two characters or more',
      VISITOR_SOCKETS_PER_VISITOR: '4',
    };
    a = await createTestApp({ db: 'postgresql', env });
    b = await createTestApp({ db: 'postgresql', env, sameDatabaseAs: a });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('counts a visitor\'s sockets on every instance together, and frees a place when one closes', async () => {
    const { token } = await issueVisitor(a.baseUrl);
    const sockets = [
      await connectVisitor(a.baseUrl, token),
      await connectVisitor(b.baseUrl, token),
      await connectVisitor(a.baseUrl, token),
      await connectVisitor(b.baseUrl, token),
    ];
    try {
      expect(await refusal(connectVisitor(a.baseUrl, token))).toMatchObject({ code: 'realtime/too_many_connections', details: { limit: 'visitor' } });
      expect(await refusal(connectVisitor(b.baseUrl, token))).toMatchObject({ code: 'realtime/too_many_connections' });
      sockets.shift()!.close();
      await waitUntil(() =>
        connectVisitor(b.baseUrl, token).then(
          (s) => {
            sockets.push(s);
            return true;
          },
          () => false,
        ),
      );
    } finally {
      for (const s of sockets) s.close();
    }
  });
});
