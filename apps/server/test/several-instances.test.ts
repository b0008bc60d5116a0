import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, postgresServerUrl, type TestApp } from './helpers/create-test-app.js';
import { connectAgent, recordEvents } from './helpers/sockets.js';

const redisUrl = process.env.REDIS_URL_FOR_TESTS ?? null;

/** Two server instances on one PostgreSQL and one Redis, as operators scale Parley. */
describe.skipIf(!postgresServerUrl || !redisUrl)('several instances [postgresql + redis]', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    const prefix = `parley-test-${process.pid}-${Date.now()}`;
    a = await createTestApp({ db: 'postgresql', env: { REDIS_URL: redisUrl!, REDIS_KEY_PREFIX: prefix } });
    b = await createTestApp({ db: 'postgresql', env: { REDIS_URL: redisUrl!, REDIS_KEY_PREFIX: prefix }, sameDatabaseAs: a });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('pushes a change made through one instance to an agent connected to the other', async () => {
    const support = await a.department('Support');
    const agent = await a.agent({ departmentIds: [support] });
    const httpB = b.client();
    expect((await httpB.signIn(agent.email, 'agent password 123')).status).toBe(200);
    const socket = await connectAgent(b.baseUrl, { http: httpB });
    const events = recordEvents(socket);
    try {
      const created = await a.admin.post('/api/v1/tickets', { subject: 'Across', message: 'x', contact: { email: 'across@example.com' }, departmentId: support });
      const pushed = await events.waitFor('ticket:created', (p) => p.id === created.body.ticket.id);
      expect(pushed.subject).toBe('Across');
    } finally {
      socket.close();
    }
  });
});
