import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, describeEachDatabase, type TestApp } from './helpers/create-test-app.js';
import type { HttpClient } from './helpers/http-client.js';

describeEachDatabase('ticket counts and saved views', (db) => {
  let t: TestApp;
  let support: number;
  let billing: number;
  let supportAgent: { id: number; http: HttpClient };
  let billingAgent: { id: number; http: HttpClient };

  const newTicket = async (overrides: Record<string, unknown> = {}) => {
    const res = await t.admin.post('/api/v1/tickets', {
      subject: 'Printer on fire',
      message: 'It is on fire.',
      contact: { email: 'carla@example.com' },
      departmentId: support,
      ...overrides,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.ticket as { id: number };
  };
  const listed = async (http: HttpClient, query: string) => {
    const res = await http.get(`/api/v1/tickets?limit=100&${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return (res.body.items as { id: number }[]).map((i) => i.id).sort((a, b) => a - b);
  };
  const counted = async (http: HttpClient, query: string) => {
    const res = await http.get(`/api/v1/tickets/count?${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.count as number;
  };

  beforeAll(async () => {
    t = await createTestApp({ db });
    support = await t.department('Support');
    billing = await t.department('Billing');
    supportAgent = await t.agent({ departmentIds: [support] });
    billingAgent = await t.agent({ departmentIds: [billing] });
    await newTicket({ subject: 'Support one', priority: 'high', tags: ['vip'] });
    await newTicket({ subject: 'Support two' });
    const answered = await newTicket({ subject: 'Support answered' });
    await t.admin.post(`/api/v1/tickets/${answered.id}/replies`, { body: 'Done.' });
    await newTicket({ subject: 'Billing one', departmentId: billing, priority: 'high' });
    // In no department, assigned to the support agent: theirs to see, nobody else's (but administrators').
    await newTicket({ subject: 'Personal', departmentId: undefined, agentId: supportAgent.id });
  });
  afterAll(() => t?.close());

  it('counts exactly what the list shows, for every filter, within what the agent may see', async () => {
    const queries = ['', 'status=new', 'status=new,answered', `departmentId=${support}`, `departmentId=${billing}`, 'priority=high', 'tag=VIP', 'q=support', 'agentId=me', 'agentId=none', 'internal=false', 'channel=api'];
    for (const http of [t.admin, supportAgent.http, billingAgent.http]) {
      for (const query of queries) expect(await counted(http, query), query).toBe((await listed(http, query)).length);
    }
    expect(await counted(t.admin, '')).toBe(5);
    expect(await counted(supportAgent.http, '')).toBe(4);
    expect(await counted(supportAgent.http, 'priority=high')).toBe(1);
    expect(await counted(supportAgent.http, 'agentId=me')).toBe(1);
    // The billing agent learns nothing about support's tickets, not even how many there are.
    expect(await counted(billingAgent.http, `departmentId=${support}`)).toBe(0);
    expect(await counted(billingAgent.http, '')).toBe(1);
  });

  it('refuses paging, ordering and unknown parameters on the count, and anonymous callers', async () => {
    for (const query of ['limit=5', 'sort=-created', 'cursor=abc', 'status=closed', 'color=red']) {
      const res = await supportAgent.http.get(`/api/v1/tickets/count?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe('request/invalid');
    }
    expect((await t.client().get('/api/v1/tickets/count')).status).toBe(401);
  });

  it('saves a view with its live count, the count of the list it opens', async () => {
    const created = await supportAgent.http.post('/api/v1/views', { name: '  New in support ', filters: { status: ['new'], departmentId: [support], sort: 'created' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ name: 'New in support', filters: { status: ['new'], departmentId: [support], sort: 'created' }, count: 2 });
    expect(created.body.count).toBe((await listed(supportAgent.http, `status=new&departmentId=${support}`)).length);

    await newTicket({ subject: 'Support three' });
    const list = await supportAgent.http.get('/api/v1/views');
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([expect.objectContaining({ id: created.body.id, count: 3 })]);

    // "me" is whoever looks: the view counts the support agent's own tickets.
    const mine = await supportAgent.http.post('/api/v1/views', { name: 'Mine', filters: { agentId: 'me' } });
    expect(mine.body.count).toBe(1);
    const renamed = await supportAgent.http.patch(`/api/v1/views/${mine.body.id}`, { name: 'All of support', filters: { departmentId: [support] } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'All of support', filters: { departmentId: [support] }, count: 4 });
    const order = (await supportAgent.http.get('/api/v1/views')).body.items.map((v: { id: number }) => v.id);
    expect(order).toEqual([created.body.id, mine.body.id]);

    expect((await supportAgent.http.delete(`/api/v1/views/${mine.body.id}`)).body).toEqual({ ok: true });
    expect((await supportAgent.http.delete(`/api/v1/views/${mine.body.id}`)).status).toBe(404);
    expect((await supportAgent.http.get('/api/v1/views')).body.items.map((v: { id: number }) => v.id)).toEqual([created.body.id]);
  });

  it('keeps views private: another agent neither lists, changes nor deletes them', async () => {
    const own = await supportAgent.http.post('/api/v1/views', { name: 'Private', filters: { priority: ['high'] } });
    expect(own.status).toBe(201);
    expect((await billingAgent.http.get('/api/v1/views')).body.items).toEqual([]);
    for (const res of [
      await billingAgent.http.patch(`/api/v1/views/${own.body.id}`, { name: 'Taken over' }),
      await billingAgent.http.delete(`/api/v1/views/${own.body.id}`),
      await t.admin.patch(`/api/v1/views/${own.body.id}`, { name: 'Taken over' }),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('resource/not_found');
    }
    const still = (await supportAgent.http.get('/api/v1/views')).body.items.find((v: { id: number }) => v.id === own.body.id);
    expect(still).toMatchObject({ name: 'Private', count: 1 });
    // The same filters count differently for whoever owns them: visibility applies to the owner.
    const billingsOwn = await billingAgent.http.post('/api/v1/views', { name: 'High', filters: { priority: ['high'] } });
    expect(billingsOwn.body.count).toBe(1);
    expect((await billingAgent.http.delete(`/api/v1/views/${billingsOwn.body.id}`)).status).toBe(200);
  });

  it('validates names and filters strictly', async () => {
    const bad = [
      {},
      { name: '', filters: {} },
      { name: 'x', filters: { status: ['closed'] } },
      { name: 'x', filters: { cursor: 'abc' } },
      { name: 'x', filters: { departmentId: ['1'] } },
      { name: 'x', filters: { agentId: 'everyone' } },
      { name: 'x', filters: { sort: 'random' } },
      { name: 'x', filters: {}, owner: 1 },
      { name: 'x'.repeat(101), filters: {} },
    ];
    for (const body of bad) {
      const res = await supportAgent.http.post('/api/v1/views', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('request/invalid');
    }
    expect((await supportAgent.http.patch('/api/v1/views/abc', { name: 'x' })).status).toBe(400);
    expect((await t.client().get('/api/v1/views')).status).toBe(401);
    const noCsrf = t.client();
    noCsrf.cookie = supportAgent.http.cookie;
    expect((await noCsrf.post('/api/v1/views', { name: 'x', filters: {} })).body.error.code).toBe('auth/csrf_failed');
  });

  it('keeps at most 50 views per agent, also when creations race', async () => {
    const agent = await t.agent({ departmentIds: [support] });
    for (let i = 0; i < 45; i++) {
      expect((await agent.http.post('/api/v1/views', { name: `View ${i}`, filters: {} })).status).toBe(201);
    }
    const racing = await Promise.all(Array.from({ length: 10 }, (_, i) => agent.http.post('/api/v1/views', { name: `Race ${i}`, filters: {} })));
    expect(racing.map((r) => r.status).sort()).toEqual([...Array(5).fill(201), ...Array(5).fill(409)]);
    const refused = await agent.http.post('/api/v1/views', { name: 'One too many', filters: {} });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('view/limit_reached');
    const list = (await agent.http.get('/api/v1/views')).body.items;
    expect(list).toHaveLength(50);
    // Another agent's limit is their own.
    expect((await billingAgent.http.post('/api/v1/views', { name: 'Mine', filters: {} })).status).toBe(201);
    expect((await agent.http.delete(`/api/v1/views/${list[0].id}`)).status).toBe(200);
    expect((await agent.http.post('/api/v1/views', { name: 'Room again', filters: {} })).status).toBe(201);
  });
});
