import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, describeEachDatabase, MutableClock, type TestApp } from './helpers/create-test-app.js';

describeEachDatabase('tickets over REST', (db) => {
  let t: TestApp;
  let support: number;
  let billing: number;
  const clock = new MutableClock(new Date('2026-03-01T09:00:00Z'));

  beforeAll(async () => {
    t = await createTestApp({ db, clock });
    support = await t.department('Support');
    billing = await t.department('Billing');
  });
  afterAll(() => t?.close());

  const newTicket = async (overrides: Record<string, unknown> = {}) => {
    const res = await t.admin.post('/api/v1/tickets', {
      subject: 'Printer on fire',
      message: 'It is on fire. Please help.',
      contact: { email: 'Customer@Example.com', name: 'Carla Customer' },
      departmentId: support,
      ...overrides,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };

  it('creates a customer ticket as New with its first message and finds or creates the contact', async () => {
    const detail = await newTicket();
    expect(detail.ticket).toMatchObject({
      subject: 'Printer on fire',
      status: 'new',
      channel: 'api',
      internal: false,
      departmentId: support,
      assignedAgentId: null,
      priority: 'normal',
      contact: { email: 'customer@example.com', name: 'Carla Customer' },
      waitingSince: '2026-03-01T09:00:00.000Z',
    });
    expect(detail.ticket.number).toBe(String(detail.ticket.id));
    expect(detail.thread.map((i: { kind: string }) => i.kind)).toEqual(['customer_message']);
    const again = await newTicket({ subject: 'Second question' });
    expect(again.ticket.contact.id).toBe(detail.ticket.contact.id);
  });

  it('runs the whole status life: reply answers, customer reopens, resolve, reopen, postpone', async () => {
    const { ticket } = await newTicket();
    const path = `/api/v1/tickets/${ticket.id}`;
    clock.advance(60_000);
    const reply = await t.admin.post(`${path}/replies`, { body: 'We are on our way.' });
    expect(reply.status).toBe(201);
    expect(reply.body.kind).toBe('agent_reply');
    let current = (await t.admin.get(path)).body.ticket;
    expect(current).toMatchObject({ status: 'answered', waitingSince: null, firstAgentReplyAt: '2026-03-01T09:01:00.000Z' });

    clock.advance(60_000);
    expect((await t.admin.post(`${path}/customer-messages`, { body: 'Still burning' })).status).toBe(201);
    current = (await t.admin.get(path)).body.ticket;
    expect(current).toMatchObject({ status: 'open', waitingSince: '2026-03-01T09:02:00.000Z' });

    expect((await t.admin.post(`${path}/resolve`)).body.status).toBe('resolved');
    const refused = await t.admin.post(`${path}/resolve`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('ticket/invalid_transition');

    expect((await t.admin.post(`${path}/reopen`)).body.status).toBe('open');
    const until = new Date(clock.now().getTime() + 3600_000).toISOString();
    const postponed = await t.admin.post(`${path}/postpone`, { until });
    expect(postponed.body).toMatchObject({ status: 'postponed', postponedUntil: until });
    const past = await t.admin.post(`${path}/postpone`, { until: '2020-01-01T00:00:00Z' });
    expect(past.status).toBe(400);
    expect(past.body.error.code).toBe('ticket/postpone_in_past');

    // A customer message wakes a postponed ticket.
    await t.admin.post(`${path}/customer-messages`, { body: 'Any news?' });
    current = (await t.admin.get(path)).body;
    expect(current.ticket).toMatchObject({ status: 'open', postponedUntil: null });
    const statusEvents = current.thread
      .filter((i: { kind: string }) => i.kind === 'system_event')
      .map((i: { systemEvent: { type: string; to?: string } }) => `${i.systemEvent.type}:${i.systemEvent.to ?? ''}`);
    expect(statusEvents).toEqual([
      'status_changed:answered',
      'status_changed:open',
      'status_changed:resolved',
      'status_changed:open',
      'status_changed:postponed',
      'postponed:',
      'status_changed:open',
    ]);
  });

  it('keeps internal notes immutable: every edit and delete is refused and nothing changes', async () => {
    const { ticket } = await newTicket();
    const note = await t.admin.post(`/api/v1/tickets/${ticket.id}/internal-notes`, { body: 'Customer is a VIP.' });
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({ kind: 'internal_note', body: 'Customer is a VIP.' });
    const edit = await t.admin.patch(`/api/v1/tickets/${ticket.id}/thread/${note.body.id}`, { body: 'changed' });
    expect(edit.status).toBe(405);
    expect(edit.body.error.code).toBe('note/immutable');
    const del = await t.admin.delete(`/api/v1/tickets/${ticket.id}/thread/${note.body.id}`);
    expect(del.status).toBe(405);
    expect(del.body.error.code).toBe('note/immutable');
    const thread = (await t.admin.get(`/api/v1/tickets/${ticket.id}`)).body.thread;
    expect(thread.find((i: { id: number }) => i.id === note.body.id).body).toBe('Customer is a VIP.');
  });

  it('edits subject, priority, tags and CC, recording system events', async () => {
    const { ticket } = await newTicket();
    const path = `/api/v1/tickets/${ticket.id}`;
    expect((await t.admin.put(`${path}/subject`, { subject: '  Printer smoking  ' })).body.subject).toBe('Printer smoking');
    expect((await t.admin.put(`${path}/priority`, { priority: 'urgent' })).body.priority).toBe('urgent');
    expect((await t.admin.put(`${path}/tags`, { tags: ['Hardware', 'fire', 'hardware'] })).body.tags).toEqual(['hardware', 'fire']);
    expect((await t.admin.put(`${path}/cc`, { cc: ['Boss@Example.com'] })).body.cc).toEqual(['boss@example.com']);
    const events = (await t.admin.get(path)).body.thread
      .filter((i: { kind: string }) => i.kind === 'system_event')
      .map((i: { systemEvent: { type: string } }) => i.systemEvent.type);
    expect(events).toEqual(['subject_changed', 'priority_changed', 'tags_changed']);
    const tagged = await t.admin.get(`/api/v1/tickets?tag=fire&status=new,open,answered`);
    expect(tagged.body.items.map((x: { id: number }) => x.id)).toContain(ticket.id);
  });

  it('replies to all with editable recipients', async () => {
    const { ticket } = await newTicket({ cc: ['colleague@example.com'] });
    const res = await t.admin.post(`/api/v1/tickets/${ticket.id}/replies`, {
      body: 'Hello all',
      to: ['customer@example.com'],
      cc: ['colleague@example.com', 'another@example.com'],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ to: ['customer@example.com'], cc: ['colleague@example.com', 'another@example.com'] });
  });

  it('transfers with a note that becomes an internal note, keeping the history', async () => {
    const agent = await t.agent({ departmentIds: [billing] });
    const { ticket } = await newTicket();
    const res = await t.admin.post(`/api/v1/tickets/${ticket.id}/transfer`, {
      departmentId: billing,
      agentId: agent.id,
      note: 'Billing question in disguise.',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ departmentId: billing, assignedAgentId: agent.id });
    const thread = (await agent.http.get(`/api/v1/tickets/${ticket.id}`)).body.thread;
    const kinds = thread.map((i: { kind: string; systemEvent: { type: string } | null }) => i.systemEvent?.type ?? i.kind);
    expect(kinds.slice(-2)).toEqual(['transferred', 'internal_note']);
    expect(thread.at(-1).body).toBe('Billing question in disguise.');
    const same = await t.admin.post(`/api/v1/tickets/${ticket.id}/transfer`, { departmentId: billing, agentId: agent.id });
    expect(same.status).toBe(409);
    expect(same.body.error.code).toBe('ticket/transfer_no_change');
    const notMember = await t.admin.post(`/api/v1/tickets/${ticket.id}/transfer`, { departmentId: support, agentId: agent.id });
    expect(notMember.body.error.code).toBe('agent/not_in_department');
  });

  it('creates internal tickets that start New and are refused customer replies', async () => {
    const colleague = await t.agent({ departmentIds: [support] });
    const contact = (await newTicket()).ticket.contact;
    const res = await t.admin.post('/api/v1/internal-tickets', {
      subject: 'Call the customer back',
      message: 'They asked for a call on Monday.',
      agentId: colleague.id,
      aboutContactId: contact.id,
    });
    expect(res.status).toBe(201);
    expect(res.body.ticket).toMatchObject({ internal: true, channel: 'internal', status: 'new', assignedAgentId: colleague.id });
    expect(res.body.thread.at(-1).kind).toBe('internal_note');
    const reply = await t.admin.post(`/api/v1/tickets/${res.body.ticket.id}/replies`, { body: 'Hi' });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('ticket/internal_has_no_customer');
    const list = await colleague.http.get('/api/v1/tickets?internal=true');
    expect(list.body.items.map((x: { id: number }) => x.id)).toContain(res.body.ticket.id);
  });

  it('hides a department\'s tickets from agents outside it', async () => {
    const outsider = await t.agent({ departmentIds: [billing] });
    const { ticket } = await newTicket();
    const read = await outsider.http.get(`/api/v1/tickets/${ticket.id}`);
    expect(read.status).toBe(404);
    expect(read.body.error.code).toBe('ticket/not_found');
    const reply = await outsider.http.post(`/api/v1/tickets/${ticket.id}/replies`, { body: 'sneaky' });
    expect(reply.status).toBe(404);
    const list = await outsider.http.get(`/api/v1/tickets?departmentId=${support}`);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
  });

  it('lists with filters, sorting by waiting time and cursor pagination that visits every ticket once', async () => {
    const dept = await t.department('Paging');
    const ids: number[] = [];
    for (let i = 0; i < 7; i++) {
      clock.advance(1000);
      ids.push((await newTicket({ departmentId: dept, subject: `Paging ${i}` })).ticket.id);
    }
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: any } = await t.admin.get(`/api/v1/tickets?departmentId=${dept}&status=new&sort=-waiting&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((x: { id: number }) => x.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids);
    const newest = await t.admin.get(`/api/v1/tickets?departmentId=${dept}&sort=-created&limit=2`);
    expect(newest.body.items.map((x: { id: number }) => x.id)).toEqual([ids[6], ids[5]]);
    const search = await t.admin.get(`/api/v1/tickets?q=paging%203`);
    expect(search.body.items.map((x: { id: number }) => x.id)).toEqual([ids[3]]);
    const bad = await t.admin.get(`/api/v1/tickets?cursor=nonsense`);
    expect(bad.status).toBe(400);
  });

  it('de-duplicates retried writes by client id', async () => {
    const first = await t.admin.post('/api/v1/tickets', {
      subject: 'Retry me', message: 'once', contact: { email: 'retry@example.com' }, clientId: 'client-ticket-0001',
    });
    const second = await t.admin.post('/api/v1/tickets', {
      subject: 'Retry me', message: 'once', contact: { email: 'retry@example.com' }, clientId: 'client-ticket-0001',
    });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.ticket.id).toBe(first.body.ticket.id);
    // Two identical retries racing each other still make one ticket.
    const racing = await Promise.all(
      Array.from({ length: 4 }, () =>
        t.admin.post('/api/v1/tickets', { subject: 'Race me', message: 'once', contact: { email: 'race@example.com' }, clientId: 'client-ticket-0002' }),
      ),
    );
    expect(new Set(racing.map((r) => r.body.ticket.id)).size).toBe(1);
    expect(racing.map((r) => r.status).sort()).toEqual([200, 200, 200, 201]);
    const path = `/api/v1/tickets/${first.body.ticket.id}/replies`;
    const [a, b] = await Promise.all([
      t.admin.post(path, { body: 'hi', clientId: 'reply-000001' }),
      t.admin.post(path, { body: 'hi', clientId: 'reply-000001' }),
    ]);
    expect(a.body.id).toBe(b.body.id);
    const replies = (await t.admin.get(`/api/v1/tickets/${first.body.ticket.id}`)).body.thread.filter((i: { kind: string }) => i.kind === 'agent_reply');
    expect(replies).toHaveLength(1);
  });

  it('never loses a status change when customer messages arrive at the same moment', async () => {
    const { ticket } = await newTicket();
    await t.admin.post(`/api/v1/tickets/${ticket.id}/replies`, { body: 'answered' });
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => t.admin.post(`/api/v1/tickets/${ticket.id}/customer-messages`, { body: `message ${i}` })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(201));
    const detail = (await t.admin.get(`/api/v1/tickets/${ticket.id}`)).body;
    expect(detail.ticket.status).toBe('open');
    expect(detail.thread.filter((i: { kind: string }) => i.kind === 'customer_message')).toHaveLength(9);
    const toOpen = detail.thread.filter((i: { systemEvent: { type: string; to: string } | null }) => i.systemEvent?.type === 'status_changed' && i.systemEvent.to === 'open');
    expect(toOpen).toHaveLength(1);
  });

  it('assigns to an agent, to a department, or back to the department only', async () => {
    const agent = await t.agent({ departmentIds: [support] });
    const { ticket } = await newTicket();
    const path = `/api/v1/tickets/${ticket.id}/assign`;
    expect((await t.admin.post(path, { agentId: agent.id })).body).toMatchObject({ departmentId: support, assignedAgentId: agent.id });
    expect((await t.admin.post(path, { departmentId: billing, agentId: null })).body).toMatchObject({ departmentId: billing, assignedAgentId: null });
    const nobody = await t.admin.post(path, { departmentId: null, agentId: null });
    expect(nobody.status).toBe(400);
    expect(nobody.body.error.code).toBe('ticket/needs_department_or_agent');
    const events = (await t.admin.get(`/api/v1/tickets/${ticket.id}`)).body.thread.filter((i: { systemEvent: { type: string } | null }) => i.systemEvent?.type === 'assigned');
    expect(events.map((e: { systemEvent: object }) => e.systemEvent)).toEqual([
      { type: 'assigned', fromAgentId: null, toAgentId: agent.id, fromDepartmentId: support, toDepartmentId: support },
      { type: 'assigned', fromAgentId: agent.id, toAgentId: null, fromDepartmentId: support, toDepartmentId: billing },
    ]);
  });

  it('filters the list by channel, priority, agent, contact and internal flag', async () => {
    const dept = await t.department('Filters');
    const member = await t.agent({ departmentIds: [dept] });
    const web = (await newTicket({ departmentId: dept, channel: 'web_form', priority: 'high', contact: { email: 'filter-a@example.com' } })).ticket;
    const mail = (await newTicket({ departmentId: dept, channel: 'email', agentId: member.id, contact: { email: 'filter-b@example.com' } })).ticket;
    const task = (await t.admin.post('/api/v1/internal-tickets', { subject: 'Task', message: 'x', departmentId: dept })).body.ticket;
    const ids = async (query: string) => (await t.admin.get(`/api/v1/tickets?departmentId=${dept}&${query}`)).body.items.map((x: { id: number }) => x.id).sort();
    expect(await ids('channel=web_form')).toEqual([web.id]);
    expect(await ids('priority=high')).toEqual([web.id]);
    expect(await ids(`agentId=${member.id}`)).toEqual([mail.id]);
    expect((await member.http.get(`/api/v1/tickets?agentId=me`)).body.items.map((x: { id: number }) => x.id)).toEqual([mail.id]);
    expect(await ids('agentId=none')).toEqual([web.id, task.id].sort());
    expect(await ids(`contactId=${web.contact.id}`)).toEqual([web.id]);
    expect(await ids('internal=true')).toEqual([task.id]);
    expect(await ids('internal=false')).toEqual([web.id, mail.id].sort());
    expect(await ids('channel=email,web_form&sort=-created')).toEqual([web.id, mail.id].sort());
  });
});
