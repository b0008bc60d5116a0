import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Em } from '../src/db/orm.js';
import { sql } from '../src/db/sql.js';
import { createTestApp, describeEachDatabase, type TestApp } from './helpers/create-test-app.js';

/**
 * A ticket change's thread items are written by the row writer, not the unit of work: those nobody wrote
 * explicitly go in with the transaction's last flush, and an agent's reply is counted once, with the ticket's
 * dimensions as the change left them, in the same statement as the change's other statistics facts.
 */
describeEachDatabase('thread items of a ticket change', (db) => {
  let t: TestApp;
  let billing: number;
  let sales: number;

  beforeAll(async () => {
    t = await createTestApp({ db, env: { JOB_INTERVAL_MS: '0' } });
    billing = await t.department('Billing');
    sales = await t.department('Sales');
  });
  afterAll(() => t?.close());

  const rows = <R>(query: (q: ReturnType<typeof sql>) => Promise<R>) => query(sql(t.app.orm.em.fork() as Em));

  it('writes the system events of a change that writes nothing itself, each once, with the ids agents were told', async () => {
    const created = await t.admin.post('/api/v1/tickets', { subject: 'Moving', message: 'please move me', contact: { email: 'moving@example.com' }, departmentId: sales });
    const ticketId = Number(created.body.ticket.id);
    const before = (await t.admin.get(`/api/v1/tickets/${ticketId}`)).body.thread.length;
    const moved = await t.admin.post(`/api/v1/tickets/${ticketId}/transfer`, { departmentId: billing });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const thread = (await t.admin.get(`/api/v1/tickets/${ticketId}`)).body.thread as { id: number; kind: string; systemEvent: { type: string } | null }[];
    const added = thread.slice(before);
    expect(added.length).toBeGreaterThan(0);
    expect(added.every((item) => item.kind === 'system_event' && item.id > 0)).toBe(true);
    const stored = await rows((q) => q.db.selectFrom('thread_item').select('id').where('ticket_id', '=', ticketId).execute());
    expect(new Set(stored.map((r) => Number(r.id))).size).toBe(thread.length);
  });

  it('counts an agent’s reply once, in its ticket’s department as the change left it, beside the change’s own facts', async () => {
    const created = await t.admin.post('/api/v1/tickets', { subject: 'Counted', message: 'count my reply', contact: { email: 'counted@example.com' }, departmentId: billing });
    const ticketId = Number(created.body.ticket.id);
    const replies = () => rows((q) => q.db.selectFrom('statistics_fact').select(['department_id', 'agent_id']).where('kind', '=', 'reply').execute());
    const already = (await replies()).length;
    const reply = await t.admin.post(`/api/v1/tickets/${ticketId}/replies`, { body: 'Counted once.', clientId: 'counted-1' });
    expect(reply.status).toBe(201);
    // A retry with the same client id is answered with the stored reply and counted no more.
    expect((await t.admin.post(`/api/v1/tickets/${ticketId}/replies`, { body: 'Counted once.', clientId: 'counted-1' })).body).toEqual(reply.body);
    const counted = (await replies()).slice(already);
    expect(counted).toHaveLength(1);
    expect(Number(counted[0]!.department_id)).toBe(billing);
    expect(counted[0]!.agent_id).not.toBeNull();
    const firstResponses = await rows((q) => q.db.selectFrom('statistics_fact').select('id').where('kind', '=', 'first_response').where('department_id', '=', billing).execute());
    expect(firstResponses).toHaveLength(1);
  });
});
