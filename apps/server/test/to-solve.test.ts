import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, describeEachDatabase, MutableClock, type TestApp } from './helpers/create-test-app.js';

describeEachDatabase('"To solve"', (db) => {
  let t: TestApp;
  const clock = new MutableClock(new Date('2026-05-01T08:00:00Z'));

  beforeAll(async () => {
    t = await createTestApp({ db, clock });
  });
  afterAll(() => t?.close());

  const ticketIn = async (departmentId: number, subject: string) => {
    clock.advance(60_000);
    const res = await t.admin.post('/api/v1/tickets', { subject, message: 'help', contact: { email: `${subject.replace(/\W/g, '')}@example.com` }, departmentId });
    expect(res.status).toBe(201);
    return res.body.ticket.id as number;
  };

  it('claims the longest-waiting ticket of the agent\'s departments, skipping answered, postponed and others\' tickets', async () => {
    const dept = await t.department('Queue A');
    const other = await t.department('Queue B');
    const agent = await t.agent({ departmentIds: [dept] });
    const colleague = await t.agent({ departmentIds: [dept] });
    const oldest = await ticketIn(dept, 'oldest');
    const answered = await ticketIn(dept, 'answered');
    await t.admin.post(`/api/v1/tickets/${answered}/replies`, { body: 'done' });
    const postponed = await ticketIn(dept, 'postponed');
    await t.admin.post(`/api/v1/tickets/${postponed}/postpone`, { until: new Date(clock.now().getTime() + 86_400_000).toISOString() });
    const colleagues = await ticketIn(dept, 'colleagues');
    await t.admin.post(`/api/v1/tickets/${colleagues}/assign`, { agentId: colleague.id });
    await ticketIn(other, 'elsewhere');
    const newer = await ticketIn(dept, 'newer');

    const first = await agent.http.post('/api/v1/tickets/to-solve');
    expect(first.status).toBe(200);
    expect(first.body.ticket).toMatchObject({ id: oldest, assignedAgentId: agent.id });
    // The claim answers with the ticket alone; its thread records who took it.
    expect(first.body).not.toHaveProperty('thread');
    expect((await agent.http.get(`/api/v1/tickets/${oldest}`)).body.thread.at(-1).systemEvent).toMatchObject({ type: 'assigned', toAgentId: agent.id });
    // A ticket already mine still waits for me: pressing again returns it until I answer it.
    expect((await agent.http.post('/api/v1/tickets/to-solve')).body.ticket.id).toBe(oldest);
    await agent.http.post(`/api/v1/tickets/${oldest}/replies`, { body: 'on it' });
    expect((await agent.http.post('/api/v1/tickets/to-solve')).body.ticket.id).toBe(newer);
    await agent.http.post(`/api/v1/tickets/${newer}/resolve`);
    const none = await agent.http.post('/api/v1/tickets/to-solve');
    expect(none.status).toBe(404);
    expect(none.body.error.code).toBe('ticket/nothing_to_solve');
  });

  it('never gives one ticket to two agents pressing at the same moment', async () => {
    const dept = await t.department('Race');
    const agents = await Promise.all(Array.from({ length: 6 }, (_, i) => t.agent({ name: `Racer ${i}`, departmentIds: [dept] })));
    const tickets: number[] = [];
    for (let i = 0; i < 4; i++) tickets.push(await ticketIn(dept, `race ${i}`));
    const results = await Promise.all(agents.map((a) => a.http.post('/api/v1/tickets/to-solve')));
    const claimed = results.filter((r) => r.status === 200).map((r) => r.body.ticket.id);
    const refused = results.filter((r) => r.status === 404);
    expect(claimed).toHaveLength(4);
    expect(new Set(claimed).size).toBe(4);
    expect(claimed.sort()).toEqual([...tickets].sort());
    expect(refused).toHaveLength(2);
    // Each claimed ticket belongs to exactly the agent who got it.
    for (const [i, res] of results.entries()) {
      if (res.status !== 200) continue;
      const detail = await t.admin.get(`/api/v1/tickets/${res.body.ticket.id}`);
      expect(detail.body.ticket.assignedAgentId).toBe(agents[i]!.id);
      expect(detail.body.thread.filter((x: { systemEvent: { type: string } | null }) => x.systemEvent?.type === 'assigned')).toHaveLength(1);
    }
  });
});
