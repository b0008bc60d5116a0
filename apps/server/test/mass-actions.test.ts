import { MASS_ACTION_CHUNK_SIZE } from '@parley/domain';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, describeEachDatabase, type TestApp } from './helpers/create-test-app.js';
import { connectAgent, recordEvents } from './helpers/sockets.js';

describeEachDatabase('mass actions', (db) => {
  let t: TestApp;
  let support: number;
  let billing: number;
  const supportTickets: number[] = [];
  let billingTicket: number;

  beforeAll(async () => {
    t = await createTestApp({ db });
    support = await t.department('Support');
    billing = await t.department('Billing');
    for (let i = 0; i < 230; i++) {
      const created = await t.admin.post('/api/v1/tickets', { subject: `Bulk ${i}`, message: `Message ${i}`, channel: 'email', contact: { email: `bulk${i % 7}@example.bg` }, departmentId: support });
      supportTickets.push(created.body.ticket.id);
    }
    billingTicket = (await t.admin.post('/api/v1/tickets', { subject: 'Billing only', message: 'x', channel: 'email', contact: { email: 'b@example.bg' }, departmentId: billing })).body.ticket.id;
  }, 120_000);
  afterAll(() => t?.close());

  it('selects all matching tickets the agent may see, and resolves them chunk by chunk with refusals counted per reason', async () => {
    const agent = await t.agent({ departmentIds: [support] });
    const watcher = await connectAgent(t.baseUrl, { http: t.admin });
    const heard = recordEvents(watcher);
    try {
      const matching = (await agent.http.get('/api/v1/tickets/ids?departmentId=' + support)).body;
      expect(matching.total).toBe(230);
      expect(matching.truncated).toBe(false);
      expect(matching.ids).toHaveLength(230);
      expect(matching.ids).not.toContain(billingTicket);
      const everything = (await agent.http.get('/api/v1/tickets/ids')).body;
      expect(everything.ids).not.toContain(billingTicket);

      await t.admin.post(`/api/v1/tickets/${supportTickets[0]}/resolve`, {});
      const chunks = [matching.ids.slice(0, MASS_ACTION_CHUNK_SIZE), [...matching.ids.slice(MASS_ACTION_CHUNK_SIZE), billingTicket]];
      const summaries = [];
      for (const ticketIds of chunks) summaries.push((await agent.http.post('/api/v1/tickets/mass-action', { ticketIds, action: { type: 'resolve' } })).body);
      const changed = summaries.reduce((sum, s) => sum + s.changed, 0);
      const refused = summaries.flatMap((s) => s.refused);
      expect(changed).toBe(229);
      expect(refused).toEqual(
        expect.arrayContaining([
          { code: 'ticket/invalid_transition', count: 1, ticketIds: [supportTickets[0]] },
          { code: 'ticket/not_found', count: 1, ticketIds: [billingTicket] },
        ]),
      );
      expect((await t.admin.get(`/api/v1/tickets/count?departmentId=${support}&status=resolved`)).body.count).toBe(230);
      expect((await t.admin.get(`/api/v1/tickets/${billingTicket}`)).body.ticket.status).not.toBe('resolved');
      // Other consoles heard each change as it was made.
      await expect.poll(() => heard.events.filter((e) => e.name === 'ticket:updated').length, { timeout: 10_000 }).toBeGreaterThanOrEqual(229);
    } finally {
      watcher.disconnect();
    }
  });

  it('tags, prioritises and trashes in bulk, and refuses bad input whole', async () => {
    const ids = supportTickets.slice(0, 20);
    const tagged = (await t.admin.post('/api/v1/tickets/mass-action', { ticketIds: ids, action: { type: 'add_tags', tags: ['VIP', 'bulk'] } })).body;
    expect(tagged.changed).toBe(20);
    expect((await t.admin.get(`/api/v1/tickets/${ids[3]}`)).body.ticket.tags).toEqual(['vip', 'bulk']);
    await t.admin.post('/api/v1/tickets/mass-action', { ticketIds: ids, action: { type: 'remove_tags', tags: ['bulk'] } });
    expect((await t.admin.get(`/api/v1/tickets/${ids[3]}`)).body.ticket.tags).toEqual(['vip']);
    expect((await t.admin.post('/api/v1/tickets/mass-action', { ticketIds: ids, action: { type: 'priority', priority: 'urgent' } })).body.changed).toBe(20);
    expect((await t.admin.post('/api/v1/tickets/mass-action', { ticketIds: ids.slice(0, 5), action: { type: 'trash' } })).body.changed).toBe(5);
    expect((await t.admin.get('/api/v1/tickets/ids?folder=trash')).body.ids.sort()).toEqual(ids.slice(0, 5).sort());

    const tooMany = await t.admin.post('/api/v1/tickets/mass-action', { ticketIds: Array.from({ length: MASS_ACTION_CHUNK_SIZE + 1 }, (_, i) => i + 1), action: { type: 'resolve' } });
    expect(tooMany.status).toBe(400);
    const unknown = await t.admin.post('/api/v1/tickets/mass-action', { ticketIds: [ids[0]], action: { type: 'delete_everything' } });
    expect(unknown.status).toBe(400);
  });
});
