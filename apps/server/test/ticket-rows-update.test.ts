import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Em } from '../src/db/orm.js';
import { Ticket } from '../src/modules/tickets/ticket.entity.js';
import { ticketRowWriter } from '../src/modules/tickets/ticket-rows.js';
import { createTestApp, describeEachDatabase, type TestApp } from './helpers/create-test-app.js';

/**
 * Several tickets' writes in one statement (TicketRows.updateTickets: `update … from (values …)`): every kind
 * of column a patch writes — text, integer, JSON, time, and null — lands on the right ticket, on both
 * databases; tickets writing other columns are written on their own; unchanged columns are left alone.
 */
describeEachDatabase('ticket rows updated together', (db) => {
  let t: TestApp;
  let support: number;
  let agentId: number;

  beforeAll(async () => {
    t = await createTestApp({ db });
    support = await t.department('Support');
    agentId = (await t.agent({ name: 'Una', departmentIds: [support] })).id;
  });
  afterAll(() => t?.close());

  async function newTicket(subject: string): Promise<number> {
    const res = await t.admin.post('/api/v1/tickets', { subject, message: 'Hello', departmentId: support, contact: { email: `${subject.replace(/\W/g, '')}@example.com` } });
    expect(res.status).toBe(201);
    return res.body.ticket.id as number;
  }

  const load = (ids: number[]) => (t.app.orm.em.fork() as Em).find(Ticket, { id: { $in: ids } }, { orderBy: { id: 'asc' } });

  const update = (changes: Parameters<ReturnType<typeof ticketRowWriter>['updateTickets']>[0]) =>
    (t.app.orm.em.fork() as Em).transactional((tx) => ticketRowWriter(tx as Em).updateTickets(changes));

  it('writes text, integers, JSON, times and nulls to the right tickets', async () => {
    const ids = [await newTicket('First'), await newTicket('Second'), await newTicket('Third')];
    const later = new Date(Date.now() + 3_600_000);
    // Both assigned in one statement, then both changed in the same columns again, one of them to null.
    await update((await load(ids.slice(0, 2))).map((ticket) => ({ ticket, patch: { assignedAgentId: agentId, updatedAt: later } })));
    expect((await load(ids.slice(0, 2))).map((ticket) => ticket.assignedAgentId)).toEqual([agentId, agentId]);
    const before = await load(ids);
    const patches = [
      { status: 'postponed' as const, postponedUntil: later, assignedAgentId: null, cc: ['a@example.com'], updatedAt: new Date(later.getTime() + 2) },
      { status: 'postponed' as const, postponedUntil: new Date(later.getTime() + 1000), assignedAgentId: null, cc: ['b@example.com', 'c@example.com'], updatedAt: new Date(later.getTime() + 1) },
      { priority: 'urgent' as const, updatedAt: new Date(later.getTime() + 3) },
    ];
    await update(before.map((ticket, i) => ({ ticket, patch: patches[i]! })));
    const [first, second, third] = await load(ids);
    expect(first).toMatchObject({ status: 'postponed', assignedAgentId: null, cc: ['a@example.com'], subject: 'First' });
    expect(first!.postponedUntil!.getTime()).toBe(later.getTime());
    expect(first!.statusChangedAt!.getTime()).toBe(later.getTime() + 2);
    expect(second).toMatchObject({ status: 'postponed', assignedAgentId: null, cc: ['b@example.com', 'c@example.com'], subject: 'Second' });
    expect(second!.postponedUntil!.getTime()).toBe(later.getTime() + 1000);
    expect(second!.updatedAt.getTime()).toBe(later.getTime() + 1);
    expect(third).toMatchObject({ status: before[2]!.status, priority: 'urgent', subject: 'Third' });
    expect(third!.updatedAt.getTime()).toBe(later.getTime() + 3);
    expect(third!.statusChangedAt!.getTime()).toBe(before[2]!.statusChangedAt!.getTime());
  });
});
