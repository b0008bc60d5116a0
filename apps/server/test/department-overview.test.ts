import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, describeEachDatabase, MutableClock, type TestApp } from './helpers/create-test-app.js';
import type { HttpClient } from './helpers/http-client.js';

const zero = { new: 0, open: 0, answered: 0, resolved: 0, postponed: 0 };

describeEachDatabase('departments overview', (db) => {
  let t: TestApp;
  let support: number;
  let billing: number;
  let empty: number;
  let supportAgent: { id: number; http: HttpClient };
  let billingAgent: { id: number; http: HttpClient };
  let leaver: { id: number; http: HttpClient };
  const clock = new MutableClock(new Date('2026-03-01T09:00:00Z'));

  const newTicket = async (overrides: Record<string, unknown> = {}) => {
    const res = await t.admin.post('/api/v1/tickets', { subject: 'Help', message: 'Please.', contact: { email: 'carla@example.com' }, departmentId: support, ...overrides });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.ticket as { id: number };
  };

  beforeAll(async () => {
    t = await createTestApp({ db, clock });
    support = await t.department('Support');
    billing = await t.department('Billing');
    empty = await t.department('Empty');
    supportAgent = await t.agent({ departmentIds: [support] });
    billingAgent = await t.agent({ departmentIds: [billing, support] });
    leaver = await t.agent({ departmentIds: [support] });
    expect((await t.admin.patch(`/api/v1/agents/${leaver.id}`, { active: false })).status).toBe(200);

    // Support: two new, one answered, one open, one resolved.
    await newTicket();
    await newTicket();
    const answered = await newTicket();
    await t.admin.post(`/api/v1/tickets/${answered.id}/replies`, { body: 'Answer.' });
    const open = await newTicket();
    await t.admin.post(`/api/v1/tickets/${open.id}/replies`, { body: 'Answer.' });
    await t.admin.post(`/api/v1/tickets/${open.id}/customer-messages`, { body: 'But…' });
    const resolved = await newTicket();
    await t.admin.post(`/api/v1/tickets/${resolved.id}/resolve`);
    // Billing: one new, one postponed.
    await newTicket({ departmentId: billing });
    const postponed = await newTicket({ departmentId: billing });
    await t.admin.post(`/api/v1/tickets/${postponed.id}/postpone`, { until: new Date(clock.now().getTime() + 86_400_000).toISOString() });
    // In no department: one assigned to the support agent, one to the billing agent.
    await newTicket({ departmentId: undefined, agentId: supportAgent.id });
    await newTicket({ departmentId: undefined, agentId: billingAgent.id });
  });
  afterAll(() => t?.close());

  const overviewOf = async (http: HttpClient) => {
    const res = await http.get('/api/v1/departments/overview');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as { items: { departmentId: number; counts: typeof zero; agentIds: number[] }[]; unassigned: typeof zero };
  };

  it('counts every department\'s tickets by status for an administrator, with the active members', async () => {
    const overview = await overviewOf(t.admin);
    expect(overview.items).toHaveLength(3);
    const byId = new Map(overview.items.map((i) => [i.departmentId, i]));
    expect(byId.get(support)).toEqual({ departmentId: support, counts: { ...zero, new: 2, answered: 1, open: 1, resolved: 1 }, agentIds: [supportAgent.id, billingAgent.id].sort((a, b) => a - b), sla: { atRisk: 0, breached: 0 } });
    expect(byId.get(billing)).toEqual({ departmentId: billing, counts: { ...zero, new: 1, postponed: 1 }, agentIds: [billingAgent.id], sla: { atRisk: 0, breached: 0 } });
    expect(byId.get(empty)).toEqual({ departmentId: empty, counts: zero, agentIds: [], sla: { atRisk: 0, breached: 0 } });
    expect(overview.unassigned).toEqual({ ...zero, new: 2 });
  });

  it('counts only the tickets the asking agent may see', async () => {
    const overview = await overviewOf(supportAgent.http);
    const byId = new Map(overview.items.map((i) => [i.departmentId, i]));
    // Every department is listed (with its members), but billing's tickets are not the support agent's to count.
    expect(byId.get(support)!.counts).toEqual({ ...zero, new: 2, answered: 1, open: 1, resolved: 1 });
    expect(byId.get(billing)!.counts).toEqual(zero);
    expect(byId.get(billing)!.agentIds).toEqual([billingAgent.id]);
    expect(overview.unassigned).toEqual({ ...zero, new: 1 });

    const other = await overviewOf(billingAgent.http);
    expect(new Map(other.items.map((i) => [i.departmentId, i.counts])).get(billing)).toEqual({ ...zero, new: 1, postponed: 1 });
    expect(other.unassigned).toEqual({ ...zero, new: 1 });
  });

  it('counts the open tickets whose service-level target is missed or due within the hour', async () => {
    await t.admin.post('/api/v1/sla-policies', { name: 'Quick', targets: { first_response: { minutes: 90, businessHours: false } }, conditions: { departmentIds: [empty] } });
    await t.admin.post('/api/v1/tickets', { subject: 'Late', message: 'x', contact: { email: 'late@example.com' }, departmentId: empty });
    clock.advance(40 * 60_000);
    const answeredInTime = (await t.admin.post('/api/v1/tickets', { subject: 'Answered', message: 'x', contact: { email: 'on-time@example.com' }, departmentId: empty })).body.ticket.id;
    await t.admin.post(`/api/v1/tickets/${answeredInTime}/replies`, { body: 'Here.' });
    await t.admin.post('/api/v1/tickets', { subject: 'Fresh', message: 'x', contact: { email: 'fresh@example.com' }, departmentId: empty });
    const slaOf = async () => new Map((await overviewOf(t.admin)).items.map((i) => [i.departmentId, (i as unknown as { sla: unknown }).sla])).get(empty);
    // Late is due in 50 minutes (at risk), Fresh in 90 (not yet), Answered's first response is met.
    expect(await slaOf()).toEqual({ atRisk: 1, breached: 0 });
    clock.advance(60 * 60_000);
    expect(await slaOf()).toEqual({ atRisk: 1, breached: 1 });
    expect(new Map((await overviewOf(billingAgent.http)).items.map((i) => [i.departmentId, (i as unknown as { sla: unknown }).sla])).get(empty)).toEqual({ atRisk: 0, breached: 0 });
  });

  it('refuses anonymous callers', async () => {
    const res = await t.client().get('/api/v1/departments/overview');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('auth/required');
  });
});
